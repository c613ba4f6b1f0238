// Configuration of the local run, and real-pool mode (trusting an issuer other than the
// emulator) driven end to end against a loopback issuer with its own key.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../functions/contract/env.ts';
import { decodeToken } from '../../functions/core/index.ts';
import { extractBearer } from '../../functions/local/authorizer.ts';
import {
  readLocalSecret,
  readPort,
  readTokenUse,
  readTrustedPool,
} from '../../functions/local/config.ts';
import { localHandlerEnv, startLocalStack } from '../../functions/local/stack.ts';
import { postToken } from './support/http.ts';
import { startTestIssuer } from './support/jwt.ts';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('real user pool settings', () => {
  it('is off when no COGNITO_* variable is set', () => {
    expect(readTrustedPool({})).toBeUndefined();
  });

  it('builds the issuer and JWKS URI from COGNITO_USER_POOL_ID (region from the ID)', () => {
    expect(
      readTrustedPool({ COGNITO_USER_POOL_ID: 'eu-west-1_AbC123xyz', COGNITO_CLIENT_ID: 'c1, c2' }),
    ).toEqual({
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz',
      jwksUri:
        'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz/.well-known/jwks.json',
      clientIds: ['c1', 'c2'],
      userPoolId: 'eu-west-1_AbC123xyz',
      region: 'eu-west-1',
    });
  });

  it('takes COGNITO_ISSUER as given and reads the pool from a Cognito issuer', () => {
    expect(
      readTrustedPool({
        COGNITO_ISSUER: 'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Xy9/',
        COGNITO_CLIENT_ID: 'c1',
      }),
    ).toMatchObject({
      issuer: 'https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_Xy9',
      userPoolId: 'us-gov-west-1_Xy9',
      region: 'us-gov-west-1',
    });
    expect(
      readTrustedPool({
        COGNITO_ISSUER: 'http://127.0.0.1:9229/local_abc',
        COGNITO_CLIENT_ID: 'c1',
        COGNITO_JWKS_URI: 'http://127.0.0.1:9229/keys.json',
      }),
    ).toEqual({
      issuer: 'http://127.0.0.1:9229/local_abc',
      jwksUri: 'http://127.0.0.1:9229/keys.json',
      clientIds: ['c1'],
    });
  });

  it.each([
    [{ COGNITO_USER_POOL_ID: 'eu-west-1_Abc' }, 'COGNITO_CLIENT_ID'],
    [{ COGNITO_CLIENT_ID: 'c1' }, 'COGNITO_ISSUER'],
    [{ COGNITO_USER_POOL_ID: 'not-a-pool', COGNITO_CLIENT_ID: 'c1' }, 'COGNITO_USER_POOL_ID'],
    [
      { COGNITO_USER_POOL_ID: 'eu-west-1_Abc', COGNITO_CLIENT_ID: 'c1', AWS_REGION: 'us-east-1' },
      'AWS_REGION',
    ],
    [
      { COGNITO_ISSUER: 'http://issuer.example.com/pool', COGNITO_CLIENT_ID: 'c1' },
      'COGNITO_ISSUER',
    ],
    [{ COGNITO_ISSUER: 'not a url', COGNITO_CLIENT_ID: 'c1' }, 'COGNITO_ISSUER'],
    [
      {
        COGNITO_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_One',
        COGNITO_USER_POOL_ID: 'eu-west-1_Two',
        COGNITO_CLIENT_ID: 'c1',
      },
      'COGNITO_ISSUER',
    ],
  ])('refuses %j naming %s', (env, variable) => {
    expect(configError(() => readTrustedPool(env)).variable).toBe(variable);
  });
});

describe('ZEGO app secret for the local run', () => {
  it('generates a fresh dev-only AppID and 32-hex-char secret when none is set', () => {
    const a = readLocalSecret({});
    const b = readLocalSecret({});
    expect(a.generated).toBe(true);
    expect(a.serverSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isInteger(a.appId) && a.appId >= 1 && a.appId <= 0xffffffff).toBe(true);
    expect(a.serverSecret).not.toBe(b.serverSecret);
  });

  it('uses ZEGO_APP_ID and ZEGO_SERVER_SECRET when both are set', () => {
    const secret = 'Abcdefghijklmnopqrstuvwxyz012345';
    expect(readLocalSecret({ ZEGO_APP_ID: '123456', ZEGO_SERVER_SECRET: secret })).toEqual({
      appId: 123456,
      serverSecret: secret,
      generated: false,
    });
  });

  it('refuses half or bad settings without echoing the secret', () => {
    const secret = 'too-short-secret-value';
    expect(configError(() => readLocalSecret({ ZEGO_APP_ID: '1' })).variable).toBe(
      'ZEGO_SERVER_SECRET',
    );
    expect(configError(() => readLocalSecret({ ZEGO_SERVER_SECRET: secret })).variable).toBe(
      'ZEGO_APP_ID',
    );
    const bad = configError(() =>
      readLocalSecret({ ZEGO_APP_ID: '1', ZEGO_SERVER_SECRET: secret }),
    );
    expect(bad.variable).toBe('ZEGO_SERVER_SECRET');
    expect(bad.message).not.toContain(secret);
    const okSecret = '0123456789abcdef0123456789abcdef';
    for (const appId of ['0', '4294967296', '12a', '-5']) {
      const error = configError(() =>
        readLocalSecret({ ZEGO_APP_ID: appId, ZEGO_SERVER_SECRET: okSecret }),
      );
      expect(error.variable).toBe('ZEGO_APP_ID');
    }
  });
});

