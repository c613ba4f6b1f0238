// API Gateway proxy events as the deployed API hands them to the function after its authorizer,
// written once for the local gateway (functions/local/lambda-proxy.ts), `npm run invoke -- event`
// and the tests: a REST API (v1 proxy) with a Cognito User Pools authorizer, or an HTTP API (v2)
// with a JWT authorizer. Claims are strings in both: the REST form writes arrays comma-separated
// (`cognito:groups` "a,b") and exp/iat as a date ("Fri Jul 29 18:52:53 UTC 2016"); the HTTP form
// writes arrays as "[a b]" and numbers as their digits.
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

export type ApiKind = 'rest' | 'http';

/** Claims as they are in the token (numbers, booleans, arrays). */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** What the client sent and what the gateway knows about it. */
export interface GatewayRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The resource path, without the stage: "/token". */
  resource: string;
  /** The request path, without the stage (default: the resource). */
  path?: string;
  stage: string;
  /** Header name/value pairs in the order received (names as the client wrote them). */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Query string pairs in order. */
  query?: ReadonlyArray<readonly [string, string]>;
  body: string | null;
  requestId: string;
  /** REST only: API Gateway's extended request ID. */
  extendedRequestId?: string;
  time: Date;
  sourceIp: string;
  domainName: string;
  apiId: string;
  accountId: string;
  /** "HTTP/1.1" */
  protocol: string;
  /** The authorizer's claims, encoded for the API kind (encodeClaims); null: no authorizer. */
  claims: Readonly<Record<string, string>> | null;
  /** HTTP API only: the access token's scopes (null for an ID token). */
  scopes?: readonly string[] | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `dd/MMM/yyyy:HH:mm:ss +0000`, as requestContext.requestTime / time. */
