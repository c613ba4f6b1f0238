// The Secrets Manager stand-in of `npm run invoke` (functions/invoke/secrets-manager-stand-in.ts)
// with what tests need on top: PutSecretValue (which replaces the served value), operations
// denied as for missing IAM rights, every call recorded, and scripted faults (throttling, 5xx,
// slow or hung answers, unknown secret, HTML pages, cut-off JSON, an outage: one fault for every
// request), and errors that quote the request. The real SDK client talks to it through its
// endpoint setting.
import { randomBytes } from 'node:crypto';
import {
  type SecretsManagerCall,
  type StandInReply,
  startSecretsManagerStandIn,
} from '#invoke/secrets-manager-stand-in.ts';

export type Fault =
  | { kind: 'throttle' }
  | { kind: 'server-error'; status?: number }
  | { kind: 'not-found' }
  /** Answer correctly, but only after `ms`. */
  | { kind: 'slow'; ms: number }
  /** Accept the request and never answer (a hung connection). */
  | { kind: 'hang' }
  /** An HTML error page, as a proxy in the way would answer (default 502). */
  | { kind: 'html-error'; status?: number }
  /** 200 with a correct JSON body cut off inside the SecretString (its last 10 bytes missing). */
  | { kind: 'truncated-json' };

/** A request as the stand-in read it, and when it arrived (performance.now(), ms). */
export type ReceivedCall = SecretsManagerCall & { at: number };

export interface FakeSecretsManager {
  readonly url: string;
  /** Every request received, in order. */
  readonly calls: ReceivedCall[];
  /** Requests held open by a `hang` fault so far. */
  readonly hanging: number;
  /** The SecretString served from now on (undefined: a binary secret). */
  secretString: string | undefined;
  /** Operations (e.g. "PutSecretValue") answered AccessDeniedException, as for missing IAM rights. */
  denied: Set<string>;
  /** Operations answered with an error whose message quotes the request body (as some do). */
  quoting: Set<string>;
  /** SecretStrings received by PutSecretValue, in order. */
  readonly puts: string[];
  /** Faults for the next requests, one per request, in order. */
  inject(...faults: Fault[]): void;
  /** A fault for every GetSecretValue once the injected ones are used up (an outage). */
  outage: Fault | undefined;
  /** Forgets received calls and pending faults; serves `secretString` again. */
  reset(secretString?: string): void;
  close(): Promise<void>;
}

/** A raw answer with a fixed request ID, so a test can look for it in what is logged. */
export const RAW_REQUEST_ID = 'fake-raw-0f1e2d3c';

export const HTML_ERROR_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body>upstream connect error</body></html>';

const NOT_FOUND = {
  __type: 'ResourceNotFoundException',
  message: "Secrets Manager can't find the specified secret.",
};

export async function startFakeSecretsManager(
  options: { secretName?: string; secretString?: string } = {},
): Promise<FakeSecretsManager> {
  const name = options.secretName ?? 'zego/app';
  const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const calls: ReceivedCall[] = [];
  const puts: string[] = [];
  const denied = new Set<string>();
  const quoting = new Set<string>();
  let outage: Fault | undefined;
  let hanging = 0;

  // PutSecretValue, denied operations and scripted faults; everything else is the stand-in's.
  const intercept = (call: SecretsManagerCall, reply: StandInReply): boolean => {
    calls.push({ ...call, at: performance.now() });
    if (call.method === 'POST' && denied.has(call.operation)) {
      reply.json(400, {
        __type: 'AccessDeniedException',
        Message: `User: arn:aws:iam::123456789012:user/ops is not authorized to perform: secretsmanager:${call.operation} on resource: ${String(call.secretId)}`,
      });
      return true;
    }
    if (call.method === 'POST' && quoting.has(call.operation)) {
      reply.json(400, {
        __type: 'ValidationException',
        message: `Invalid request: ${call.body}`,
      });
      return true;
    }
    if (call.method === 'POST' && call.operation === 'PutSecretValue') {
      if (!standIn.answersFor(call.secretId)) {
        reply.json(400, NOT_FOUND);
        return true;
      }
      standIn.secretString = String(call.input.SecretString);
      puts.push(standIn.secretString);
      standIn.versionId = String(call.input.ClientRequestToken ?? `v${puts.length}`);
      reply.json(200, {
        ARN: arn,
        Name: name,
        VersionId: standIn.versionId,
        VersionStages: ['AWSCURRENT'],
      });
      return true;
    }
    if (call.method !== 'POST' || call.operation !== 'GetSecretValue') return false;
    const fault = faults.shift() ?? outage;
    switch (fault?.kind) {
      case undefined:
        return false;
      case 'throttle':
        reply.json(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
        return true;
      case 'server-error':
        reply.json(fault.status ?? 500, {
          __type: 'InternalServiceError',
          message: 'An error occurred on the server side.',
        });
        return true;
      case 'not-found':
        reply.json(400, NOT_FOUND);
        return true;
      case 'hang':
        hanging += 1;
        return true;
      case 'html-error':
        reply.raw(fault.status ?? 502, 'text/html', HTML_ERROR_PAGE, RAW_REQUEST_ID);
        return true;
      case 'truncated-json': {
        const whole = JSON.stringify({ ARN: arn, Name: name, SecretString: standIn.secretString });
        reply.raw(200, 'application/x-amz-json-1.1', whole.slice(0, -10), RAW_REQUEST_ID);
        return true;
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply.answer();
        }, fault.ms);
        timers.add(timer);
        return true;
      }
    }
  };

  const standIn = await startSecretsManagerStandIn({
    name,
    arn,
    secretString: options.secretString,
    intercept,
    requestId: () => `fake-${randomBytes(6).toString('hex')}`,
  });
  standIn.versionId = 'b1c2d3e4-0000-4000-8000-000000000001';

  return {
    url: standIn.url,
    calls,
    get hanging() {
      return hanging;
    },
    get secretString() {
      return standIn.secretString;
    },
    set secretString(value: string | undefined) {
      standIn.secretString = value;
    },
    denied,
    quoting,
    get outage() {
      return outage;
    },
    set outage(value: Fault | undefined) {
      outage = value;
    },
    puts,
    inject: (...more) => {
      faults.push(...more);
    },
    reset: (secretString) => {
      faults.length = 0;
      calls.length = 0;
      hanging = 0;
      puts.length = 0;
      denied.clear();
      quoting.clear();
      outage = undefined;
      standIn.secretString = secretString;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await standIn.close();
    },
  };
}
