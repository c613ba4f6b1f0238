// The local API Gateway stand-in on its own: a loopback OIDC issuer with a fresh RSA key, the
// gateway in front of a recording fake handler. Checks the Cognito authorizer's decisions, the
// REST v1 proxy event it builds, and how it maps results and failures to HTTP.
import { connect } from 'node:net';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_REQUEST_MODEL } from '../../functions/contract/request-model.ts';
import { type AuthorizerConfig, createJwtAuthorizer } from '../../functions/local/authorizer.ts';
import { type Gateway, type GatewayOptions, startGateway } from '../../functions/local/gateway.ts';
import { postToken, send } from './support/http.ts';
import { jwtPayload, startTestIssuer, type TestIssuer, tamperPayload } from './support/jwt.ts';

const CLIENT_ID = 'client-abc-123';
const SUB = '8c5d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f';

interface Call {
  event: APIGatewayProxyEvent;
  context: Context;
}

let issuer: TestIssuer;
let calls: Call[] = [];
let nextResult: (event: APIGatewayProxyEvent) => Promise<unknown> = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: '{"ok":true}',
});
const gateways: Gateway[] = [];

const handler = async (event: APIGatewayProxyEvent, context: Context) => {
  calls.push({ event, context });
  return nextResult(event);
};

async function gateway(overrides: Partial<GatewayOptions> = {}): Promise<Gateway> {
  const g = await startGateway({
    handler,
    authorizer: createJwtAuthorizer({
      issuer: issuer.issuer,
      clientIds: [CLIENT_ID],
      tokenUse: ['id'],
    }),
    port: 0,
    ...overrides,
  });
  gateways.push(g);
  return g;
}

function idClaims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: SUB,
    aud: CLIENT_ID,
    iss: issuer.issuer,
    token_use: 'id',
    'cognito:username': 'carol',
    'cognito:groups': ['publishers', 'staff'],
    email_verified: true,
    auth_time: now,
    iat: now,
    exp: now + 600,
    ...extra,
  };
}

let g: Gateway;

beforeAll(async () => {
  issuer = await startTestIssuer();
  g = await gateway();
});

afterEach(() => {
  calls = [];
  nextResult = async () => ({
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    body: '{"ok":true}',
  });
});

afterAll(async () => {
  await Promise.all(gateways.map((x) => x.close()));
  await issuer.close();
});

