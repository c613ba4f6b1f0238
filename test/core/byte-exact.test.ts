// Tokens made with an injected clock and byte source must equal, byte for byte, what
// node:crypto produces for the format in token-formats.md (test/support/reference-token.ts).
import { describe, expect, it } from 'vitest';
import { generateToken } from '../../functions/core/index.ts';
import { countingBytes, fixedRandom } from '../support/fixed-random.ts';
import { referenceCbc04, referenceGcm04, referenceToken03 } from '../support/reference-token.ts';

const secret = 'fa94dd0f974cf2e293728a526b028271';
const appId = 1234567890;
const nowMs = 1_795_344_294_789; // ctime must be whole seconds: floor(now / 1000)
const ctime = 1_795_344_294;

// Documented consumption order of the byte source: Token04 takes 4 bytes for the nonce, then
// the IV. GCM takes 12 raw bytes; CBC takes bytes below 252 and maps b → [0-9a-z][b % 36].
function asciiFrom(bytes: Uint8Array, count: number): { iv: Buffer; used: number } {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let iv = '';
  let used = 0;
  while (iv.length < count) {
    const b = bytes[used++] as number;
    if (b < 252) iv += alphabet[b % 36];
  }
  return { iv: Buffer.from(iv, 'ascii'), used };
}

describe('Token04 GCM, byte for byte', () => {
  it('basic token: payload "" and the envelope as node:crypto makes it', () => {
    const bytes = countingBytes(16, 200);
    const { token, issuedAt, expiresAt } = generateToken(
      { appId, userId: 'alice', secret, ttlSeconds: 3600 },
      { now: () => nowMs, randomBytes: fixedRandom(bytes) },
    );
    const nonce = Buffer.from(bytes).readInt32BE(0);
    const expected = referenceGcm04(
      { appId, userId: 'alice', secret, nonce, ctime, expire: ctime + 3600, payload: '' },
      Buffer.from(bytes.subarray(4, 16)),
    );
    expect(token).toBe(expected);
    expect(issuedAt).toBe(ctime);
    expect(expiresAt).toBe(ctime + 3600);
    expect(nonce).toBeLessThan(0); // 200,201,202,203 → a negative int32 is written as such
  });

  it('privilege token: payload is the JSON text of room, flags and stream list', () => {
    const bytes = countingBytes(16, 7);
    const { token } = generateToken(
      {
        appId,
        userId: 'bob',
        secret,
        ttlSeconds: 60,
        privilege: {
          roomId: 'room-1',
          loginRoom: true,
          publishStream: false,
          streamIds: ['s1', 's2'],
        },
      },
      { now: () => nowMs, randomBytes: fixedRandom(bytes) },
    );
    const payload = JSON.stringify({
      room_id: 'room-1',
      privilege: { 1: 1, 2: 0 },
      stream_id_list: ['s1', 's2'],
    });
    const expected = referenceGcm04(
      {
        appId,
        userId: 'bob',
        secret,
        nonce: Buffer.from(bytes).readInt32BE(0),
        ctime,
        expire: ctime + 60,
        payload,
      },
      Buffer.from(bytes.subarray(4, 16)),
    );
    expect(token).toBe(expected);
  });

  it('no stream restriction is written as stream_id_list null', () => {
    const bytes = countingBytes(16, 99);
    const { token } = generateToken(
      {
        appId,
        userId: 'bob',
        secret,
        ttlSeconds: 600,
        privilege: { roomId: 'r', loginRoom: true, publishStream: true },
      },
      { now: () => nowMs, randomBytes: fixedRandom(bytes) },
    );
    const payload = '{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":null}';
    expect(token).toBe(
      referenceGcm04(
        {
          appId,
          userId: 'bob',
          secret,
          nonce: Buffer.from(bytes).readInt32BE(0),
          ctime,
          expire: ctime + 600,
          payload,
        },
        Buffer.from(bytes.subarray(4, 16)),
      ),
    );
  });
});

describe('Token04 CBC, byte for byte', () => {
  it('16-character [0-9a-z] IV, PKCS#7, no mode byte; bytes ≥ 252 are skipped', () => {
    // 4 nonce bytes, then IV candidates including 252..255, which must be skipped.
    const bytes = Uint8Array.from([1, 2, 3, 4, 252, 253, 254, 255, ...countingBytes(40, 30)]);
    const { token } = generateToken(
      { appId, userId: 'carol', secret, ttlSeconds: 120, cipher: 'cbc' },
      { now: () => nowMs, randomBytes: fixedRandom(bytes) },
    );
    const { iv } = asciiFrom(bytes.subarray(4), 16);
    expect(iv.toString()).toMatch(/^[0-9a-z]{16}$/);
    const expected = referenceCbc04(
      {
        appId,
        userId: 'carol',
        secret,
        nonce: 0x01020304,
        ctime,
        expire: ctime + 120,
        payload: '',
      },
      iv,
    );
    expect(token).toBe(expected);
  });
});

describe('Token03, byte for byte', () => {
  it('writes the 64-bit nonce as exact digits, top bit cleared', () => {
    const bytes = Uint8Array.from([
      0xff,
      0xee,
      0xdd,
      0xcc,
      0xbb,
      0xaa,
      0x99,
      0x88,
      ...countingBytes(40, 60),
    ]);
    const { token, version, cipher } = generateToken(
      {
        version: '03',
        appId,
        userId: 'dave',
        secret,
        ttlSeconds: 3600,
        privilege: { roomId: 'room-9', loginRoom: true, publishStream: true },
      },
      { now: () => nowMs, randomBytes: fixedRandom(bytes) },
    );
    const nonceDigits = (Buffer.from(bytes).readBigUInt64BE(0) & ((1n << 63n) - 1n)).toString();
    expect(BigInt(nonceDigits)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    const { iv } = asciiFrom(bytes.subarray(8), 16);
    const expected = referenceToken03(
      {
        appId,
        userId: 'dave',
        secret,
        roomId: 'room-9',
        loginRoom: 1,
        publishStream: 1,
        createTime: ctime,
        expireTime: ctime + 3600,
        nonceDigits,
      },
      iv,
    );
    expect(token).toBe(expected);
    expect(version).toBe('03');
    expect(cipher).toBe('cbc');
  });
});
