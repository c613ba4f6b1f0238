// The token handler through createTokenHandler, fed realistic API Gateway events of both kinds.
// Issued tokens are opened with node:crypto (test/support/open-token.ts), not with the core.
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceMetrics } from '../../functions/commons/observability.ts';
import {
  InvalidSecretValueError,
  type SecretSource,
  SecretUnavailableError,
  staticSecretSource,
} from '../../functions/commons/secrets/secret-source.ts';
import { PROBLEMS } from '../../functions/contract/problems.ts';
import { serverCredentials } from '../../functions/core/index.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler, type TokenHandler } from '../../functions/token/create-handler.ts';
import {
  ALICE_USER_ID,
  APP_CLIENT_ID,
  type Caller,
  httpApiEvent,
  lambdaContext,
  type RequestSpec,
  restEvent,
} from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { type Answer, DOCUMENTED_STATUS, invoke, PROBLEM_KEYS } from '../support/invoke.ts';
import { openToken } from '../support/open-token.ts';

const APP_ID = 1234567890;
const SECRET = '5f4dcc3b5aa765d61d8327deb882cf99';
const NOW_MS = 1_795_344_294_750;
const NOW_S = 1_795_344_294;

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

function makeHandler(
  env: Record<string, string> = {},
  secrets: SecretSource = staticSecretSource({ appId: APP_ID, serverSecret: SECRET }),
  logLevel: 'INFO' | 'WARN' = 'INFO',
) {
  // The configuration is read asynchronously (a room pattern's engine is imported on demand).
  const handler = readHandlerConfig(env).then((config) =>
    createTokenHandler({
      config,
      secrets,
      logger: new Logger({ serviceName: 'zego-token-test', logLevel }),
      metrics: new ServiceMetrics({ namespace: 'ZegoTokenTest', serviceName: 'zego-token-test' }),
      now: () => NOW_MS,
    }),
  );
  const tokenHandler: TokenHandler = async (event, context) => (await handler)(event, context);
  return tokenHandler;
}

const PUBLISHERS = { ZEGO_PUBLISH_GROUPS: 'publishers' };
const json = (value: unknown) => JSON.stringify(value);

type Kind = 'rest' | 'http';
const KINDS: Kind[] = ['rest', 'http'];
const eventOf = (kind: Kind, spec: RequestSpec) =>
  kind === 'rest' ? restEvent(spec) : httpApiEvent(spec);

const STATUS: Record<keyof typeof PROBLEMS, number> = DOCUMENTED_STATUS;

function expectProblem(answer: Answer, code: keyof typeof PROBLEMS, requestId?: string) {
  expect(answer.status).toBe(STATUS[code]);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(Object.keys(answer.json).sort()).toEqual(PROBLEM_KEYS);
  expect(answer.json).toMatchObject({
    type: `urn:zego-token-service:problem:${code}`,
    title: PROBLEMS[code].title,
    status: STATUS[code],
    code,
  });
  expect(typeof answer.json.detail).toBe('string');
  if (requestId !== undefined) expect(answer.json.requestId).toBe(requestId);
}