describe('REST v1 proxy event', () => {
  it('carries the verified claims as API Gateway does: all strings, groups comma-separated', async () => {
    const jwt = issuer.sign(idClaims({ iat: 1469814773, auth_time: 1469814773, exp: 4102444800 }));
    const answer = await postToken(g.url, jwt, { roomId: 'r1' });
    expect(answer.status).toBe(200);
    expect(calls).toHaveLength(1);
    const claims = calls[0]?.event.requestContext.authorizer?.claims as Record<string, unknown>;
    expect(claims).toEqual({
      sub: SUB,
      aud: CLIENT_ID,
      iss: issuer.issuer,
      token_use: 'id',
      'cognito:username': 'carol',
      'cognito:groups': 'publishers,staff',
      email_verified: 'true',
      auth_time: '1469814773',
      // Dates as the REST API's Cognito authorizer renders them.
      iat: 'Fri Jul 29 17:52:53 UTC 2016',
      exp: 'Fri Jan 01 00:00:00 UTC 2100',
    });
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
  });

  it('has the request parts where a Lambda proxy integration finds them', async () => {
    const jwt = issuer.sign(idClaims());
    const answer = await send(`${g.url}/token?a=1&b=2&b=3`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${jwt}`,
        'Content-Type': 'application/json',
        'X-Repeated': ['one', 'two'],
        'User-Agent': 'e2e-test/1.0',
      },
      body: '{"roomId":"room-9"}',
    });
    expect(answer.status).toBe(200);
    const { event, context } = calls[0] as Call;
    expect(event.resource).toBe('/token');
    expect(event.path).toBe('/token');
    expect(event.httpMethod).toBe('POST');
    expect(event.body).toBe('{"roomId":"room-9"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.pathParameters).toBeNull();
    expect(event.stageVariables).toBeNull();
    expect(event.queryStringParameters).toEqual({ a: '1', b: '3' });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1'], b: ['2', '3'] });
    // Header names keep the client's spelling; the last value wins in `headers`.
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.headers['X-Repeated']).toBe('two');
    expect(event.multiValueHeaders['X-Repeated']).toEqual(['one', 'two']);
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    const rc = event.requestContext;
    expect(rc.resourcePath).toBe('/token');
    expect(rc.httpMethod).toBe('POST');
    expect(rc.stage).toBe('local');
    expect(rc.path).toBe('/local/token');
    expect(rc.identity.sourceIp).toBe('127.0.0.1');
    expect(rc.identity.userAgent).toBe('e2e-test/1.0');
    expect(rc.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers['x-amzn-requestid']).toBe(rc.requestId);
    expect(Math.abs(rc.requestTimeEpoch - Date.now())).toBeLessThan(5000);
    expect(rc.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('passes an empty body as null, and accepts a bare token without "Bearer"', async () => {
    const jwt = issuer.sign(idClaims());
    const answer = await send(`${g.url}/token`, {
      method: 'POST',
      headers: { Authorization: jwt },
    });
    expect(answer.status).toBe(200);
    expect(calls[0]?.event.body).toBeNull();
    expect(calls[0]?.event.queryStringParameters).toBeNull();
  });

  it('fetches the JWKS once and then verifies from its cache', async () => {
    const before = issuer.jwksRequests();
    for (let i = 0; i < 5; i++) {
      expect((await postToken(g.url, issuer.sign(idClaims()))).status).toBe(200);
    }
    expect(issuer.jwksRequests() - before).toBe(0);
    expect(issuer.jwksRequests()).toBe(1);
  });
});

describe('Cognito authorizer', () => {
  const refusals: [string, () => string | undefined][] = [
    ['no Authorization header', () => undefined],
    ['a value that is not a JWT', () => 'not-a-jwt'],
    ['a signature by another key', () => issuer.signWithOtherKey(idClaims())],
    ['an expired token', () => issuer.sign(idClaims({ exp: Math.floor(Date.now() / 1000) - 5 }))],
    [
      'a token not valid yet',
      () => issuer.sign(idClaims({ nbf: Math.floor(Date.now() / 1000) + 600 })),
    ],
    ['another issuer', () => issuer.sign(idClaims({ iss: 'https://issuer.example.com/pool' }))],
    ['another app client', () => issuer.sign(idClaims({ aud: 'some-other-client' }))],
    ['an access token (ID tokens only)', () => issuer.sign(idClaims({ token_use: 'access' }))],
    ['no token_use', () => issuer.sign(idClaims({ token_use: undefined }))],
    [
      'alg none',
      () => {
        const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(idClaims())}.`;
      },
    ],
  ];

  it.each(refusals)(
    'answers 401 problem+json for %s, without calling the function',
    async (_, make) => {
      const answer = await postToken(g.url, make(), {});
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.headers['x-amzn-errortype']).toBe('UnauthorizedException');
      expect(answer.json()).toEqual({
        type: 'urn:zego-token-service:problem:unauthenticated',
        title: 'Authentication required',
        status: 401,
        detail: 'Send a valid Cognito ID token as "Authorization: Bearer <token>".',
        code: 'unauthenticated',
        requestId: answer.headers['x-amzn-requestid'],
      });
      expect(calls).toHaveLength(0);
    },
  );

  it('accepts access tokens of an allowed client when configured, checking client_id', async () => {
    const g2 = await gateway({
      authorizer: createJwtAuthorizer({
        issuer: issuer.issuer,
        clientIds: [CLIENT_ID],
        tokenUse: ['id', 'access'],
      }),
    });
    const access = (clientId: string) =>
      issuer.sign(idClaims({ token_use: 'access', aud: undefined, client_id: clientId }));
    expect((await postToken(g2.url, access(CLIENT_ID))).status).toBe(200);
    expect((await postToken(g2.url, access('other-client'))).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('answers with API Gateway default bodies when asked to', async () => {
    const g2 = await gateway({ gatewayResponses: 'aws-default' });
    const expired = issuer.sign(idClaims({ exp: Math.floor(Date.now() / 1000) - 5 }));
    const a1 = await postToken(g2.url, undefined);
    expect([a1.status, a1.json()]).toEqual([401, { message: 'Unauthorized' }]);
    const a2 = await postToken(g2.url, expired);
    expect([a2.status, a2.json()]).toEqual([401, { message: 'The incoming token has expired' }]);
    const a3 = await send(`${g2.url}/nope`);
    expect([a3.status, a3.json()]).toEqual([403, { message: 'Missing Authentication Token' }]);
    expect(calls).toHaveLength(0);
  });
});

describe('routes, validation and results', () => {
  it('answers 404 not_found for other paths and methods', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/token'],
      ['POST', '/tokens'],
      ['OPTIONS', '/token'],
      ['DELETE', '/token'],
    ] as const) {
      const answer = await send(`${g.url}${path}`, { method });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.json()).toMatchObject({
        type: 'urn:zego-token-service:problem:not_found',
        code: 'not_found',
        status: 404,
        title: 'Not found',
      });
    }
    expect(calls).toHaveLength(0);
  });

  it('validates JSON bodies against the stack request model before the function', async () => {
    const g2 = await gateway({ requestSchema: TOKEN_REQUEST_MODEL });
    const jwt = issuer.sign(idClaims());
    for (const bad of [
      '{"roomId":5}',
      '{"ttlSeconds":30}',
      '{"cipher":"ecb"}',
      '{"extra":true}',
      '{"privileges":{"loginRoom":"yes"}}',
      '{"streamIds":[""]}',
      '[1,2]',
      '{not json',
    ]) {
      const answer = await postToken(g2.url, jwt, bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.json()).toMatchObject({
        code: 'invalid_request',
        title: 'Invalid request',
        status: 400,
      });
    }
    expect(calls).toHaveLength(0);
    // Valid, empty and non-JSON media types reach the function (it answers those itself).
    expect((await postToken(g2.url, jwt, '{"roomId":"r","ttlSeconds":60}')).status).toBe(200);
    expect((await postToken(g2.url, jwt)).status).toBe(200);
    const text = await postToken(g2.url, jwt, 'hello', { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(200);
    expect(calls.map((c) => c.event.body)).toEqual([
      '{"roomId":"r","ttlSeconds":60}',
      null,
      'hello',
    ]);
  });

  it('turns the proxy result into the response: status, headers, multi-value headers, base64', async () => {
    nextResult = async () => ({
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'X-One': '1', 'X-Two': 'dropped' },
      multiValueHeaders: { 'X-Two': ['a', 'b'] },
      body: Buffer.from('héllo').toString('base64'),
      isBase64Encoded: true,
    });
    const answer = await postToken(g.url, issuer.sign(idClaims()));
    expect(answer.status).toBe(201);
    expect(answer.headers['content-type']).toBe('text/plain');
    expect(answer.headers['x-one']).toBe('1');
    expect(answer.headers['x-two']).toBe('a, b');
    expect(answer.text).toBe('héllo');
  });

  it.each([
    ['throws', async () => Promise.reject(new Error('boom'))],
    ['returns no status code', async () => ({ body: 'x' })],
    ['returns a non-string body', async () => ({ statusCode: 200, body: { a: 1 } })],
    ['returns nothing', async () => undefined],
  ])('answers 502 when the function %s', async (_, result) => {
    nextResult = result;
    const answer = await postToken(g.url, issuer.sign(idClaims()));
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json()).toEqual({
      type: 'urn:zego-token-service:problem:internal_error',
      title: 'Internal error',
      detail: 'The service could not complete the request.',
      code: 'internal_error',
      requestId: answer.headers['x-amzn-requestid'],
    });
  });

  it('answers 502 when the function outlives its timeout', async () => {
    const g2 = await gateway({ functionTimeoutMs: 100 });
    nextResult = () =>
      new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1000));
    const answer = await postToken(g2.url, issuer.sign(idClaims()));
    expect(answer.status).toBe(502);
  });

  it('answers the CORS preflight and adds CORS headers to gateway errors when configured', async () => {
    const origin = 'https://app.example.com';
    const g2 = await gateway({ corsOrigins: [origin] });
    const preflight = await send(`${g2.url}/token`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(origin);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST,OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization,Content-Type');
    const refused = await postToken(g2.url, undefined, {}, { Origin: origin });
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe(origin);
    // As the stack's gateway responses: browser code may read Retry-After.
    expect(refused.headers['access-control-expose-headers']).toBe('Retry-After');
    expect(calls).toHaveLength(0);
  });
});

