// `npm run invoke -- event [options]`: an API Gateway event as the deployed API passes it to the
// function after its authorizer, for a signed-in Cognito user of the stack's own app client
// unless told otherwise. The shapes and claim encodings are api-gateway-events.ts's.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type ParsedArgs, parseToolArgs } from '#commons/argv.ts';
import {
  type ApiKind,
  cognitoTokenClaims,
  encodeClaims,
  type GatewayRequest,
  httpApiEvent,
  restProxyEvent,
} from './api-gateway-events.ts';
import { keyValue, UsageError } from './args.ts';
import {
  DEFAULT_STAGE,
  LOCAL_ACCOUNT_ID,
  LOCAL_API_ID,
  LOCAL_APP_CLIENT_ID,
  localIssuer,
  localRegion,
} from './local-aws.ts';

/** The default caller: a fixed Cognito `sub` (ZEGO userId 7d3f5a2c9e1b4c8da6f02b4e8c1d5f93). */
export const DEFAULT_SUB = '7d3f5a2c-9e1b-4c8d-a6f0-2b4e8c1d5f93';
export const DEFAULT_USERNAME = 'local-user';

export interface EventSpec {
  api?: ApiKind;
  sub?: string;
  username?: string;
  groups?: readonly string[];
  clientId?: string;
  tokenUse?: 'id' | 'access';
  email?: string;
  /** Claims added or replaced after encoding (strings, as API Gateway passes them); "" removes. */
  claims?: Readonly<Record<string, string>>;
  /** false: no authorizer claims at all (what no identity looks like to the function). */
  signedIn?: boolean;
  body?: string | null;
  /** Added or replacing (by name, any case) the defaults. */
  headers?: ReadonlyArray<readonly [string, string]>;
  method?: string;
  /** Default: now. */
  time?: Date;
  region?: string;
}

export type ApiGatewayEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2WithJWTAuthorizer;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Cognito group names and usernames: 1-128 letters, marks, symbols, numbers, punctuation. */
const GROUP = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
/** Cognito: app client IDs are 1-128 word characters or "+". */
const CLIENT_ID = /^[\w+]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const METHOD = /^[A-Za-z]{1,16}$/;
const CLAIM_NAME = /^[\x21-\x7e]{1,128}$/;

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Builds the event; throws UsageError for a spec the deployed API could not produce. */
export function buildEvent(spec: EventSpec = {}): ApiGatewayEvent {
  const api = spec.api ?? 'rest';
  const region = spec.region ?? localRegion();
  const time = spec.time ?? new Date();
  const epoch = Math.floor(time.getTime() / 1000);
  const tokenUse = spec.tokenUse ?? 'id';
  if (spec.sub !== undefined && !UUID.test(spec.sub)) {
    throw new UsageError(
      '--sub must be a UUID, as Cognito issues them (use --claim sub=… for any value)',
    );
  }
  for (const group of spec.groups ?? []) {
    if (!GROUP.test(group))
      throw new UsageError('--groups: a Cognito group name is 1-128 characters without spaces');
  }
  if (spec.username !== undefined && !GROUP.test(spec.username)) {
    throw new UsageError('--username: a Cognito username is 1-128 characters without spaces');
  }
  if (spec.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(spec.email)) {
    throw new UsageError('--email must look like name@example.com');
  }
  if (spec.clientId !== undefined && !CLIENT_ID.test(spec.clientId)) {
    throw new UsageError('--client-id: a Cognito app client ID is 1-128 letters, digits, _ or +');
  }
  if (spec.email !== undefined && tokenUse === 'access') {
    throw new UsageError(
      '--email: Cognito access tokens carry no email claim (use --token-use id)',
    );
  }
  const claims = cognitoTokenClaims({
    sub: spec.sub ?? DEFAULT_SUB,
    username: spec.username ?? DEFAULT_USERNAME,
    groups: spec.groups ?? [],
    tokenUse,
    clientId: spec.clientId ?? LOCAL_APP_CLIENT_ID,
    issuer: localIssuer(region),
    ...(spec.email === undefined ? {} : { email: spec.email }),
    authTime: epoch,
    ids: { originJti: randomUUID(), eventId: randomUUID(), jti: randomUUID() },
  });
  const encoded = new Map(Object.entries(encodeClaims(claims, api)));
  for (const [name, value] of Object.entries(spec.claims ?? {})) {
    if (value === '') encoded.delete(name);
    else encoded.set(name, value);
  }
  const signedIn = spec.signedIn !== false;
  const body = spec.body ?? null;
  const method = (spec.method ?? 'POST').toUpperCase();
  const domainName = `${LOCAL_API_ID}.execute-api.${region}.amazonaws.com`;
  const defaults: [string, string][] = [
    ['Accept', 'application/json'],
    ...(signedIn
      ? [
          [
            'Authorization',
            `Bearer ${base64url({ kid: 'local', alg: 'RS256' })}.${base64url(claims)}.not-signed`,
          ] as [string, string],
        ]
      : []),
    ...(body === null ? [] : [['Content-Type', 'application/json'] as [string, string]]),
    ['Host', domainName],
    ['User-Agent', 'zego-token-invoke'],
    ['X-Amzn-Trace-Id', `Root=1-${epoch.toString(16)}-${randomBytes(12).toString('hex')}`],
    ['X-Forwarded-For', '203.0.113.10'],
    ['X-Forwarded-Port', '443'],
    ['X-Forwarded-Proto', 'https'],
  ];
  const given = new Set((spec.headers ?? []).map(([name]) => name.toLowerCase()));
  const request: GatewayRequest = {
    method,
    resource: '/token',
    stage: DEFAULT_STAGE,
    headers: [
      ...defaults.filter(([name]) => !given.has(name.toLowerCase())),
      ...(spec.headers ?? []),
    ],
    body,
    requestId: api === 'rest' ? randomUUID() : randomBytes(11).toString('base64'),
    extendedRequestId: randomBytes(9).toString('base64'),
    time,
    sourceIp: '203.0.113.10',
    domainName,
    apiId: LOCAL_API_ID,
    accountId: LOCAL_ACCOUNT_ID,
    protocol: 'HTTP/1.1',
    claims: signedIn ? Object.fromEntries(encoded) : null,
    scopes: signedIn && tokenUse === 'access' ? ['aws.cognito.signin.user.admin'] : null,
  };
  return api === 'rest' ? restProxyEvent(request) : httpApiEvent(request);
}

