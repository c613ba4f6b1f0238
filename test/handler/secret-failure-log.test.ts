// What the handler logs when Secrets Manager answers with something that is not its JSON (a
// proxy's HTML error page): the real SDK client against the local fake, no body text in the log.
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ServiceMetrics } from '../../functions/commons/observability.ts';
import {
  createSecretsManagerClient,
  secretsManagerSecretSource,
} from '../../functions/commons/secrets/secrets-manager.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import { restEvent } from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import {
  type FakeSecretsManager,
  HTML_ERROR_PAGE,
  RAW_REQUEST_ID,
  startFakeSecretsManager,
} from '../support/fake-secrets-manager.ts';
import { invoke } from '../support/invoke.ts';

let fake: FakeSecretsManager;
let output: CapturedOutput;
beforeAll(async () => {
  fake = await startFakeSecretsManager({ secretName: 'zego/app' });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

it('logs a Secrets Manager HTML error page by name, status and request ID only', async () => {
  const limits = {
    connectionTimeoutMs: 500,
    requestTimeoutMs: 1000,
    maxAttempts: 2,
    totalTimeoutMs: 3000,
  };
  const client = createSecretsManagerClient(limits, {
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-key' },
    endpoint: fake.url,
  });
  const handler = createTokenHandler({
    config: await readHandlerConfig({}),
    secrets: secretsManagerSecretSource({
      secretId: 'zego/app',
      cacheSeconds: 300,
      maxStaleSeconds: 900,
      client,
      limits,
    }),
    logger: new Logger({ serviceName: 'zego-token-test', logLevel: 'INFO' }),
    metrics: new ServiceMetrics({ namespace: 'ZegoTokenTest', serviceName: 'zego-token-test' }),
  });
  fake.inject({ kind: 'html-error' }, { kind: 'html-error' });

  const answer = await invoke(handler, restEvent({ body: JSON.stringify({}) }));
  expect(answer.status).toBe(503);
  const logged = output.text();
  expect(logged).toContain(`SyntaxError HTTP 502 after 2 attempt(s) (request ${RAW_REQUEST_ID})`);
  for (const piece of ['<', 'html', 'upstream', 'Bad Gateway', 'Unexpected token']) {
    if (piece !== 'Unexpected token') expect(HTML_ERROR_PAGE).toContain(piece);
    expect(logged).not.toContain(piece);
    expect(answer.body).not.toContain(piece);
  }
});