/** Sends one raw HTTP/1.1 request line (targets node:http's client would not send as they are). */
function rawRequest(
  url: string,
  head: string,
  body = '',
): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(
        `${head}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({
        status: Number(text.split(' ', 2)[1]),
        text: text.slice(text.indexOf('\r\n\r\n') + 4),
      });
    });
    socket.on('error', reject);
  });
}

describe('request targets and headers the gateway must not misread', () => {
  it('answers 400 to a request target that is not a URL', async () => {
    const answer = await rawRequest(
      g.url,
      `POST http://[/token HTTP/1.1\r\nAuthorization: Bearer ${issuer.sign(idClaims())}`,
    );
    expect(answer.status).toBe(400);
    // A DEFAULT_4XX answer: the status line carries the status, the body leaves it out.
    expect(JSON.parse(answer.text)).toMatchObject({ code: 'invalid_request' });
    expect(calls).toHaveLength(0);
  });

  it.each(['http://evil.example/token', '//evil.example/token'])(
    'never treats %s as /token: 404 not_found',
    async (target) => {
      const answer = await rawRequest(
        g.url,
        `POST ${target} HTTP/1.1\r\nAuthorization: Bearer ${issuer.sign(idClaims())}\r\nContent-Type: application/json`,
        '{}',
      );
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 404, code: 'not_found' });
      expect(calls).toHaveLength(0);
    },
  );

  it('validates the body under the Content-Type the function reads (the last of repeated ones)', async () => {
    const g2 = await gateway({ requestSchema: TOKEN_REQUEST_MODEL });
    const jwt = issuer.sign(idClaims());
    const post = (types: string[]) =>
      send(`${g2.url}/token`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': types },
        body: '{"extra":true}',
      });
    // The function would read application/json: the gateway validates as JSON and refuses.
    const refused = await post(['text/plain', 'application/json']);
    expect(refused.status).toBe(400);
    expect(calls).toHaveLength(0);
    // The function would read text/plain (and refuse it with 415): no model applies at the gateway.
    const passed = await post(['application/json', 'text/plain']);
    expect(passed.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.event.headers['Content-Type']).toBe('text/plain');
  });

  it('says in a BAD_REQUEST_BODY detail what the validator found', async () => {
    const g2 = await gateway({ requestSchema: TOKEN_REQUEST_MODEL });
    const jwt = issuer.sign(idClaims());
    const answer = await postToken(g2.url, jwt, '{"cipher":"ecb","ttlSeconds":30}');
    expect(answer.status).toBe(400);
    const { detail } = answer.json() as { detail: string };
    expect(detail).toMatch(/^The request body does not match the schema of POST \/token: /);
    expect(detail).toContain('/cipher');
    expect(detail).toContain('/ttlSeconds');
    expect(calls).toHaveLength(0);
  });
});

