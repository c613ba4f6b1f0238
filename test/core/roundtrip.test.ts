// Round trips through generate → decode for every form, kit tokens, and property tests:
// valid inputs always round-trip; arbitrary input to decode/inspect only ever yields TokenError.
import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeToken,
  generateToken,
  inspectToken,
  makeKitToken,
  TokenError,
} from '../../functions/core/index.ts';

const secret = 'fa94dd0f974cf2e293728a526b028271';
const ID_CHARS = [
  ...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()+-:;<=.>?@[]^_{}|~',
];
const STREAM_CHARS = [
  ..."0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ~!@#$%^&*()_+=-`;',.<>/\\",
];

const idOf = (chars: string[], max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: max }).map((a) => a.join(''));

const secretArb = fc
  .array(fc.integer({ min: 0x21, max: 0x7e }), { minLength: 32, maxLength: 32 })
  .map((codes) => String.fromCharCode(...codes));

describe('round trips', () => {
  const now = () => 1_795_344_294_000;
  it.each([
    ['04', 'gcm', false],
    ['04', 'gcm', true],
    ['04', 'cbc', false],
    ['04', 'cbc', true],
    ['03', 'cbc', true],
  ] as const)('version %s, %s, privilege %s', (version, cipher, withPrivilege) => {
    const privilege = withPrivilege
      ? {
          roomId: 'room-1',
          loginRoom: true,
          publishStream: version === '04',
          ...(version === '04' ? { streamIds: ['room-1_a'] } : {}),
        }
      : undefined;
    const made = generateToken(
      {
        version,
        cipher,
        appId: 42,
        userId: 'alice',
        secret,
        ttlSeconds: 3600,
        ...(privilege ? { privilege } : {}),
      },
      { now },
    );
    const decoded = decodeToken(made.token, secret, { now });
    expect(decoded).toMatchObject({
      version,
      cipher,
      appId: 42,
      userId: 'alice',
      issuedAt: made.issuedAt,
      expiresAt: made.expiresAt,
      expired: false,
    });
    expect(decoded.expiresAt - decoded.issuedAt).toBe(3600);
    if (privilege) {
      expect(decoded.privilege).toEqual({
        roomId: 'room-1',
        loginRoom: true,
        publishStream: privilege.publishStream,
        streamIds: privilege.streamIds ?? null,
      });
    } else {
      expect(decoded.privilege).toBeNull();
      expect(decoded.payload).toBe('');
    }
    expect(inspectToken(made.token, { now })).toEqual({
      version,
      cipher,
      expiresAt: made.expiresAt,
      expired: false,
    });
  });

  it('two tokens for the same input differ (fresh nonce and IV each time)', () => {
    const a = generateToken({ appId: 1, userId: 'u', secret, ttlSeconds: 60 });
    const b = generateToken({ appId: 1, userId: 'u', secret, ttlSeconds: 60 });
    expect(a.token).not.toBe(b.token);
  });

  it('Token03 nonces beyond 2^53 survive generate → decode exactly', () => {
    for (let i = 0; i < 50; i++) {
      const bytes = Buffer.alloc(40, 7);
      bytes.writeBigUInt64BE(0x7fff_ffff_ffff_fff0n + BigInt(i % 15), 0);
      const made = generateToken(
        {
          version: '03',
          appId: 7,
          userId: 'u',
          secret,
          ttlSeconds: 60,
          privilege: { roomId: 'r', loginRoom: true, publishStream: false },
        },
        { randomBytes: (n) => bytes.subarray(0, n) },
      );
      const decoded = decodeToken(made.token, secret);
      expect(decoded.nonce).toBe((0x7fff_ffff_ffff_fff0n + BigInt(i % 15)).toString());
    }
  });
});

describe('kit token', () => {
  it('is token04 # base64 of {userID, roomID, URI-encoded userName, appID}', () => {
    const { token } = generateToken({ appId: 99, userId: 'alice', secret, ttlSeconds: 600 });
    const userName = 'Zoë 李 🎉 a&b';
    const kit = makeKitToken({ token, appId: 99, userId: 'alice', roomId: 'room-1', userName });
    const [head, tail, extra] = kit.split('#');
    expect(head).toBe(token);
    expect(extra).toBeUndefined();
    const parsed = JSON.parse(Buffer.from(tail as string, 'base64').toString('utf8'));
    expect(parsed).toEqual({
      userID: 'alice',
      roomID: 'room-1',
      userName: encodeURIComponent(userName),
      appID: 99,
    });
    expect(decodeURIComponent(parsed.userName)).toBe(userName);
    expect(decodeToken(head as string, secret).userId).toBe('alice');
  });

  it('refuses a Token03 and bad parts with typed errors', () => {
    expect(() =>
      makeKitToken({ token: '03abc', appId: 1, userId: 'u', roomId: 'r', userName: 'n' }),
    ).toThrow(TokenError);
    expect(() =>
      makeKitToken({
        token: '04abc',
        appId: 1,
        userId: 'u',
        roomId: 'r',
        userName: 'x'.repeat(65),
      }),
    ).toThrow(TokenError);
  });
});

