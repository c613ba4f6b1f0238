// The bench's yardsticks and inputs are what they claim to be. Nothing here is timed: the
// reference must be a faithful Token04 (checked with node:crypto and with the core), the floor
// must really encrypt the same plaintext, the REST event must be one the handler answers 200.
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { staticSecretSource } from '../../functions/commons/secrets/secret-source.ts';
import { decodeToken, generateToken } from '../../functions/core/index.ts';
import { readHandlerConfig } from '../../functions/token/config.ts';
import { createTokenHandler } from '../../functions/token/create-handler.ts';
import { BENCH_APP_ID, BENCH_SECRET, BENCH_TTL_SECONDS, BENCH_USER_ID } from '../bench/core.ts';
import { BENCH_SUB, FUNCTION_ENV, lambdaContext, restTokenEvent } from '../bench/fixtures.ts';
import { roundRatio, runSyncMicro } from '../bench/micro.ts';
import { makeFloor, referenceToken04 } from '../bench/reference.ts';
import { median, round } from '../bench/stats.ts';
import { captureOutput } from '../support/capture-output.ts';

const INPUT = {
  appId: BENCH_APP_ID,
  userId: BENCH_USER_ID,
  secret: BENCH_SECRET,
  ttlSeconds: BENCH_TTL_SECONDS,
};

/** Opens a Token04 GCM envelope with node:crypto alone. */
function openGcm04(token: string, secret: string): { expire: number; plaintext: string } {
  expect(token.startsWith('04')).toBe(true);
  const bytes = Buffer.from(token.slice(2), 'base64');
  const expire = Number(bytes.readBigInt64BE(0));
  const ivLength = bytes.readUInt16BE(8);
  const iv = bytes.subarray(10, 10 + ivLength);
  const sealedLength = bytes.readUInt16BE(10 + ivLength);
  const sealedStart = 12 + ivLength;
  const sealed = bytes.subarray(sealedStart, sealedStart + sealedLength);
  expect(bytes.length).toBe(sealedStart + sealedLength + 1);
  expect(bytes[bytes.length - 1]).toBe(1);
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secret, 'latin1'), iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - 16)),
    decipher.final(),
  ]).toString('utf8');
  return { expire, plaintext };
}

describe('bench reference (the official library’s steps)', () => {
  it('makes a Token04 GCM that node:crypto opens, with the official plaintext', () => {
    const before = Math.floor(Date.now() / 1000);
    const token = referenceToken04(BENCH_APP_ID, BENCH_USER_ID, BENCH_SECRET, BENCH_TTL_SECONDS);
    const after = Math.floor(Date.now() / 1000);
    const { expire, plaintext } = openGcm04(token, BENCH_SECRET);
    const body = JSON.parse(plaintext) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['app_id', 'user_id', 'nonce', 'ctime', 'expire', 'payload']);
    expect(body.app_id).toBe(BENCH_APP_ID);
    expect(body.user_id).toBe(BENCH_USER_ID);
    expect(body.payload).toBe('');
    expect(Number.isInteger(body.nonce)).toBe(true);
    expect(body.nonce as number).toBeGreaterThanOrEqual(-(2 ** 31));
    expect(body.nonce as number).toBeLessThan(2 ** 31);
    expect(body.ctime as number).toBeGreaterThanOrEqual(before);
    expect(body.ctime as number).toBeLessThanOrEqual(after);
    expect(body.expire).toBe((body.ctime as number) + BENCH_TTL_SECONDS);
    expect(expire).toBe(body.expire);
  });

  it('is decoded by the core as the same token', () => {
    const token = referenceToken04(BENCH_APP_ID, BENCH_USER_ID, BENCH_SECRET, 3600, '{"a":1}');
    const decoded = decodeToken(token, BENCH_SECRET);
    expect(decoded).toMatchObject({
      version: '04',
      cipher: 'gcm',
      appId: BENCH_APP_ID,
      userId: BENCH_USER_ID,
      payload: '{"a":1}',
      expired: false,
    });
    expect(decoded.expiresAt - decoded.issuedAt).toBe(3600);
  });

  it('refuses what the official library refuses', () => {
    expect(() => referenceToken04(0, BENCH_USER_ID, BENCH_SECRET, 3600)).toThrow();
    expect(() => referenceToken04(BENCH_APP_ID, '', BENCH_SECRET, 3600)).toThrow();
    expect(() => referenceToken04(BENCH_APP_ID, BENCH_USER_ID, 'short', 3600)).toThrow();
    expect(() => referenceToken04(BENCH_APP_ID, BENCH_USER_ID, BENCH_SECRET, 0)).toThrow();
  });
});

describe('bench floor', () => {
  it('encrypts a plaintext shaped like ours with AES-256-GCM and base64s ciphertext||tag', () => {
    const iv = Buffer.from('000102030405060708090a0b', 'hex');
    const sealed = Buffer.from(makeFloor(INPUT, iv)(), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(BENCH_SECRET, 'latin1'), iv);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plaintext = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');

    // Ours, opened the same way: the floor encrypts the same fields in the same order.
    const ours = openGcm04(generateToken(INPUT).token, BENCH_SECRET).plaintext;
    const floorBody = JSON.parse(plaintext) as Record<string, unknown>;
    const oursBody = JSON.parse(ours) as Record<string, unknown>;
    expect(Object.keys(floorBody)).toEqual(Object.keys(oursBody));
    expect(floorBody.user_id).toBe(oursBody.user_id);
    expect(floorBody.app_id).toBe(oursBody.app_id);
    expect((floorBody.expire as number) - (floorBody.ctime as number)).toBe(BENCH_TTL_SECONDS);
  });
});

describe('bench inputs and harness', () => {
  it('the REST v1 event is one the handler answers 200 for its caller, with a log line', async () => {
    const handler = createTokenHandler({
      config: await readHandlerConfig(FUNCTION_ENV),
      secrets: staticSecretSource({ appId: BENCH_APP_ID, serverSecret: BENCH_SECRET }),
    });
    const output = captureOutput();
    let result: Awaited<ReturnType<typeof handler>>;
    try {
      result = await handler(restTokenEvent(), lambdaContext());
    } finally {
      output.restore();
    }
    expect(result.statusCode).toBe(200);
    const issued = output.records().find((r) => r.message === 'token issued');
    expect(issued).toBeDefined();
    expect(output.text()).not.toContain(BENCH_SECRET);
    const { token } = JSON.parse(result.body) as { token: string };
    const decoded = decodeToken(token, BENCH_SECRET);
    expect(decoded.userId).toBe(BENCH_SUB.replaceAll('-', ''));
    expect(decoded.privilege).toMatchObject({
      roomId: 'room-1',
      loginRoom: true,
      publishStream: true,
    });
  });

  it('runs interleaved rounds and reports positive rates and within-round ratios', () => {
    let slow = 0;
    let fast = 0;
    const result = runSyncMicro(
      {
        slow: () => {
          for (let i = 0; i < 200; i++) slow += i;
        },
        fast: () => {
          fast += 1;
        },
      },
      { rounds: 2, timeMs: 5, batch: 4 },
    );
    expect(result.perRound.slow).toHaveLength(2);
    expect(result.opsPerSecond.slow).toBeGreaterThan(0);
    expect(result.opsPerCpuSecond.fast).toBeGreaterThan(0);
    expect(roundRatio(result, 'fast', 'slow')).toBeGreaterThan(1);
    expect(slow + fast).toBeGreaterThan(0);
  });

  it('median and significant-digit rounding', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(round(123_456, 3)).toBe(123_000);
    expect(round(0.012345, 2)).toBe(0.012);
  });
});
