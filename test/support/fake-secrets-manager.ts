// A Secrets Manager stand-in on 127.0.0.1 speaking the JSON 1.1 protocol for GetSecretValue
// (and PutSecretValue, which replaces the served value), with scripted faults: throttling, 5xx,
// slow answers, unknown secret, and an outage (one fault for every request). The real SDK client
// talks to it through its endpoint setting.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export interface ReceivedCall {
  target: string | undefined;
  secretId: unknown;
  authorization: string | undefined;
  /** The x-amz-security-token header (a session token from temporary credentials). */
  securityToken: string | undefined;
  /** When the request arrived (performance.now(), ms). */
  at: number;
}

export interface FakeSecretsManager {
  readonly url: string;
  /** Every request received, in order. */
  readonly calls: ReceivedCall[];
  /** Requests held open by a `hang` fault so far. */
  hanging: number;
  /** The SecretString served from now on (undefined: a binary secret). */
  secretString: string | undefined;
  versionId: string;
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

const JSON_11 = 'application/x-amz-json-1.1';

const headerValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(',') : value;

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_11,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': `fake-${Math.random().toString(16).slice(2)}`,
  });
  res.end(text);
}

/** A raw answer with a fixed request ID, so a test can look for it in what is logged. */
export const RAW_REQUEST_ID = 'fake-raw-0f1e2d3c';

function sendRaw(res: ServerResponse, status: number, contentType: string, text: string): void {
  if (res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': RAW_REQUEST_ID,
  });
  res.end(text);
}

export const HTML_ERROR_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body>upstream connect error</body></html>';

export async function startFakeSecretsManager(
  options: { secretName?: string; secretString?: string } = {},
): Promise<FakeSecretsManager> {
  const name = options.secretName ?? 'zego/app';
  const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`;
  // As Secrets Manager: the name, the complete ARN, or the ARN without its 6-character suffix.
  const names = (id: unknown) => id === name || id === arn || id === arn.slice(0, -7);
  const faults: Fault[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const state: FakeSecretsManager = {
    url: '',
    calls: [],
    hanging: 0,
    secretString: options.secretString,
    versionId: 'b1c2d3e4-0000-4000-8000-000000000001',
    denied: new Set<string>(),
    quoting: new Set<string>(),
    puts: [],
    outage: undefined,
    inject: (...more) => {
      faults.push(...more);
    },
    reset: (secretString) => {
      faults.length = 0;
      state.calls.length = 0;
      state.hanging = 0;
      state.puts.length = 0;
      state.denied.clear();
      state.quoting.clear();
      state.outage = undefined;
      state.secretString = secretString;
    },
    close: async () => undefined,
  };

  const answer = (res: ServerResponse, secretId: unknown) => {
    if (!names(secretId)) {
      send(res, 400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
      return;
    }
    const body: Record<string, unknown> = {
      ARN: arn,
      Name: name,
      VersionId: state.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1_795_000_000.123,
    };
    if (state.secretString === undefined) body.SecretBinary = 'AAECAw==';
    else body.SecretString = state.secretString;
    send(res, 200, body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      let secretId: unknown;
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        secretId = input.SecretId;
      } catch {
        secretId = undefined;
      }
      state.calls.push({
        target: typeof target === 'string' ? target : undefined,
        secretId,
        authorization: req.headers.authorization,
        securityToken: headerValue(req.headers['x-amz-security-token']),
        at: performance.now(),
      });
      const operation = typeof target === 'string' ? target.replace('secretsmanager.', '') : '';
      if (req.method === 'POST' && state.denied.has(operation)) {
        send(res, 400, {
          __type: 'AccessDeniedException',
          Message: `User: arn:aws:iam::123456789012:user/ops is not authorized to perform: secretsmanager:${operation} on resource: ${String(secretId)}`,
        });
        return;
      }
      if (req.method === 'POST' && state.quoting.has(operation)) {
        send(res, 400, {
          __type: 'ValidationException',
          message: `Invalid request: ${Buffer.concat(chunks).toString('utf8')}`,
        });
        return;
      }
      if (req.method === 'POST' && operation === 'PutSecretValue') {
        if (!names(secretId)) {
          send(res, 400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
          return;
        }
        state.secretString = String(input.SecretString);
        state.puts.push(state.secretString);
        state.versionId = String(input.ClientRequestToken ?? `v${state.puts.length}`);
        send(res, 200, {
          ARN: arn,
          Name: name,
          VersionId: state.versionId,
          VersionStages: ['AWSCURRENT'],
        });
        return;
      }
      if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
        send(res, 400, { __type: 'UnknownOperationException', message: 'unsupported' });
        return;
      }
      const fault = faults.shift() ?? state.outage;
      switch (fault?.kind) {
        case undefined:
          answer(res, secretId);
          return;
        case 'throttle':
          send(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
          return;
        case 'server-error':
          send(res, fault.status ?? 500, {
            __type: 'InternalServiceError',
            message: 'An error occurred on the server side.',
          });
          return;
        case 'not-found':
          send(res, 400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
          return;
        case 'hang':
          state.hanging += 1;
          return;
        case 'html-error':
          sendRaw(res, fault.status ?? 502, 'text/html', HTML_ERROR_PAGE);
          return;
        case 'truncated-json': {
          const whole = JSON.stringify({ ARN: arn, Name: name, SecretString: state.secretString });
          sendRaw(res, 200, JSON_11, whole.slice(0, -10));
          return;
        }
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            answer(res, secretId);
          }, fault.ms);
          timers.add(timer);
          return;
        }
      }
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return state;
}
