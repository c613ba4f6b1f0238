// Property: whatever the body, headers and claims, a handler whose secret is healthy never
// answers 5xx, and every error answer is a well-formed problem+json document.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiGatewayEvent } from '../../functions/commons/http/event.ts';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import {
  ALICE_SUB,
  APP_CLIENT_ID,
  httpApiEvent,
  restEvent,
} from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { DOCUMENTED_STATUS, invoke, PROBLEM_KEYS } from '../support/invoke.ts';
import { openToken } from '../support/open-token.ts';

const SECRET = 'ab12cd34ef56ab12cd34ef56ab12cd34';

const CONFIGS = [
  {},
  {
    ZEGO_PUBLISH_GROUPS: 'publishers',
    ZEGO_ROOM_ID_PATTERN: 'room-[0-9]+',
    ZEGO_ALLOWED_CLIENT_IDS: APP_CLIENT_ID,
    ZEGO_ALLOWED_TOKEN_USE: 'id,access',
    ZEGO_MAX_TTL_SECONDS: '7200',
    ZEGO_CORS_ORIGINS: 'https://app.example.com',
  },
  { ZEGO_USER_ID_CLAIM: 'cognito:username', ZEGO_USER_ID_MAX_BYTES: '64' },
];

let output: CapturedOutput;
beforeAll(() => {
  output = captureOutput();
});
afterAll(() => {
  output.restore();
});

const handlers = await Promise.all(
  CONFIGS.map(async (env) =>
    createTokenHandler({
      config: await readHandlerConfig(env),
      secrets: staticSecretSource({ appId: 4242, serverSecret: SECRET }),
      logger: new Logger({ serviceName: 'prop', logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'Prop', serviceName: 'prop' }),
    }),
  ),
);

const jsonScalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -10, max: 3_000_000 }),
  fc.double(),
  fc.string({ maxLength: 20 }),
);
const jsonValue = fc.oneof(
  jsonScalar,
  fc.array(jsonScalar, { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const roomish = fc.oneof(
  fc.constantFrom('room-1', 'room-42', 'lobby', '', 'a b', 'r'.repeat(129), 'ü'),
  fc.string({ maxLength: 12 }),
);
const requestObject = fc.record(
  {
    roomId: fc.oneof(roomish, jsonValue),
    privileges: fc.oneof(
      fc.record(
        {
          loginRoom: fc.oneof(fc.boolean(), jsonValue),
          publishStream: fc.oneof(fc.boolean(), jsonValue),
        },
        { requiredKeys: [] },
      ),
      jsonValue,
    ),
    streamIds: fc.oneof(fc.array(fc.oneof(roomish, jsonValue), { maxLength: 3 }), jsonValue),
    ttlSeconds: fc.oneof(
      fc.integer({ min: -5, max: 3_000_000 }),
      fc.constantFrom(60, 3600, 86_400),
      jsonValue,
    ),
    cipher: fc.oneof(fc.constantFrom('gcm', 'cbc'), jsonValue),
    version: fc.oneof(fc.constantFrom('04', '03'), jsonValue),
    userId: fc.oneof(fc.constant(ALICE_SUB.replaceAll('-', '')), fc.constant('alice'), jsonValue),
    userName: fc.oneof(fc.string({ maxLength: 70 }), jsonValue),
    format: fc.oneof(fc.constantFrom('token', 'kit'), jsonValue),
    x: jsonValue,
  },
  { requiredKeys: [] },
);
const bodyText = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  requestObject.map((o) => JSON.stringify(o)),
  requestObject.map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string({ maxLength: 60 }),
  fc.string({ minLength: 4090, maxLength: 4200 }),
  fc.constant(JSON.stringify({ userName: 'x'.repeat(4100) })),
);
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset="UTF-8"',
    'text/plain',
    'application/json; charset=latin1',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const claimValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string()),
);
const claims = fc.oneof(
  fc.constant(null),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 15 }), claimValue, { maxKeys: 5 }),
  fc.record(
    {
      sub: fc.oneof(fc.constant(ALICE_SUB), fc.uuid(), fc.string({ maxLength: 70 })),
      token_use: fc.oneof(fc.constantFrom('id', 'access'), fc.string({ maxLength: 8 })),
      aud: fc.oneof(fc.constant(APP_CLIENT_ID), fc.string({ maxLength: 30 })),
      client_id: fc.oneof(fc.constant(APP_CLIENT_ID), fc.string({ maxLength: 30 })),
      'cognito:username': fc.oneof(
        fc.constantFrom('alice', 'bob smith'),
        fc.string({ maxLength: 70 }),
      ),
      'cognito:groups': fc.oneof(
        fc.constantFrom('publishers', 'admins,publishers', '[publishers admins]', '[]', ''),
        claimValue,
      ),
    },
    { requiredKeys: ['sub', 'token_use'] },
  ),
);
const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.constantFrom('Origin', 'origin', 'Content-Length', 'X-Test'),
    fc.string({ maxLength: 10 }),
  ),
  fc.string({ maxLength: 40 }),
  { maxKeys: 4 },
);

