// Decoding tokens made independently of the core (test/support/reference-token.ts follows
// the official libraries' steps), and the typed failures for everything else.
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken, inspectToken, TokenError } from '../../functions/core/index.ts';
import {
  asciiIv,
  referenceCbc04,
  referenceGcm04,
  referenceToken03,
} from '../support/reference-token.ts';

const secret = 'fa94dd0f974cf2e293728a526b028271';
const otherSecret = '0123456789abcdef0123456789abcdef';
const appId = 3_000_000_001;
const ctime = 1_795_344_294;
const nowBefore = () => (ctime + 10) * 1000;

const payload = JSON.stringify({
  room_id: 'room-1',
  privilege: { 1: 1, 2: 0 },
  stream_id_list: ['room-1_alice'],
});
const input = {
  appId,
  userId: 'alice',
  secret,
  nonce: -12345,
  ctime,
  expire: ctime + 3600,
  payload,
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).code;
  }
  throw new Error('expected a TokenError');
}

describe('decoding tokens made the official ways', () => {
  it('GCM with 12 random bytes (official Node library)', () => {
    const token = referenceGcm04(input, randomBytes(12));
    expect(decodeToken(token, secret, { now: nowBefore })).toEqual({
      version: '04',
      cipher: 'gcm',
      appId,
      userId: 'alice',
      nonce: -12345,
      issuedAt: ctime,
      expiresAt: ctime + 3600,
      expired: false,
      payload,
      privilege: {
        roomId: 'room-1',
        loginRoom: true,
        publishStream: false,
        streamIds: ['room-1_alice'],
      },
    });
  });

  it('GCM with a 12-character ASCII nonce (official Python library)', () => {
    const token = referenceGcm04({ ...input, payload: '' }, asciiIv(12));
    const decoded = decodeToken(token, secret, { now: nowBefore });
    expect(decoded.cipher).toBe('gcm');
    expect(decoded.payload).toBe('');
    expect(decoded.privilege).toBeNull();
  });

  it('CBC with a 16-character ASCII IV (official Go/Java/C++/.NET libraries)', () => {
    const token = referenceCbc04(input, asciiIv(16));
    const decoded = decodeToken(token, secret, { now: nowBefore });
    expect(decoded.cipher).toBe('cbc');
    expect(decoded.version).toBe('04');
    expect(decoded.privilege?.roomId).toBe('room-1');
    expect(decoded.nonce).toBe(-12345);
  });

  it('Token03 keeps its 64-bit nonce exactly', () => {
    const nonceDigits = '9223372036854775807';
    const token = referenceToken03(
      {
        appId,
        userId: 'u1',
        secret,
        roomId: 'r1',
        loginRoom: 1,
        publishStream: 0,
        createTime: ctime,
        expireTime: ctime + 60,
        nonceDigits,
      },
      asciiIv(16),
    );
    const decoded = decodeToken(token, secret, { now: nowBefore });
    expect(decoded.nonce).toBe(nonceDigits);
    expect(decoded.payload).toBeNull();
    expect(decoded.privilege).toEqual({
      roomId: 'r1',
      loginRoom: true,
      publishStream: false,
      streamIds: null,
    });
  });

  it('reports expiry: an expired token still decodes, with expired true', () => {
    const token = referenceGcm04(input, randomBytes(12));
    expect(decodeToken(token, secret, { now: () => (ctime + 3600) * 1000 }).expired).toBe(true);
    expect(decodeToken(token, secret, { now: () => (ctime + 3599) * 1000 }).expired).toBe(false);
  });

  it('a payload that is not a privilege object is kept and has no privilege', () => {
    const token = referenceGcm04({ ...input, payload: 'custom' }, randomBytes(12));
    const decoded = decodeToken(token, secret, { now: nowBefore });
    expect(decoded.payload).toBe('custom');
    expect(decoded.privilege).toBeNull();
  });
});

describe('inspect without the secret', () => {
  it('reads version, cipher and expiry of each form', () => {
    const gcm = referenceGcm04(input, randomBytes(12));
    const cbc = referenceCbc04(input, asciiIv(16));
    expect(inspectToken(gcm, { now: nowBefore })).toEqual({
      version: '04',
      cipher: 'gcm',
      expiresAt: ctime + 3600,
      expired: false,
    });
    expect(inspectToken(cbc, { now: () => (ctime + 4000) * 1000 })).toEqual({
      version: '04',
      cipher: 'cbc',
      expiresAt: ctime + 3600,
      expired: true,
    });
  });
});