describe('other settings', () => {
  it('reads PORT (default 3000, 0 = any free port)', () => {
    expect(readPort({})).toBe(3000);
    expect(readPort({ PORT: '0' })).toBe(0);
    expect(readPort({ PORT: '8080' })).toBe(8080);
    expect(configError(() => readPort({ PORT: 'http' })).variable).toBe('PORT');
    expect(configError(() => readPort({ PORT: '70000' })).variable).toBe('PORT');
  });

  it('reads the accepted token_use values', () => {
    expect(readTokenUse({})).toEqual(['id']);
    expect(readTokenUse({ ZEGO_ALLOWED_TOKEN_USE: 'id, access' })).toEqual(['id', 'access']);
    expect(configError(() => readTokenUse({ ZEGO_ALLOWED_TOKEN_USE: 'refresh' })).variable).toBe(
      'ZEGO_ALLOWED_TOKEN_USE',
    );
  });

  it("defaults the handler's publish group and client to the seeded ones, keeping explicit values", () => {
    const env = localHandlerEnv(
      { ZEGO_SERVER_SECRET: 'x'.repeat(32), ZEGO_MAX_TTL_SECONDS: '600' },
      { clientIds: ['seededclient'], publishGroup: 'publishers' },
    );
    expect(env).toEqual({
      ZEGO_MAX_TTL_SECONDS: '600',
      ZEGO_PUBLISH_GROUPS: 'publishers',
      ZEGO_ALLOWED_CLIENT_IDS: 'seededclient',
    });
    expect(
      localHandlerEnv(
        { ZEGO_PUBLISH_GROUPS: 'hosts', ZEGO_ALLOWED_CLIENT_IDS: 'mine' },
        { clientIds: ['seededclient'], publishGroup: 'publishers' },
      ),
    ).toEqual({ ZEGO_PUBLISH_GROUPS: 'hosts', ZEGO_ALLOWED_CLIENT_IDS: 'mine' });
  });

  it('extracts the JWT from an Authorization header', () => {
    expect(extractBearer('Bearer a.b.c')).toBe('a.b.c');
    expect(extractBearer('bearer   a.b.c ')).toBe('a.b.c');
    expect(extractBearer('a.b.c')).toBe('a.b.c');
    expect(extractBearer(undefined)).toBeUndefined();
    expect(extractBearer('')).toBeUndefined();
    expect(extractBearer('Basic dXNlcjpwYXNz x')).toBeUndefined();
    expect(extractBearer('Bearer a b')).toBeUndefined();
  });
});

describe('real-pool mode', () => {
  const SECRET = randomBytes(16).toString('hex');
  let issuer: Awaited<ReturnType<typeof startTestIssuer>>;
  let stack: Awaited<ReturnType<typeof startLocalStack>>;

  beforeAll(async () => {
    issuer = await startTestIssuer('eu-west-1_RealPool1');
    stack = await startLocalStack({
      env: { COGNITO_ISSUER: issuer.issuer, COGNITO_CLIENT_ID: 'realclient' },
      port: 0,
      quiet: true,
      secret: { appId: 777, serverSecret: SECRET, generated: false },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await issuer?.close();
  });

  it('starts no emulator and trusts the configured issuer and app client only', async () => {
    expect(stack.mode).toBe('cognito');
    expect(stack.cognito.pid).toBeUndefined();
    expect(stack.users).toEqual([]);
    expect(stack.handlerEnv.ZEGO_PUBLISH_GROUPS).toBeUndefined();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: '11111111-2222-3333-4444-555555555555',
      iss: issuer.issuer,
      aud: 'realclient',
      token_use: 'id',
      iat: now,
      exp: now + 300,
    };
    const answer = await postToken(stack.url, issuer.sign(claims), { roomId: 'r1' });
    expect(answer.status, answer.text).toBe(200);
    const decoded = decodeToken((answer.json() as { token: string }).token, SECRET);
    expect(decoded.appId).toBe(777);
    expect(decoded.userId).toBe('11111111222233334444555555555555');
    expect((await postToken(stack.url, issuer.sign({ ...claims, aud: 'other' }))).status).toBe(401);
    await expect(stack.signIn('alice')).rejects.toThrow(/no seeded user/);
  });
});