describe('authorizer result cache', () => {
  /** A gateway whose authorizer reads the cache's clock from `clock.now` (ms). */
  async function cachedGateway(config: Partial<AuthorizerConfig> = {}, style?: 'aws-default') {
    const clock = { now: Date.now() };
    const authorizer = createJwtAuthorizer(
      { issuer: issuer.issuer, clientIds: [CLIENT_ID], tokenUse: ['id'], ...config },
      { now: () => clock.now },
    );
    const gw = await gateway({ authorizer, ...(style ? { gatewayResponses: style } : {}) });
    return { gw, authorizer, clock };
  }
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('remembers an accepted token for 5 minutes by default, like the stack, at most 5000', async () => {
    const { gw, authorizer, clock } = await cachedGateway();
    expect(authorizer.config.cacheTtlSeconds).toBe(300);
    expect(authorizer.config.cacheMaxEntries).toBe(5000);
    const jwt = issuer.sign(idClaims({ exp: nowSeconds() + 3600 }));
    for (let i = 0; i < 3; i++) expect((await postToken(gw.url, jwt)).status).toBe(200);
    expect(authorizer.cacheStats()).toEqual({ entries: 1, hits: 2, misses: 1 });
    // Still served from the cache just before 5 minutes; verified again after them.
    clock.now += 299_000;
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    expect(authorizer.cacheStats()).toEqual({ entries: 1, hits: 3, misses: 1 });
    clock.now += 2_000;
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    expect(authorizer.cacheStats()).toEqual({ entries: 1, hits: 3, misses: 2 });
    expect(calls).toHaveLength(5);
  });

  it('refuses a cached token once its exp has passed, without verifying it again', async () => {
    const { gw, authorizer, clock } = await cachedGateway({}, 'aws-default');
    const exp = nowSeconds() + 120;
    const jwt = issuer.sign(idClaims({ exp }));
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    clock.now = exp * 1000 - 1;
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    // By the real clock the token is still valid: only the cache can refuse it here.
    clock.now = exp * 1000;
    const answer = await postToken(gw.url, jwt);
    expect([answer.status, answer.json()]).toEqual([
      401,
      { message: 'The incoming token has expired' },
    ]);
    expect(authorizer.cacheStats()).toMatchObject({ hits: 2, misses: 1 });
    expect(calls).toHaveLength(2);
  });

  it('refuses a cached token once it expires by the real clock too', async () => {
    const exp = nowSeconds() + 2;
    const jwt = issuer.sign(idClaims({ exp }));
    expect((await postToken(g.url, jwt)).status).toBe(200);
    expect((await postToken(g.url, jwt)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 20));
    expect((await postToken(g.url, jwt)).status).toBe(401);
    expect(calls).toHaveLength(2);
  }, 10_000);

  it('serves only the exact token it verified: tampered tokens are verified and refused', async () => {
    const { gw, authorizer } = await cachedGateway();
    const jwt = issuer.sign(idClaims());
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const middle = Math.floor(signature.length / 2);
    const flipped = signature[middle] === 'A' ? 'B' : 'A';
    const forgedSignature = `${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
    const variants = [
      tamperPayload(jwt, { sub: '00000000-0000-4000-8000-000000000000' }),
      tamperPayload(jwt, { exp: (jwtPayload(jwt).exp as number) + 86_400 }),
      `${header}.${payload}.${forgedSignature}`,
      `${header}.${payload}.`,
    ];
    for (const variant of variants) {
      expect((await postToken(gw.url, variant)).status).toBe(401);
    }
    expect(authorizer.cacheStats()).toEqual({ entries: 1, hits: 0, misses: 5 });
    expect((await postToken(gw.url, jwt)).status).toBe(200);
    expect(authorizer.cacheStats()).toEqual({ entries: 1, hits: 1, misses: 5 });
    expect(calls.map((c) => c.event.requestContext.authorizer?.claims.sub)).toEqual([SUB, SUB]);
  });

  it('holds at most cacheMaxEntries tokens, dropping the least recently used', async () => {
    const { gw, authorizer } = await cachedGateway({ cacheMaxEntries: 3 });
    const [t1, t2, t3, t4] = [1, 2, 3, 4].map((n) => issuer.sign(idClaims({ jti: `token-${n}` })));
    const post = async (jwt: string | undefined) => {
      const before = authorizer.cacheStats();
      expect((await postToken(gw.url, jwt)).status).toBe(200);
      const after = authorizer.cacheStats();
      return after.hits > before.hits ? 'hit' : 'miss';
    };
    expect([await post(t1), await post(t2), await post(t3)]).toEqual(['miss', 'miss', 'miss']);
    expect(await post(t1)).toBe('hit');
    expect(await post(t4)).toBe('miss'); // evicts t2, the least recently used
    expect(authorizer.cacheStats().entries).toBe(3);
    expect(await post(t2)).toBe('miss'); // evicts t3
    expect([await post(t1), await post(t4), await post(t2)]).toEqual(['hit', 'hit', 'hit']);
    expect(await post(t3)).toBe('miss');
    expect(authorizer.cacheStats().entries).toBe(3);
  });

  it('verifies every request when cacheTtlSeconds is 0', async () => {
    const { gw, authorizer } = await cachedGateway({ cacheTtlSeconds: 0 });
    const jwt = issuer.sign(idClaims());
    for (let i = 0; i < 3; i++) expect((await postToken(gw.url, jwt)).status).toBe(200);
    expect(authorizer.cacheStats()).toEqual({ entries: 0, hits: 0, misses: 3 });
  });

  it('gives every request claims of its own, even from the cache', async () => {
    const jwt = issuer.sign(idClaims());
    nextResult = async (event) => {
      const claims = event.requestContext.authorizer?.claims as Record<string, string>;
      const seen = claims.sub;
      claims.sub = 'changed-by-the-function';
      return { statusCode: 200, body: JSON.stringify({ seen }) };
    };
    const first = await postToken(g.url, jwt);
    const second = await postToken(g.url, jwt);
    expect([first.json(), second.json()]).toEqual([{ seen: SUB }, { seen: SUB }]);
  });
});
