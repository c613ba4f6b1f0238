// The Lambda entry module (functions/token/handler.ts) as Lambda loads it: configuration from the
// environment, the real SDK client reaching a local Secrets Manager endpoint through
// AWS_ENDPOINT_URL_SECRETS_MANAGER, Powertools writing to stdout.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenHandler } from '../../functions/token/create-handler.ts';
import { httpApiEvent, lambdaContext, restEvent } from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import {
  type FakeSecretsManager,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { invoke } from '../support/invoke.ts';
import { loadLambdaEntry, restoreEnv } from '../support/lambda-entry.ts';
import { openToken } from '../support/open-token.ts';

const SECRET = '9b74c9897bac770ffc029102a200c5de';
const SECRET_VALUE = JSON.stringify({ appId: 987654321, serverSecret: SECRET });

let fake: FakeSecretsManager;
let output: CapturedOutput;

beforeAll(async () => {
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset(SECRET_VALUE);
  output = captureOutput();
});
afterEach(() => {
  output.restore();
  restoreEnv();
});

/** Loads a fresh copy of the entry module with `env` as the function's environment. */
function loadEntry(env: Record<string, string | undefined>): Promise<TokenHandler> {
  return loadLambdaEntry(fake.url, env);
}

describe('Lambda entry', () => {
  it('serves 100 concurrent first invocations with exactly one GetSecretValue', async () => {
    const handler = await loadEntry({ ZEGO_SECRET_ID: 'zego/app' });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        invoke(
          handler,
          (i % 2 === 0 ? restEvent : httpApiEvent)({ requestId: `r-${i}` }),
          lambdaContext(`l-${i}`),
        ),
      ),
    );
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({
      target: 'secretsmanager.GetSecretValue',
      secretId: 'zego/app',
    });
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    const opened = openToken(answers[0]?.json.token as string, SECRET);
    expect(opened.plaintext.app_id).toBe(987654321);
  });

  it('never writes the secret or an issued token to its logs over a full run', async () => {
    const handler = await loadEntry({
      ZEGO_SECRET_ID: 'zego/app',
      ZEGO_PUBLISH_GROUPS: 'publishers',
      ZEGO_CORS_ORIGINS: 'https://app.example.com',
    });
    const tokens: string[] = [];
    const bodies = [
      undefined,
      JSON.stringify({ roomId: 'room-1' }),
      JSON.stringify({ roomId: 'room-1', privileges: { publishStream: true }, format: 'kit' }),
      JSON.stringify({ roomId: 'room-1', version: '03' }),
      JSON.stringify({ cipher: 'cbc', ttlSeconds: 120 }),
      JSON.stringify({ ttlSeconds: 1 }),
      JSON.stringify({ userId: 'mallory' }),
      '{broken',
    ];
    for (const body of bodies) {
      const answer = await invoke(
        handler,
        restEvent({ body, caller: { groups: ['publishers'] } }),
        lambdaContext(),
      );
      for (const key of ['token', 'kitToken']) {
        if (typeof answer.json[key] === 'string') tokens.push(answer.json[key] as string);
      }
    }
    expect(tokens.length).toBeGreaterThanOrEqual(6);

    const text = output.text();
    expect(text).toContain('secret loaded');
    expect(text).toContain('token issued');
    expect(text).toContain('request refused');
    expect(text).not.toContain(SECRET);
    for (const token of tokens) {
      expect(text).not.toContain(token);
      // Not even the token's base64 body without its version prefix.
      expect(text).not.toContain(token.slice(2, 40));
    }
  });

  it('answers 503 secret_unavailable with Retry-After when the secret cannot be read', async () => {
    const handler = await loadEntry({ ZEGO_SECRET_ID: 'zego/missing' });
    const answer = await invoke(handler, restEvent({ requestId: 'r-down' }), lambdaContext());
    expect(answer.status).toBe(503);
    expect(answer.json.code).toBe('secret_unavailable');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answer.body).not.toContain('ResourceNotFound');
    const records = output.records();
    expect(records).toContainEqual(
      expect.objectContaining({
        message: 'secret refresh failed; no usable value',
        secretProblem: expect.stringMatching(/^ResourceNotFoundException HTTP 400/),
      }),
    );
    expect(records).toContainEqual(expect.objectContaining({ SecretFetchErrors: 1 }));
    expect(records).toContainEqual(
      expect.objectContaining({ RequestsRefused: 1, code: 'secret_unavailable' }),
    );
  });

  it('answers 500 for a malformed secret value and logs what is wrong, not the value', async () => {
    const leaked = 'short-secret-value';
    fake.reset(JSON.stringify({ appid: 1, serverSecret: leaked }));
    const handler = await loadEntry({ ZEGO_SECRET_ID: 'zego/app' });
    const answer = await invoke(handler, httpApiEvent(), lambdaContext());
    expect(answer.status).toBe(500);
    expect(answer.json.code).toBe('internal_error');
    const failure = output
      .records()
      .find((r) => r.message === 'secret refresh failed; no usable value');
    expect(failure?.secretProblem).toMatch(/appId missing; .*32 printable ASCII characters/);
    expect(output.text()).not.toContain(leaked);
    expect(answer.body).not.toContain(leaked);
  });

  it('answers 500 while the stack placeholder (appId 0) is stored, and logs the command that fixes it', async () => {
    const placeholderSecret = 'Pl4ceh0lderPl4ceh0lderPl4ceh0ld3';
    fake.reset(JSON.stringify({ appId: 0, serverSecret: placeholderSecret }));
    const handler = await loadEntry({ ZEGO_SECRET_ID: 'zego/app' });
    const answer = await invoke(
      handler,
      restEvent({ requestId: 'r-placeholder' }),
      lambdaContext(),
    );
    expect(answer.status).toBe(500);
    expect(answer.json.code).toBe('internal_error');
    const failure = output
      .records()
      .find((r) => r.message === 'secret refresh failed; no usable value');
    expect(failure?.level).toBe('ERROR');
    expect(failure?.secretProblem).toMatch(/placeholder/);
    expect(failure?.secretProblem).toContain('npm run ops -- put-secret --app-id <AppID>');
    expect(output.text()).not.toContain(placeholderSecret);
    expect(answer.body).not.toContain('put-secret');
  });

  it('loads without ZEGO_SECRET_ID, logs the configuration error and answers 500', async () => {
    const handler = await loadEntry({ ZEGO_SECRET_ID: undefined });
    const init = output.records().find((r) => r.variable === 'ZEGO_SECRET_ID');
    expect(init).toMatchObject({ level: 'ERROR' });
    const answer = await invoke(handler, restEvent({ requestId: 'r-cfg' }), lambdaContext());
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({ code: 'internal_error', requestId: 'r-cfg' });
    expect(answer.body).not.toContain('ZEGO_SECRET_ID');
    expect(output.records()).toContainEqual(
      expect.objectContaining({
        message: 'configuration error',
        requestId: 'r-cfg',
        detail: expect.stringContaining('ZEGO_SECRET_ID'),
      }),
    );
    expect(fake.calls).toHaveLength(0);
  });

  it('treats a bad setting the same way, naming the variable', async () => {
    const handler = await loadEntry({
      ZEGO_SECRET_ID: 'zego/app',
      ZEGO_MAX_TTL_SECONDS: '30 days',
    });
    expect(output.records()).toContainEqual(
      expect.objectContaining({
        variable: 'ZEGO_MAX_TTL_SECONDS',
        detail: expect.stringContaining('must be an integer from 60 to 2073600'),
      }),
    );
    const answer = await invoke(handler, restEvent(), lambdaContext());
    expect(answer.status).toBe(500);
  });
});