describe('properties', () => {
  it('random valid inputs always round-trip', () => {
    fc.assert(
      fc.property(
        fc.record({
          appId: fc.integer({ min: 1, max: 0xffff_ffff }),
          userId: idOf(ID_CHARS, 32),
          secret: secretArb,
          ttlSeconds: fc.integer({ min: 60, max: 2_073_600 }),
          nowMs: fc.integer({ min: 0, max: 4_000_000_000_000 }),
          cipher: fc.constantFrom('gcm' as const, 'cbc' as const),
          privilege: fc.option(
            fc.record({
              roomId: idOf(ID_CHARS, 128),
              loginRoom: fc.boolean(),
              publishStream: fc.boolean(),
              streamIds: fc.array(idOf(STREAM_CHARS, 256), { maxLength: 4 }),
            }),
            { nil: undefined },
          ),
        }),
        (input) => {
          const now = () => input.nowMs;
          const made = generateToken(
            {
              appId: input.appId,
              userId: input.userId,
              secret: input.secret,
              ttlSeconds: input.ttlSeconds,
              cipher: input.cipher,
              ...(input.privilege ? { privilege: input.privilege } : {}),
            },
            { now },
          );
          const decoded = decodeToken(made.token, input.secret, { now });
          expect(decoded.appId).toBe(input.appId);
          expect(decoded.userId).toBe(input.userId);
          expect(decoded.cipher).toBe(input.cipher);
          expect(decoded.issuedAt).toBe(Math.floor(input.nowMs / 1000));
          expect(decoded.expiresAt).toBe(decoded.issuedAt + input.ttlSeconds);
          if (input.privilege) {
            expect(decoded.privilege).toEqual({
              roomId: input.privilege.roomId,
              loginRoom: input.privilege.loginRoom,
              publishStream: input.privilege.publishStream,
              streamIds: input.privilege.streamIds.length > 0 ? input.privilege.streamIds : null,
            });
          } else {
            expect(decoded.privilege).toBeNull();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const onlyTokenErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
    }
  };

  it('random strings to decode/inspect yield a TokenError or a result, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        onlyTokenErrors(() => inspectToken(text));
        onlyTokenErrors(() => decodeToken(text, secret));
        onlyTokenErrors(() => decodeToken(`04${text}`, secret));
      }),
      { numRuns: 500 },
    );
  });

  it('random envelopes (random bytes behind a valid prefix) never throw anything else', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('04', '03'),
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        (prefix, bytes, shaped) => {
          let body = Buffer.from(bytes);
          if (shaped && body.length >= 12) {
            // Make the lengths plausible so decryption and parsing are reached.
            const ivLen = body.length % 2 === 0 ? 12 : 16;
            const rest = body.subarray(12);
            body = Buffer.concat([
              body.subarray(0, 8),
              Buffer.from([0, ivLen]),
              Buffer.alloc(ivLen, 1),
              Buffer.from([rest.length >> 8, rest.length & 0xff]),
              rest,
              ivLen === 12 ? Buffer.from([1]) : Buffer.alloc(0),
            ]);
          }
          const token = prefix + body.toString('base64');
          onlyTokenErrors(() => inspectToken(token));
          onlyTokenErrors(() => decodeToken(token, secret));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random ciphertext under the right key (CBC decrypts to noise) is a typed error', () => {
    // Exercise the post-decryption paths: valid padding with garbage JSON, and JSON of the wrong shape.
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        const iv = Buffer.alloc(16, 0x61);
        const c = createCipheriv('aes-256-cbc', Buffer.from(secret), iv);
        const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
        if (ct.length > 0xffff) return;
        const env = Buffer.alloc(8 + 2 + 16 + 2 + ct.length);
        env.writeBigInt64BE(1n, 0);
        env.writeUInt16BE(16, 8);
        iv.copy(env, 10);
        env.writeUInt16BE(ct.length, 26);
        ct.copy(env, 28);
        onlyTokenErrors(() => decodeToken(`04${env.toString('base64')}`, secret));
        onlyTokenErrors(() => decodeToken(`03${env.toString('base64')}`, secret));
      }),
      { numRuns: 300 },
    );
  });
});