const anyScenario = fc.record({
  kind: fc.constantFrom('rest', 'http'),
  config: fc.nat({ max: CONFIGS.length - 1 }),
  method: fc.oneof(
    { arbitrary: fc.constant('POST'), weight: 4 },
    fc.constantFrom('GET', 'OPTIONS', 'post'),
    fc.string({ maxLength: 6 }),
  ),
  body: bodyText,
  base64: fc.boolean(),
  contentType,
  headers: extraHeaders,
  claims,
});

/** Mostly well-formed requests from a signed-in caller, so successes are common too. */
const plausibleBody = fc
  .record(
    {
      roomId: fc.constantFrom('room-1', 'room-42', 'lobby', 'room 9'),
      userId: fc.constantFrom(ALICE_SUB.replaceAll('-', ''), 'bob'),
      privileges: fc.record(
        { loginRoom: fc.boolean(), publishStream: fc.boolean() },
        { requiredKeys: [] },
      ),
      streamIds: fc.array(fc.constantFrom('s1', 'room-1_alice', 'bad stream'), {
        minLength: 1,
        maxLength: 2,
      }),
      ttlSeconds: fc.constantFrom(59, 60, 600, 3600, 7200, 86_400, 86_401),
      cipher: fc.constantFrom('gcm', 'cbc'),
      version: fc.constantFrom('04', '04', '03'),
      userName: fc.string({ minLength: 1, maxLength: 20 }),
      format: fc.constantFrom('token', 'kit'),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
const plausibleScenario = fc.record({
  kind: fc.constantFrom('rest', 'http'),
  config: fc.nat({ max: CONFIGS.length - 1 }),
  method: fc.constant('POST'),
  body: fc.oneof(fc.constant(undefined), plausibleBody),
  base64: fc.boolean(),
  contentType: fc.constant('application/json'),
  headers: extraHeaders,
  claims: fc.record({
    sub: fc.constant(ALICE_SUB),
    token_use: fc.constant('id'),
    aud: fc.constant(APP_CLIENT_ID),
    'cognito:username': fc.constantFrom('alice', 'bob smith'),
    'cognito:groups': fc.constantFrom('publishers', 'viewers', '[publishers admins]', '[]'),
  }),
});
/** A signed-in caller sending anything. */
const anyBodyScenario = fc.record({
  kind: fc.constantFrom('rest', 'http'),
  config: fc.nat({ max: CONFIGS.length - 1 }),
  method: fc.constant('POST'),
  body: bodyText,
  base64: fc.boolean(),
  contentType,
  headers: extraHeaders,
  claims: plausibleScenario.map((p) => p.claims),
});
const scenario = fc.oneof(anyScenario, anyBodyScenario, plausibleScenario);

type Scenario = typeof anyScenario extends fc.Arbitrary<infer T> ? T : never;

function eventFor(s: Scenario): ApiGatewayEvent {
  const body =
    s.body === undefined ? undefined : s.base64 ? Buffer.from(s.body).toString('base64') : s.body;
  const spec = {
    method: s.method,
    body,
    isBase64Encoded: s.base64,
    headers: { 'Content-Type': s.contentType, ...s.headers },
    requestId: 'prop-req',
  };
  const event = s.kind === 'rest' ? restEvent(spec) : httpApiEvent(spec);
  const context = event.requestContext as unknown as { authorizer?: unknown };
  if (s.claims === null) delete context.authorizer;
  else if (s.kind === 'rest') context.authorizer = { claims: s.claims };
  else context.authorizer = { jwt: { claims: s.claims, scopes: null } };
  return event;
}

describe('handler properties', () => {
  it('never answers 5xx with a healthy secret; every error is valid problem+json', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const handler = handlers[s.config];
        if (handler === undefined) throw new Error('no handler');
        const answer = await invoke(handler, eventFor(s));
        const outcome =
          answer.status === 200 ? 'issued' : String(answer.json.code ?? answer.status);
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        expect(answer.status).toBeLessThan(500);
        if (answer.status === 200) {
          const opened = openToken(answer.json.token as string, SECRET);
          expect(opened.plaintext.user_id).toBe(answer.json.userId);
          expect(opened.envelopeExpire).toBe(answer.json.expiresAt);
        } else if (answer.status === 204) {
          expect(s.method).toBe('OPTIONS');
        } else {
          expect(answer.headers['content-type']).toBe('application/problem+json');
          expect(Object.keys(answer.json).sort()).toEqual(PROBLEM_KEYS);
          const code = answer.json.code as keyof typeof DOCUMENTED_STATUS;
          expect(DOCUMENTED_STATUS[code]).toBe(answer.status);
          expect(answer.json.status).toBe(answer.status);
          expect(answer.json.type).toBe(`urn:zego-token-service:problem:${code}`);
          expect(answer.json.requestId).toBe('prop-req');
          expect(typeof answer.json.title).toBe('string');
          expect(typeof answer.json.detail).toBe('string');
        }
      }),
      { numRuns: 600 },
    );
    // The generators reach both successes and refusals of many kinds.
    expect(seen.get('issued') ?? 0).toBeGreaterThan(10);
    expect(seen.size).toBeGreaterThanOrEqual(9);
    expect(output.text()).not.toContain(SECRET);
  });
});
