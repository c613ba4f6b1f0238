import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** Returns `size` unpredictable bytes. The default is node:crypto's CSPRNG. */
export type RandomBytes = (size: number) => Uint8Array;

/** Milliseconds since the Unix epoch. */
export type Clock = () => number;

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * CSPRNG bytes served from a pool refilled 4 KiB at a time: one randomBytes call per
 * ~250 tokens instead of two per token. Each byte is handed out once.
 */
export const secureRandomBytes: RandomBytes = (size) => {
  if (size > POOL_SIZE) return cryptoRandomBytes(size);
  if (poolOffset + size > pool.length) {
    pool = cryptoRandomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
};

export const systemClock: Clock = () => Date.now();

const ASCII_IV_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
// Largest multiple of 36 that fits in a byte: bytes at or above it are skipped so every
// character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 252;

/**
 * `length` characters from [0-9a-z], as the official libraries' legacy CBC IVs are.
 * Byte b (< 252) maps to ALPHABET[b % 36]; bytes ≥ 252 are drawn again.
 */
export function randomAsciiIv(random: RandomBytes, length: number): Buffer {
  const iv = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const chunk = random(length - filled);
    for (const byte of chunk) {
      if (byte >= UNBIASED_LIMIT) continue;
      iv[filled++] = ASCII_IV_ALPHABET.charCodeAt(byte % 36);
      if (filled === length) break;
    }
  }
  return iv;
}

/** A signed 32-bit nonce from the first 4 random bytes (big-endian), as Token04 carries. */
export function readInt32(bytes: Uint8Array): number {
  return (
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)
  );
}

/** A non-negative 63-bit nonce from 8 random bytes (big-endian, top bit cleared), as Token03 carries. */
export function randomInt63(random: RandomBytes): bigint {
  const bytes = Buffer.from(random(8));
  return bytes.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
}
