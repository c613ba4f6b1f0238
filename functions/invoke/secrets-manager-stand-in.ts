// A Secrets Manager stand-in on 127.0.0.1: GetSecretValue over the service's JSON 1.1 protocol,
// so the function's real SDK client fetches the secret over HTTP as it does in Lambda (pointed
// here by AWS_ENDPOINT_URL_SECRETS_MANAGER). `npm run invoke` serves the ServerSecret with it; the
// tests add scripted faults and PutSecretValue through `intercept` (test/support/).
// The secret value is held in this process only and is never logged.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const JSON_11 = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';
const MAX_BODY_BYTES = 64 * 1024;

export interface SecretsManagerCall {
  /** The X-Amz-Target header ("secretsmanager.GetSecretValue"). */
  target: string | undefined;
  /** The operation named by the target ("GetSecretValue"); "" when there is none. */
  operation: string;
  method: string;
  /** The request target ("/"). */
  path: string;
  /** Header values by lower-case name (repeated headers joined with a comma). */
  headers: Record<string, string>;
  /** The JSON request body; {} when it is not a JSON object. */
  input: Record<string, unknown>;
  /** The request body as received. */
  body: string;
  secretId: unknown;
  authorization: string | undefined;
  /** The x-amz-security-token header (a session token from temporary credentials). */
  securityToken: string | undefined;
}

export interface StandInReply {
  json(status: number, body: unknown): void;
  raw(status: number, contentType: string, text: string, requestId?: string): void;
  /** The stand-in's own answer to the call (the secret, or the service's error). */
  answer(): void;
}

export interface SecretsManagerStandInOptions {
  /** The secret's name and ARN: GetSecretValue answers for either. */
  name: string;
  arn: string;
  /** The SecretString served (undefined: a binary secret). */
  secretString?: string;
  /** Sees every call first; returns true when it answers it (now or later) itself. */
  intercept?: (call: SecretsManagerCall, reply: StandInReply) => boolean;
  /** The x-amzn-RequestId of each answer (default: a UUID, as Secrets Manager's). */
  requestId?: () => string;
}

export interface SecretsManagerStandIn {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly name: string;
  readonly arn: string;
  /** The SecretString served from now on (undefined: a binary secret). */
  secretString: string | undefined;
  versionId: string;
  /** As Secrets Manager: the name, the complete ARN, or the ARN without its 6-character suffix. */
  answersFor(secretId: unknown): boolean;
  close(): Promise<void>;
}

/** The ARN Secrets Manager gives a secret: its name and six random characters. */
export function secretArn(region: string, accountId: string, name: string): string {
  const suffix = randomUUID().replaceAll('-', '').slice(0, 6);
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

const header = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(',') : value;

function reply(res: ServerResponse, newId: () => string): Omit<StandInReply, 'answer'> {
  const raw = (status: number, contentType: string, text: string, requestId = newId()) => {
    if (res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': requestId,
    });
    res.end(text);
  };
  return { raw, json: (status, body) => raw(status, JSON_11, JSON.stringify(body)) };
}

function parseCall(req: IncomingMessage, raw: Buffer): SecretsManagerCall {
  const body = raw.toString('utf8');
  let input: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      input = parsed as Record<string, unknown>;
    }
  } catch {
    input = {};
  }
  const target = header(req.headers['x-amz-target']);
  return {
    target,
    operation: target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '',
    method: req.method ?? '',
    path: req.url ?? '',
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, header(value) ?? '']),
    ),
    input,
    body,
    secretId: input.SecretId,
    authorization: header(req.headers.authorization),
    securityToken: header(req.headers['x-amz-security-token']),
  };
}

export async function startSecretsManagerStandIn(
  options: SecretsManagerStandInOptions,
): Promise<SecretsManagerStandIn> {
  const state: SecretsManagerStandIn = {
    url: '',
    name: options.name,
    arn: options.arn,
    secretString: options.secretString,
    versionId: randomUUID(),
    answersFor: (id) => id === state.name || id === state.arn || id === state.arn.slice(0, -7),
    close: async () => undefined,
  };

  const answer = (call: SecretsManagerCall, out: Omit<StandInReply, 'answer'>) => {
    if (call.method !== 'POST' || call.operation !== 'GetSecretValue') {
      out.json(400, { __type: 'UnknownOperationException', message: 'unsupported' });
      return;
    }
    if (!state.answersFor(call.secretId)) {
      out.json(400, {
        __type: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
      });
      return;
    }
    out.json(200, {
      ARN: state.arn,
      Name: state.name,
      VersionId: state.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: Math.floor(Date.now() / 1000),
      ...(state.secretString === undefined
        ? { SecretBinary: 'AAECAw==' }
        : { SecretString: state.secretString }),
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const out = reply(res, options.requestId ?? randomUUID);
      if (size > MAX_BODY_BYTES) {
        out.json(413, { __type: 'ValidationException', message: 'request too large' });
        return;
      }
      const call = parseCall(req, Buffer.concat(chunks));
      const full: StandInReply = { ...out, answer: () => answer(call, out) };
      if (options.intercept?.(call, full) === true) return;
      full.answer();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return state;
}
