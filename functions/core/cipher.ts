import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { TokenError } from './errors.ts';

export const GCM_IV_BYTES = 12;
const GCM_TAG_BYTES = 16;
export const CBC_IV_BYTES = 16;

// One-entry cache: a service signs with one secret, so the key object is built once.
let cachedSecret: string | undefined;
let cachedKey: KeyObject | undefined;

/** The ServerSecret's 32 ASCII characters are the AES-256 key, byte for byte. */
export function keyFor(secret: string): KeyObject {
  if (secret !== cachedSecret || cachedKey === undefined) {
    cachedKey = createSecretKey(Buffer.from(secret, 'latin1'));
    cachedSecret = secret;
  }
  return cachedKey;
}

/**
 * AES-256-GCM, no AAD: the ciphertext followed by the 16-byte tag, as chunks for the envelope
 * to copy once (no intermediate concatenation).
 */
export function encryptGcm(key: KeyObject, iv: Uint8Array, plaintext: string): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = cipher.update(plaintext, 'utf8');
  const final = cipher.final(); // empty for GCM, kept for correctness
  return [body, final, cipher.getAuthTag()];
}

/** AES-256-CBC with PKCS#7 padding, as chunks. */
export function encryptCbc(key: KeyObject, iv: Uint8Array, plaintext: string): Buffer[] {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return [cipher.update(plaintext, 'utf8'), cipher.final()];
}

function decryptFailed(): never {
  throw new TokenError(
    'decrypt_failed',
    'the token does not decrypt: wrong secret or tampered token',
  );
}

export function decryptGcm(secret: string, iv: Buffer, sealed: Buffer): Buffer {
  if (iv.length !== GCM_IV_BYTES) {
    throw new TokenError(
      'malformed_token',
      `malformed token: GCM nonce must be ${GCM_IV_BYTES} bytes`,
    );
  }
  if (sealed.length < GCM_TAG_BYTES) {
    throw new TokenError('malformed_token', 'malformed token: ciphertext shorter than the GCM tag');
  }
  const tagStart = sealed.length - GCM_TAG_BYTES;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), iv);
    decipher.setAuthTag(sealed.subarray(tagStart));
    return Buffer.concat([decipher.update(sealed.subarray(0, tagStart)), decipher.final()]);
  } catch {
    return decryptFailed();
  }
}

export function decryptCbc(secret: string, iv: Buffer, ciphertext: Buffer): Buffer {
  if (iv.length !== CBC_IV_BYTES) {
    throw new TokenError(
      'malformed_token',
      `malformed token: CBC IV must be ${CBC_IV_BYTES} bytes`,
    );
  }
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw new TokenError('malformed_token', 'malformed token: CBC ciphertext is not whole blocks');
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', keyFor(secret), iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return decryptFailed();
  }
}