const EVENT_OPTIONS = {
  api: { type: 'string' },
  sub: { type: 'string' },
  username: { type: 'string' },
  groups: { type: 'string' },
  'client-id': { type: 'string' },
  'token-use': { type: 'string' },
  email: { type: 'string' },
  claim: { type: 'string', multiple: true },
  'no-claims': { type: 'boolean' },
  body: { type: 'string' },
  header: { type: 'string', multiple: true },
  method: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type EventValues = ParsedArgs<typeof EVENT_OPTIONS>['values'];

function readBody(text: string): string {
  const fromFile = text.startsWith('@');
  let body: string;
  if (fromFile) {
    try {
      body = readFileSync(text.slice(1), 'utf8');
    } catch (error) {
      throw new UsageError(
        `--body: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  } else body = text;
  try {
    JSON.parse(body);
  } catch {
    throw new UsageError(
      `--body: ${fromFile ? 'the file' : 'the value'} is not JSON (the deployed API only passes JSON bodies to the function; @FILE reads a file)`,
    );
  }
  return body;
}

/** The EventSpec of `invoke event`'s options. */
function eventSpecFromArgs(values: EventValues): EventSpec {
  const api = values.api ?? 'rest';
  if (api !== 'rest' && api !== 'http') throw new UsageError('--api must be rest or http');
  const tokenUse = values['token-use'] ?? 'id';
  if (tokenUse !== 'id' && tokenUse !== 'access')
    throw new UsageError('--token-use must be id or access');
  const { sub, username, groups, email, body, method } = values;
  const clientId = values['client-id'];
  if (method !== undefined && !METHOD.test(method))
    throw new UsageError('--method must be an HTTP method name such as POST');
  const claims = new Map<string, string>();
  for (const text of values.claim ?? []) {
    const [name, value] = keyValue(
      '--claim',
      text,
      CLAIM_NAME,
      'a claim name of visible ASCII characters; an empty value removes the claim',
    );
    claims.set(name, value);
  }
  const headers: [string, string][] = [];
  for (const text of values.header ?? []) {
    const at = text.indexOf(':');
    const name = at < 0 ? '' : text.slice(0, at).trim();
    if (!HEADER_NAME.test(name))
      throw new UsageError('--header takes "Name: value" with a valid header name');
    headers.push([name, text.slice(at + 1).trim()]);
  }
  const signedIn = values['no-claims'] !== true;
  const identityOptions = [
    'sub',
    'username',
    'groups',
    'client-id',
    'token-use',
    'email',
    'claim',
  ] as const;
  const conflicting = identityOptions.find((name) => values[name] !== undefined);
  if (!signedIn && conflicting !== undefined) {
    throw new UsageError(`--no-claims describes no caller: --${conflicting} cannot go with it`);
  }
  return {
    api,
    tokenUse,
    signedIn,
    claims: Object.fromEntries(claims),
    headers,
    ...(sub === undefined ? {} : { sub }),
    ...(username === undefined ? {} : { username }),
    ...(groups === undefined
      ? {}
      : {
          groups: groups
            .split(',')
            .map((g) => g.trim())
            .filter((g) => g !== ''),
        }),
    ...(clientId === undefined ? {} : { clientId }),
    ...(email === undefined ? {} : { email }),
    ...(body === undefined ? {} : { body: readBody(body) }),
    ...(method === undefined ? {} : { method }),
  };
}

/**
 * Parses `invoke event`'s arguments (after the word `event`, so positions in errors count it)
 * into an EventSpec.
 */
export function parseEventArgs(args: readonly string[]): { spec: EventSpec; help: boolean } {
  const { values } = parseToolArgs([...args], EVENT_OPTIONS, { offset: 1 });
  if (values.help === true) return { spec: {}, help: true };
  return { spec: eventSpecFromArgs(values), help: false };
}