describe('typed failures', () => {
  const gcm = referenceGcm04(input, randomBytes(12));
  const cbc = referenceCbc04(input, asciiIv(16));

  it('wrong secret', () => {
    expect(codeOf(() => decodeToken(gcm, otherSecret))).toBe('decrypt_failed');
    expect(codeOf(() => decodeToken(cbc, otherSecret))).toMatch(
      /^(decrypt_failed|malformed_token)$/,
    );
  });

  it('an invalid secret is refused before any decryption', () => {
    expect(codeOf(() => decodeToken(gcm, 'short'))).toBe('invalid_secret');
  });

  it('any flipped ciphertext bit breaks the GCM tag', () => {
    const bytes = Buffer.from(gcm.slice(2), 'base64');
    const cipherStart = 8 + 2 + 12 + 2;
    for (let i = cipherStart; i < bytes.length - 1; i += 7) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] as number) ^ (1 << randomInt(8));
      expect(codeOf(() => decodeToken(`04${tampered.toString('base64')}`, secret))).toBe(
        'decrypt_failed',
      );
    }
  });

  it('an outer expiry that differs from the inner one is detected', () => {
    const bytes = Buffer.from(gcm.slice(2), 'base64');
    bytes.writeBigInt64BE(BigInt(ctime + 999_999), 0);
    expect(codeOf(() => decodeToken(`04${bytes.toString('base64')}`, secret))).toBe(
      'expiry_mismatch',
    );
  });

  it('CBC tampering shows as bad padding or bad JSON', () => {
    const bytes = Buffer.from(cbc.slice(2), 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    expect(codeOf(() => decodeToken(`04${bytes.toString('base64')}`, secret))).toMatch(
      /^(decrypt_failed|malformed_token)$/,
    );
  });

  it.each([
    ['', 'unsupported_token'],
    ['05AAAA', 'unsupported_token'],
    ['04', 'malformed_token'],
    ['04!!!!', 'malformed_token'],
    ['04AAAA', 'malformed_token'],
    ['04AAAAAAAAAAAAAAAAAAAA', 'malformed_token'],
  ])('%j → %s', (token, code) => {
    expect(codeOf(() => inspectToken(token))).toBe(code);
    expect(codeOf(() => decodeToken(token, secret))).toBe(code);
  });

  it('an unknown mode byte is unsupported', () => {
    const bytes = Buffer.from(gcm.slice(2), 'base64');
    bytes[bytes.length - 1] = 2;
    expect(codeOf(() => inspectToken(`04${bytes.toString('base64')}`))).toBe('unsupported_token');
  });

  it('trailing garbage after the envelope is malformed', () => {
    const bytes = Buffer.concat([Buffer.from(gcm.slice(2), 'base64'), Buffer.from([1, 1])]);
    expect(codeOf(() => inspectToken(`04${bytes.toString('base64')}`))).toBe('malformed_token');
  });

  it('only canonical base64: unused low bits of the last character must be zero', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // Tokens whose body ends in "=" and in "==" (the length of the userId moves the padding).
    const padded = ['a', 'ab', 'abc'].map((userId) =>
      referenceGcm04({ ...input, userId }, randomBytes(12)),
    );
    const endings = new Set(padded.map((token) => token.length - token.replace(/=+$/, '').length));
    expect(endings).toEqual(new Set([0, 1, 2]));
    for (const token of padded.filter((t) => t.endsWith('='))) {
      const body = token.replace(/=+$/, '');
      const last = ALPHABET.indexOf(body.at(-1) ?? '');
      const altered = `${body.slice(0, -1)}${ALPHABET[last | 1]}${token.slice(body.length)}`;
      expect(altered).not.toBe(token);
      // Same bytes once decoded by a lenient decoder, so only the canonical check refuses it.
      expect(Buffer.from(altered.slice(2), 'base64')).toEqual(
        Buffer.from(token.slice(2), 'base64'),
      );
      expect(decodeToken(token, secret, { now: nowBefore }).userId).toMatch(/^a/);
      expect(codeOf(() => inspectToken(altered))).toBe('malformed_token');
      expect(codeOf(() => decodeToken(altered, secret, { now: nowBefore }))).toBe(
        'malformed_token',
      );
    }
  });

  it('non-string input is a typed error too', () => {
    expect(codeOf(() => inspectToken(42 as unknown as string))).toBe('malformed_token');
  });
});

describe('decodeToken: a 64-bit Token04 nonce (as ZEGO PHP writes one)', () => {
  it('decodes the nonce exactly, as digits past 2^53 and as a number below', () => {
    const secret = 'fa94dd0f974cf2e293728a526b028271';
    const expire = 4_102_444_800;
    const seal = (nonceText: string) => {
      const plaintext = `{"app_id":1234567890,"user_id":"user1","nonce":${nonceText},"ctime":1700000000,"expire":${expire},"payload":""}`;
      const iv = Buffer.from('0123456789ab');
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(secret), iv);
      const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      const head = Buffer.alloc(10);
      head.writeBigInt64BE(BigInt(expire), 0);
      head.writeUInt16BE(iv.length, 8);
      const len = Buffer.alloc(2);
      len.writeUInt16BE(sealed.length, 0);
      return `04${Buffer.concat([head, iv, len, sealed, Buffer.from([1])]).toString('base64')}`;
    };
    expect(decodeToken(seal('-626114709072274507'), secret).nonce).toBe('-626114709072274507');
    expect(decodeToken(seal('-12345'), secret).nonce).toBe(-12345);
  });
});