function formatRequestTime(d: Date): string {
  return `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** `EEE MMM dd HH:mm:ss UTC yyyy` for an epoch in seconds (REST exp/iat claims). */
function formatClaimDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** Claims as each API kind's authorizer passes them to the integration: every value a string. */
export function encodeClaims(claims: JwtClaims, api: ApiKind): Record<string, string> {
  const encoded = new Map<string, string>();
  for (const [name, value] of Object.entries(claims)) {
    if (value === null || value === undefined) continue;
    if (api === 'rest' && (name === 'exp' || name === 'iat') && typeof value === 'number') {
      encoded.set(name, formatClaimDate(value));
    } else if (Array.isArray(value)) {
      const items = value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      encoded.set(name, api === 'rest' ? items.join(',') : `[${items.join(' ')}]`);
    } else if (typeof value === 'object') {
      encoded.set(name, JSON.stringify(value));
    } else {
      encoded.set(name, String(value));
    }
  }
  return Object.fromEntries(encoded);
}

/** A signed-in Cognito user and the token it presents. */
export interface CognitoCaller {
  sub: string;
  username: string;
  groups: readonly string[];
  tokenUse: 'id' | 'access';
  /** The app client: `aud` of an ID token, `client_id` of an access token. */
  clientId: string;
  /** The user pool's issuer URL. */
  issuer: string;
  /** ID tokens only; with email_verified true. */
  email?: string;
  /** Sign-in time, epoch seconds: the token is issued then and expires an hour later. */
  authTime: number;
  /** The token's unique IDs (UUIDs): origin_jti, event_id, jti. */
  ids: { originJti: string; eventId: string; jti: string };
}

/** The claims of the ID or access token Cognito issues to `caller` (before any encoding). */
export function cognitoTokenClaims(caller: CognitoCaller): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: caller.sub };
  if (caller.groups.length > 0) claims['cognito:groups'] = [...caller.groups];
  if (caller.tokenUse === 'id' && caller.email !== undefined) claims.email_verified = true;
  claims.iss = caller.issuer;
  if (caller.tokenUse === 'id') claims['cognito:username'] = caller.username;
  else claims.client_id = caller.clientId;
  claims.origin_jti = caller.ids.originJti;
  if (caller.tokenUse === 'id') claims.aud = caller.clientId;
  claims.event_id = caller.ids.eventId;
  claims.token_use = caller.tokenUse;
  if (caller.tokenUse === 'access') claims.scope = 'aws.cognito.signin.user.admin';
  claims.auth_time = caller.authTime;
  claims.exp = caller.authTime + 3600;
  claims.iat = caller.authTime;
  claims.jti = caller.ids.jti;
  if (caller.tokenUse === 'id' && caller.email !== undefined) claims.email = caller.email;
  if (caller.tokenUse === 'access') claims.username = caller.username;
  return claims;
}

function userAgentOf(headers: GatewayRequest['headers']): string | null {
  const found = headers.filter(([name]) => name.toLowerCase() === 'user-agent').at(-1);
  return found === undefined ? null : found[1];
}

/**
 * Name → all values, in order. A Map, then Object.fromEntries: names are data (a header may be
 * called "toString" or "__proto__") and become own properties only.
 */
function grouped(pairs: ReadonlyArray<readonly [string, string]>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of pairs) groups.set(name, [...(groups.get(name) ?? []), value]);
  return groups;
}

function lastOf(groups: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...groups].map(([name, values]) => [name, values.at(-1) ?? '']));
}

function joinedOf(groups: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...groups].map(([name, values]) => [name, values.join(',')]));
}

/** A REST API (v1) Lambda proxy event; `headers` keeps the last of repeated values. */
export function restProxyEvent(r: GatewayRequest): APIGatewayProxyEvent {
  const headerGroups = grouped(r.headers);
  const headers = lastOf(headerGroups);
  const multiValueHeaders = Object.fromEntries(headerGroups);
  const queryGroups = grouped(r.query ?? []);
  const query = lastOf(queryGroups);
  const multiQuery = Object.fromEntries(queryGroups);
  const hasQuery = queryGroups.size > 0;
  return {
    resource: r.resource,
    path: r.path ?? r.resource,
    httpMethod: r.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourceId: r.apiId.slice(0, 6),
      resourcePath: r.resource,
      httpMethod: r.method,
      extendedRequestId: r.extendedRequestId ?? r.requestId,
      requestTime: formatRequestTime(r.time),
      path: `/${r.stage}${r.path ?? r.resource}`,
      accountId: r.accountId,
      protocol: r.protocol,
      stage: r.stage,
      domainPrefix: r.domainName.split('.')[0] ?? r.domainName,
      requestTimeEpoch: r.time.getTime(),
      requestId: r.requestId,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: r.sourceIp,
        user: null,
        userAgent: userAgentOf(r.headers),
        userArn: null,
      },
      domainName: r.domainName,
      apiId: r.apiId,
      authorizer: r.claims === null ? null : { claims: { ...r.claims } },
    },
    body: r.body,
    isBase64Encoded: false,
  } as APIGatewayProxyEvent;
}

/**
 * An HTTP API (v2) event: header names lower-case, repeated values comma-joined, cookies moved
 * to `cookies`, the stage in the path unless it is `$default`, `body` only when there is one.
 */
export function httpApiEvent(r: GatewayRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const lowerCased = r.headers.map(([name, value]) => [name.toLowerCase(), value] as const);
  const cookies = lowerCased
    .filter(([name]) => name === 'cookie')
    .flatMap(([, value]) => value.split(/;\s*/).filter((c) => c !== ''));
  const headers = joinedOf(grouped(lowerCased.filter(([name]) => name !== 'cookie')));
  const query = joinedOf(grouped(r.query ?? []));
  const rawQueryString = new URLSearchParams(r.query?.map(([k, v]) => [k, v]) ?? []).toString();
  const requestPath = r.path ?? r.resource;
  const path = r.stage === '$default' ? requestPath : `/${r.stage}${requestPath}`;
  const routeKey = `${r.method} ${r.resource}`;
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(rawQueryString === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: r.accountId,
      apiId: r.apiId,
      ...(r.claims === null
        ? {}
        : {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: { ...r.claims }, scopes: r.scopes ? [...r.scopes] : null },
            },
          }),
      domainName: r.domainName,
      domainPrefix: r.domainName.split('.')[0] ?? r.domainName,
      http: {
        method: r.method,
        path,
        protocol: r.protocol,
        sourceIp: r.sourceIp,
        userAgent: userAgentOf(r.headers) ?? '',
      },
      requestId: r.requestId,
      routeKey,
      stage: r.stage,
      time: formatRequestTime(r.time),
      timeEpoch: r.time.getTime(),
    },
    isBase64Encoded: false,
  };
  if (r.body !== null) event.body = r.body;
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
