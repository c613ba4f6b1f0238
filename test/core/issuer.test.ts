// The issuer: bound once to validated credentials, asked for tokens by claims and grant. Its
// guard refuses credentials and user IDs the core did not validate when they break the rules.
import { describe, expect, it } from 'vitest';
import {
  createTokenIssuer,
  decodeToken,
  generateToken,
  makeKitToken,
  type ServerCredentials,
  serverCredentials,
  TokenError,
  type ZegoUserId,
  zegoUserId,
} from '../../functions/core/index.ts';

const APP_ID = 1234567890;
const SECRET = 'fa94dd0f974cf2e293728a526b028271';
const NOW_MS = 1_795_344_294_000;
/** Fixed "random" bytes, so two ways of making a token can be compared byte for byte. */
const fixedRandom = (size: number) => new Uint8Array(size).fill(7);
const deps = { now: () => NOW_MS, randomBytes: fixedRandom };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof TokenError) return error.code;
    throw error;
  }
  return undefined;
}

describe('validated values', () => {
  it('are frozen and carry what they were checked against', () => {
    const credentials = serverCredentials(APP_ID, SECRET);
    expect(Object.isFrozen(credentials)).toBe(true);
    expect(credentials).toEqual({ appId: APP_ID, serverSecret: SECRET });
    const userId = zegoUserId('u'.repeat(40), 64);
    expect(userId).toEqual({ value: 'u'.repeat(40), maxBytes: 64 });
    expect(codeOf(() => zegoUserId('u'.repeat(40)))).toBe('invalid_user_id');
    expect(codeOf(() => serverCredentials(APP_ID, 'short'))).toBe('invalid_secret');
    expect(codeOf(() => serverCredentials(0, SECRET))).toBe('invalid_app_id');
  });
});

describe('createTokenIssuer', () => {
  it('makes the same token generateToken makes, and it decodes with the secret', () => {
    const issuer = createTokenIssuer(serverCredentials(APP_ID, SECRET), deps);
    const privilege = { roomId: 'room-1', loginRoom: true, publishStream: false };
    for (const [version, cipher] of [
      ['04', 'gcm'],
      ['04', 'cbc'],
      ['03', 'cbc'],
    ] as const) {
      const issued = issuer.issue(
        { userId: zegoUserId('alice') },
        { version, cipher, ttlSeconds: 600, privilege },
      );
      const direct = generateToken(
        {
          version,
          cipher,
          appId: APP_ID,
          userId: 'alice',
          secret: SECRET,
          ttlSeconds: 600,
          privilege,
        },
        deps,
      );
      expect(issued).toEqual(direct);
      const decoded = decodeToken(issued.token, SECRET, { now: () => NOW_MS });
      expect(decoded).toMatchObject({ appId: APP_ID, userId: 'alice', version, cipher });
      expect(decoded.expiresAt - decoded.issuedAt).toBe(600);
    }
  });

  it('wraps a Token04 in the kit token makeKitToken makes', () => {
    const issuer = createTokenIssuer(serverCredentials(APP_ID, SECRET), deps);
    const privilege = { roomId: 'room-1', loginRoom: true, publishStream: true };
    const issued = issuer.issue(
      { userId: zegoUserId('alice') },
      { ttlSeconds: 600, privilege, kitUserName: 'Alice Ö' },
    );
    expect(issued.kitToken).toBe(
      makeKitToken({
        token: issued.token,
        appId: APP_ID,
        userId: 'alice',
        roomId: 'room-1',
        userName: 'Alice Ö',
      }),
    );
    expect(
      codeOf(() =>
        issuer.issue({ userId: zegoUserId('alice') }, { ttlSeconds: 600, kitUserName: 'x' }),
      ),
    ).toBe('invalid_option');
  });

  it('guards direct callers: credentials and user IDs it did not make are checked', () => {
    const forged = { appId: APP_ID, serverSecret: 'not a secret' } as unknown as ServerCredentials;
    expect(codeOf(() => createTokenIssuer(forged))).toBe('invalid_secret');
    const plain = { appId: APP_ID, serverSecret: SECRET } as unknown as ServerCredentials;
    const issuer = createTokenIssuer(plain, deps);
    const forgedUser = { value: 'u'.repeat(40), maxBytes: 32 } as ZegoUserId;
    expect(codeOf(() => issuer.issue({ userId: forgedUser }, { ttlSeconds: 600 }))).toBe(
      'invalid_user_id',
    );
    const goodUser = { value: 'bob', maxBytes: 32 } as ZegoUserId;
    const token = issuer.issue({ userId: goodUser }, { ttlSeconds: 600 }).token;
    expect(decodeToken(token, SECRET, { now: () => NOW_MS }).userId).toBe('bob');
  });

  it('checks each grant: lifetime, version and cipher', () => {
    const issuer = createTokenIssuer(serverCredentials(APP_ID, SECRET), deps);
    const userId = zegoUserId('alice');
    expect(codeOf(() => issuer.issue({ userId }, { ttlSeconds: 10 }))).toBe('invalid_ttl');
    expect(codeOf(() => issuer.issue({ userId }, { ttlSeconds: 600, version: '03' }))).toBe(
      'invalid_room_id',
    );
    expect(
      codeOf(() => issuer.issue({ userId }, { ttlSeconds: 600, cipher: 'ecb' as 'gcm' })),
    ).toBe('invalid_option');
  });
});
