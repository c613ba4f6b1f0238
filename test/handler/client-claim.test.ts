// The app-client check reads the claim that names the client in that kind of token: `aud` in an
// ID token, `client_id` in an access token (as the README and the local authorizer say). The
// other claim, present or not, is no evidence.
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceMetrics } from '../../functions/commons/observability.ts';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import {
  APP_CLIENT_ID,
  type Caller,
  httpApiEvent,
  restEvent,
} from '../support/api-gateway-events.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { invoke } from '../support/invoke.ts';

let output: CapturedOutput;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  output.restore();
});

const handler = createTokenHandler({
  config: await readHandlerConfig({
    ZEGO_ALLOWED_TOKEN_USE: 'id,access',
    ZEGO_ALLOWED_CLIENT_IDS: APP_CLIENT_ID,
  }),
  secrets: staticSecretSource({
    appId: 1234567890,
    serverSecret: '5f4dcc3b5aa765d61d8327deb882cf99',
  }),
  logger: new Logger({ serviceName: 'zego-token-test', logLevel: 'WARN' }),
  metrics: new ServiceMetrics({ namespace: 'ZegoTokenTest', serviceName: 'zego-token-test' }),
});

const OTHER = 'otherclient9';

describe.each([
  ['REST', restEvent],
  ['HTTP', httpApiEvent],
])('%s API', (_, event) => {
  async function status(caller: Caller): Promise<number> {
    return (await invoke(handler, event({ caller }))).status;
  }

  it('an ID token: its aud decides, not a client_id claim', async () => {
    expect(await status({ tokenUse: 'id' })).toBe(200);
    expect(
      await status({ tokenUse: 'id', clientId: OTHER, extra: { client_id: APP_CLIENT_ID } }),
    ).toBe(403);
  });

  it('an access token: its client_id decides, not an aud claim', async () => {
    expect(await status({ tokenUse: 'access' })).toBe(200);
    expect(
      await status({ tokenUse: 'access', clientId: OTHER, extra: { aud: APP_CLIENT_ID } }),
    ).toBe(403);
    // Without a client_id at all, an allowed aud does not stand in for it.
    const request = event({ caller: { tokenUse: 'access', extra: { aud: APP_CLIENT_ID } } });
    const authorizer = (request.requestContext as { authorizer: Record<string, unknown> })
      .authorizer;
    const jwt = authorizer.jwt as { claims: Record<string, unknown> } | undefined;
    const claims = jwt?.claims ?? (authorizer.claims as Record<string, unknown>);
    delete claims.client_id;
    expect((await invoke(handler, request)).status).toBe(403);
  });
});