describe.each(KINDS)('%s API event', (kind) => {
  const requestId = kind === 'rest' ? 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' : 'Jk3xYgEXoAMEb2A=';

  it('issues a basic Token04 (GCM) for an empty body, bound to the caller', async () => {
    const answer = await invoke(makeHandler(), eventOf(kind, {}), lambdaContext());
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json).toEqual({
      token: expect.stringMatching(/^04/),
      version: '04',
      cipher: 'gcm',
      appId: APP_ID,
      userId: ALICE_USER_ID,
      issuedAt: NOW_S,
      expiresAt: NOW_S + 3600,
      ttlSeconds: 3600,
    });
    const opened = openToken(answer.json.token as string, SECRET);
    expect(opened).toMatchObject({ version: '04', cipher: 'gcm', envelopeExpire: NOW_S + 3600 });
    expect(opened.plaintext).toMatchObject({
      app_id: APP_ID,
      user_id: ALICE_USER_ID,
      ctime: NOW_S,
      expire: NOW_S + 3600,
      payload: '',
    });
  });

  it('issues a privilege token for a room, publishing for a member of a publish group', async () => {
    const body = json({
      roomId: 'room-1',
      privileges: { loginRoom: true, publishStream: true },
      streamIds: ['room-1_alice', 'room-1_alice_screen'],
      ttlSeconds: 600,
    });
    const caller: Caller = { groups: ['publishers', 'admins'] };
    const answer = await invoke(makeHandler(PUBLISHERS), eventOf(kind, { body, caller }));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      roomId: 'room-1',
      privileges: { loginRoom: true, publishStream: true },
      streamIds: ['room-1_alice', 'room-1_alice_screen'],
      ttlSeconds: 600,
      expiresAt: NOW_S + 600,
    });
    const opened = openToken(answer.json.token as string, SECRET);
    expect(opened.privilege).toEqual({
      room_id: 'room-1',
      privilege: { '1': 1, '2': 1 },
      stream_id_list: ['room-1_alice', 'room-1_alice_screen'],
    });
    expect(opened.plaintext.expire).toBe(NOW_S + 600);
  });

  it('refuses publishing to a caller outside the publish groups (403 privilege_denied)', async () => {
    const body = json({ roomId: 'room-1', privileges: { publishStream: true } });
    const answer = await invoke(
      makeHandler(PUBLISHERS),
      eventOf(kind, { body, caller: { groups: ['viewers'] } }),
    );
    expectProblem(answer, 'privilege_denied', requestId);
  });

  it('refuses a missing identity (401 unauthenticated)', async () => {
    const answer = await invoke(makeHandler(), eventOf(kind, { caller: null }));
    expectProblem(answer, 'unauthenticated', requestId);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('tokens', () => {
  it('defaults a room token to login only, and makes the legacy CBC form on request', async () => {
    const answer = await invoke(
      makeHandler(),
      restEvent({ body: json({ roomId: 'lobby', cipher: 'cbc' }) }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      cipher: 'cbc',
      roomId: 'lobby',
      privileges: { loginRoom: true, publishStream: false },
    });
    expect(answer.json).not.toHaveProperty('streamIds');
    const opened = openToken(answer.json.token as string, SECRET);
    expect(opened.cipher).toBe('cbc');
    expect(opened.privilege).toEqual({
      room_id: 'lobby',
      privilege: { '1': 1, '2': 0 },
      stream_id_list: null,
    });
  });

  it('makes a Token03 for version "03" (CBC, room in the plaintext)', async () => {
    const answer = await invoke(
      makeHandler(),
      httpApiEvent({ body: json({ roomId: 'legacy-room', version: '03', ttlSeconds: 120 }) }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ version: '03', cipher: 'cbc', ttlSeconds: 120 });
    const opened = openToken(answer.json.token as string, SECRET);
    expect(opened.version).toBe('03');
    expect(opened.plaintext).toMatchObject({
      app_id: APP_ID,
      room_id: 'legacy-room',
      user_id: ALICE_USER_ID,
      privilege: { '1': 1, '2': 0 },
      create_time: NOW_S,
      expire_time: NOW_S + 120,
    });
  });

  it('adds a UIKit kit token; userName defaults to the userId', async () => {
    const handler = makeHandler();
    for (const [userName, expected] of [
      [undefined, ALICE_USER_ID],
      ['Alice Müller', 'Alice%20M%C3%BCller'],
    ] as const) {
      const answer = await invoke(
        handler,
        restEvent({ body: json({ roomId: 'room-1', format: 'kit', userName }) }),
      );
      expect(answer.status).toBe(200);
      const kit = answer.json.kitToken as string;
      const [token, part] = kit.split('#');
      expect(token).toBe(answer.json.token);
      expect(JSON.parse(Buffer.from(part as string, 'base64').toString('utf8'))).toEqual({
        userID: ALICE_USER_ID,
        roomID: 'room-1',
        userName: expected,
        appID: APP_ID,
      });
    }
  });

  it('accepts a base64-encoded body and a charset parameter', async () => {
    const answer = await invoke(
      makeHandler(),
      httpApiEvent({
        body: Buffer.from(json({ roomId: 'room-b64' })).toString('base64'),
        isBase64Encoded: true,
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.roomId).toBe('room-b64');
  });

  it('accepts the userId when it is the derived one, and null for optional fields', async () => {
    const answer = await invoke(
      makeHandler(),
      restEvent({ body: json({ userId: ALICE_USER_ID, roomId: null, cipher: null }) }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.userId).toBe(ALICE_USER_ID);
  });

  it('derives the userId from a configured claim, unchanged', async () => {
    const answer = await invoke(
      makeHandler({ ZEGO_USER_ID_CLAIM: 'cognito:username' }),
      restEvent({ caller: { username: 'alice-01' } }),
    );
    expect(answer.json.userId).toBe('alice-01');
    expect(openToken(answer.json.token as string, SECRET).plaintext.user_id).toBe('alice-01');
  });

  it('accepts access tokens and checks their client_id when configured so', async () => {
    const handler = makeHandler({
      ZEGO_ALLOWED_TOKEN_USE: 'id,access',
      ZEGO_ALLOWED_CLIENT_IDS: `otherclient7,${APP_CLIENT_ID}`,
    });
    const ok = await invoke(handler, httpApiEvent({ caller: { tokenUse: 'access' } }));
    expect(ok.status).toBe(200);
    const bad = await invoke(
      handler,
      httpApiEvent({ caller: { tokenUse: 'access', clientId: 'someone-else' } }),
    );
    expectProblem(bad, 'forbidden');
  });
});

describe('refusals', () => {
  const cases: Array<[string, keyof typeof PROBLEMS, RequestSpec, Record<string, string>?]> = [
    ['an unknown field', 'invalid_request', { body: json({ room: 'x' }) }],
    ['a wrong type', 'invalid_request', { body: json({ roomId: 5 }) }],
    [
      'a non-boolean privilege',
      'invalid_request',
      { body: json({ roomId: 'r', privileges: { loginRoom: 'yes' } }) },
    ],
    [
      'an unknown privilege',
      'invalid_request',
      { body: json({ roomId: 'r', privileges: { admin: true } }) },
    ],
    ['an unknown cipher', 'invalid_request', { body: json({ cipher: 'ecb' }) }],
    ['a JSON array', 'invalid_request', { body: '[]' }],
    ['broken JSON', 'invalid_request', { body: '{"roomId":' }],
    [
      'invalid UTF-8',
      'invalid_request',
      {
        body: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'),
        isBase64Encoded: true,
        headers: { 'Content-Type': 'application/json' },
      },
    ],
    [
      'privileges without a room',
      'invalid_request',
      { body: json({ privileges: { publishStream: true } }) },
    ],
    [
      'streamIds without publish',
      'invalid_request',
      { body: json({ roomId: 'r', streamIds: ['s1'] }) },
    ],
    [
      'empty streamIds',
      'invalid_request',
      { body: json({ roomId: 'r', privileges: { publishStream: true }, streamIds: [] }) },
    ],
    ['version 03 without a room', 'invalid_request', { body: json({ version: '03' }) }],
    [
      'version 03 with GCM',
      'invalid_request',
      { body: json({ roomId: 'r', version: '03', cipher: 'gcm' }) },
    ],
    ['a kit token without a room', 'invalid_request', { body: json({ format: 'kit' }) }],
    ['a room ID with a blank', 'invalid_room_id', { body: json({ roomId: 'room 1' }) }],
    ['a room ID over 128 bytes', 'invalid_room_id', { body: json({ roomId: 'r'.repeat(129) }) }],
    [
      'a stream ID with a colon',
      'invalid_stream_id',
      { body: json({ roomId: 'r', privileges: { publishStream: true }, streamIds: ['rtmp://x'] }) },
    ],
    [
      'a user name over 64 bytes',
      'invalid_user_name',
      { body: json({ roomId: 'r', format: 'kit', userName: 'é'.repeat(33) }) },
    ],
    ['a 30 s lifetime', 'invalid_ttl', { body: json({ ttlSeconds: 30 }) }],
    ['a fractional lifetime', 'invalid_ttl', { body: json({ ttlSeconds: 3600.5 }) }],
    ['a lifetime over the maximum', 'invalid_ttl', { body: json({ ttlSeconds: 86_401 }) }],
    ['a lifetime over 24 days', 'invalid_ttl', { body: json({ ttlSeconds: 2_073_601 }) }],
    ['another userId', 'user_id_mismatch', { body: json({ userId: 'bob' }) }],
    [
      'a room outside the pattern',
      'privilege_denied',
      { body: json({ roomId: 'private-9' }) },
      { ZEGO_ROOM_ID_PATTERN: 'public-[0-9]+' },
    ],
    [
      // A backtracking engine needs ~2^60 steps to refuse this roomId (it froze the server for
      // 17.9 s at 38 bytes); the linear-time matcher answers at once.
      'a room that makes a nested-quantifier pattern backtrack',
      'privilege_denied',
      { body: json({ roomId: `room-${'a1'.repeat(30)}_` }) },
      { ZEGO_ROOM_ID_PATTERN: 'room-([a-z0-9]+-?)*' },
    ],
    ['an access token by default', 'forbidden', { caller: { tokenUse: 'access' } }],
    [
      'an app client not allowed',
      'forbidden',
      { caller: { clientId: 'rogue' } },
      { ZEGO_ALLOWED_CLIENT_IDS: APP_CLIENT_ID },
    ],
    [
      'a derived userId too long',
      'forbidden',
      { caller: { extra: { email: 'a.very.long.address.indeed@example.com' } } },
      { ZEGO_USER_ID_CLAIM: 'email' },
    ],
    [
      'a derived userId with a blank',
      'forbidden',
      { caller: { username: 'alice smith' } },
      { ZEGO_USER_ID_CLAIM: 'cognito:username' },
    ],
    ['a missing userId claim', 'forbidden', {}, { ZEGO_USER_ID_CLAIM: 'custom:zego_id' }],
    [
      'a body over 4 KiB',
      'payload_too_large',
      { body: json({ roomId: 'r', userName: 'x'.repeat(4100) }) },
    ],
    [
      'a base64 body over 4 KiB',
      'payload_too_large',
      { body: Buffer.alloc(4097, 0x20).toString('base64'), isBase64Encoded: true },
    ],
    [
      'a text/plain body',
      'unsupported_media_type',
      { body: '{}', headers: { 'Content-Type': 'text/plain' } },
    ],
    [
      'a body without a content type',
      'unsupported_media_type',
      { body: '{}', headers: { 'Content-Type': '' } },
    ],
    [
      'a non-UTF-8 charset',
      'unsupported_media_type',
      { body: '{}', headers: { 'Content-Type': 'application/json; charset=iso-8859-1' } },
    ],
    ['a GET', 'method_not_allowed', { method: 'GET' }],
  ];

  it.each(cases)('refuses %s (%s)', async (_name, code, spec, env) => {
    const answer = await invoke(makeHandler(env ?? {}), restEvent({ ...spec, requestId: 'req-1' }));
    expectProblem(answer, code, 'req-1');
  });

  it('names the field at fault and never echoes more than needed', async () => {
    const unknown = await invoke(makeHandler(), restEvent({ body: json({ roomid: 'x' }) }));
    expect(unknown.json.detail).toBe('Unknown field "roomid".');
    const wrongType = await invoke(makeHandler(), restEvent({ body: json({ ttlSeconds: '60' }) }));
    expect(wrongType.json.detail).toBe('ttlSeconds must be a number.');
    const stream = await invoke(
      makeHandler(),
      restEvent({
        body: json({ roomId: 'r', privileges: { publishStream: true }, streamIds: ['ok', 'a?b'] }),
      }),
    );
    expect(stream.json.detail).toMatch(/^streamIds\[1\]: /);
    const ttl = await invoke(
      makeHandler({ ZEGO_MAX_TTL_SECONDS: '7200' }),
      restEvent({ body: json({ ttlSeconds: 7201 }) }),
    );
    expect(ttl.json.detail).toBe('ttlSeconds must be an integer from 60 to 7200.');
  });

  it('answers 405 with Allow, and a CORS preflight with 204', async () => {
    const handler = makeHandler({ ZEGO_CORS_ORIGINS: 'https://app.example.com' });
    const put = await invoke(handler, httpApiEvent({ method: 'PUT' }));
    expectProblem(put, 'method_not_allowed');
    expect(put.headers.allow).toBe('POST, OPTIONS');
    const preflight = await invoke(
      handler,
      restEvent({
        method: 'OPTIONS',
        caller: null,
        headers: { Origin: 'https://app.example.com' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type',
    });
  });

  it('answers 503 secret_unavailable with Retry-After, and says nothing internal', async () => {
    const down: SecretSource = {
      get: () =>
        Promise.reject(
          new SecretUnavailableError(7, new Error('connect ECONNREFUSED 10.0.0.1:443')),
        ),
    };
    const answer = await invoke(makeHandler({}, down), restEvent({ requestId: 'req-503' }));
    expectProblem(answer, 'secret_unavailable', 'req-503');
    expect(answer.headers['retry-after']).toBe('7');
    expect(answer.body).not.toMatch(/ECONNREFUSED|10\.0\.0\.1/);
    const log = output.records().find((r) => r.requestId === 'req-503');
    expect(log).toMatchObject({ level: 'ERROR', outcome: 'secret_unavailable' });
    expect(String(log?.detail)).toContain('ECONNREFUSED');
  });

  it('answers 500 internal_error for a bad secret value or an unexpected failure, revealing nothing', async () => {
    const invalid: SecretSource = {
      get: () => Promise.reject(new InvalidSecretValueError(['appId missing'])),
    };
    const bad = await invoke(makeHandler({}, invalid), restEvent());
    expectProblem(bad, 'internal_error');
    expect(bad.json.detail).toBe('The service could not complete the request.');
    expect(bad.body).not.toContain('appId');

    const broken: SecretSource = {
      get: () => Promise.reject(new TypeError('x is not a function')),
    };
    const unexpected = await invoke(makeHandler({}, broken), restEvent());
    expectProblem(unexpected, 'internal_error');
    expect(unexpected.body).not.toContain('function');
  });

  it('does not read the secret for a refused request', async () => {
    let reads = 0;
    const counting: SecretSource = {
      get: () => {
        reads += 1;
        return Promise.resolve(serverCredentials(APP_ID, SECRET));
      },
    };
    const handler = makeHandler({}, counting);
    await invoke(handler, restEvent({ caller: null }));
    await invoke(handler, restEvent({ body: json({ ttlSeconds: 1 }) }));
    expect(reads).toBe(0);
    await invoke(handler, restEvent());
    expect(reads).toBe(1);
  });
});

describe('CORS', () => {
  const origin = 'https://app.example.com';

  it('echoes a configured origin on answers and errors, with Vary: Origin', async () => {
    const handler = makeHandler({ ZEGO_CORS_ORIGINS: `${origin}, https://admin.example.com` });
    const ok = await invoke(handler, httpApiEvent({ headers: { origin } }));
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': origin,
      vary: 'Origin',
      'access-control-expose-headers': 'Retry-After',
    });
    const refused = await invoke(handler, restEvent({ caller: null, headers: { Origin: origin } }));
    expect(refused.headers['access-control-allow-origin']).toBe(origin);
    const other = await invoke(handler, restEvent({ headers: { Origin: 'https://evil.example' } }));
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers.vary).toBe('Origin');
  });

  it('answers * when configured, and nothing when not configured', async () => {
    const any = await invoke(
      makeHandler({ ZEGO_CORS_ORIGINS: '*' }),
      restEvent({ headers: { Origin: origin } }),
    );
    expect(any.headers['access-control-allow-origin']).toBe('*');
    const none = await invoke(makeHandler(), restEvent({ headers: { Origin: origin } }));
    expect(Object.keys(none.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
  });
});

describe('observability', () => {
  it('logs one line per request with outcome, room, privileges and lifetime, and emits EMF metrics', async () => {
    const handler = makeHandler(PUBLISHERS);
    const issued = await invoke(
      handler,
      restEvent({
        requestId: 'req-ok',
        caller: { groups: ['publishers'] },
        body: json({ roomId: 'room-7', privileges: { publishStream: true }, ttlSeconds: 900 }),
      }),
      lambdaContext('lambda-req-1'),
    );
    await invoke(handler, httpApiEvent({ requestId: 'req-no', body: json({ ttlSeconds: 5 }) }));

    const records = output.records();
    const ok = records.find((r) => r.requestId === 'req-ok' && r.message === 'token issued');
    expect(ok).toMatchObject({
      level: 'INFO',
      service: 'zego-token-test',
      outcome: 'issued',
      status: 200,
      userId: ALICE_USER_ID,
      roomId: 'room-7',
      privileges: { loginRoom: true, publishStream: true },
      ttlSeconds: 900,
      function_request_id: 'lambda-req-1',
    });
    const refused = records.find((r) => r.requestId === 'req-no');
    expect(refused).toMatchObject({
      message: 'request refused',
      outcome: 'invalid_ttl',
      status: 400,
    });

    // One line per request: the metrics ride in the request's own log line as its EMF block.
    expect(records).toHaveLength(2);
    const emf = records.filter((r) => r._aws !== undefined);
    expect(emf).toEqual([ok, refused]);
    expect(emf[0]).toMatchObject({ TokensIssued: 1, service: 'zego-token-test' });
    expect(emf[0]).not.toHaveProperty('code');
    expect(emf[1]).toMatchObject({ RequestsRefused: 1, code: 'invalid_ttl' });
    type Emf = {
      _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> };
    };
    const directive = (emf[1] as unknown as Emf)._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe('ZegoTokenTest');
    expect(directive?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'code']));

    expect(output.text()).not.toContain(SECRET);
    expect(output.text()).not.toContain(issued.json.token as string);
  });

  it('still emits the metrics as their own EMF documents when the log level hides the line', async () => {
    const handler = makeHandler(PUBLISHERS, undefined, 'WARN');
    await invoke(handler, restEvent({ requestId: 'quiet-ok' }));
    await invoke(handler, restEvent({ requestId: 'quiet-no', body: json({ ttlSeconds: 5 }) }));
    const records = output.records();
    expect(records).toEqual([
      expect.objectContaining({ TokensIssued: 1, service: 'zego-token-test' }),
      expect.objectContaining({ RequestsRefused: 1, code: 'invalid_ttl' }),
    ]);
    expect(records.every((r) => r._aws !== undefined && r.message === undefined)).toBe(true);
  });

  it('writes no EMF at all when metrics are disabled, and still logs every request', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    try {
      const handler = makeHandler(PUBLISHERS);
      await invoke(handler, restEvent({ requestId: 'off-ok' }));
      await invoke(handler, restEvent({ requestId: 'off-no', body: json({ ttlSeconds: 5 }) }));
    } finally {
      vi.unstubAllEnvs();
    }
    const records = output.records();
    expect(records.map((r) => r.message)).toEqual(['token issued', 'request refused']);
    expect(records.filter((r) => r._aws !== undefined || 'TokensIssued' in r)).toEqual([]);
  });
});
