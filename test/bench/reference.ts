// The two yardsticks our core is measured against. Neither shares code with functions/core.
//
// reference: Token04 GCM made the way the official `zego_server_assistant` Node library makes it
//   (checks its arguments, Math.random int32 nonce, `new Date()` clock, a fresh 12-byte
//   randomBytes IV, the secret string passed straight to createCipheriv, update/final/tag joined
//   with Buffer.concat, the header written through DataView into small Uint8Arrays, copied into
//   Buffers, joined with Buffer.concat, copied once more through Uint8Array.from, then base64).
//   Rewritten here from those steps, minus the library's console.log of the plaintext.
// floor: the irreducible work of a GCM token: one JSON.stringify of the same plaintext, one
//   AES-256-GCM encryption (key object and IV prepared once, outside the timed call) and one
//   base64 of ciphertext||tag. No validation, no randomness, no envelope.
import { createCipheriv, createSecretKey, randomBytes } from 'node:crypto';

const INT32_MIN = -(2 ** 31);
const INT32_SPAN = 2 ** 32;
const GCM_MODE_BYTE = 1;

function referenceNonce(): number {
  return INT32_MIN + Math.floor(Math.random() * INT32_SPAN);
}

function sealLikeOfficial(plaintext: string, secret: string): { sealed: Buffer; iv: Buffer } {
  if (![16, 24, 32].includes(secret.length)) throw new Error('secret must be 16, 24 or 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  cipher.setAutoPadding(true);
  const head = cipher.update(plaintext, 'utf8');
  const sealed = Buffer.concat([head, cipher.final(), cipher.getAuthTag()]);
  return { sealed, iv };
}

/** Token04 GCM following the official Node library's steps (see the header comment). */
export function referenceToken04(
  appId: number,
  userId: string,
  secret: string,
  ttlSeconds: number,
  payload?: string,
): string {
  if (!appId || typeof appId !== 'number') throw new Error('appId invalid');
  if (!userId || typeof userId !== 'string' || userId.length > 64)
    throw new Error('userId invalid');
  if (!secret || typeof secret !== 'string' || secret.length !== 32) {
    throw new Error('secret must be 32 bytes');
  }
  if (!(ttlSeconds > 0)) throw new Error('ttl invalid');

  // biome-ignore lint/complexity/useDateNow: the official library's own step, kept as it is
  const ctime = Math.floor(new Date().getTime() / 1000);
  const info = {
    app_id: appId,
    user_id: userId,
    nonce: referenceNonce(),
    ctime,
    expire: ctime + ttlSeconds,
    payload: payload || '',
  };
  const { sealed, iv } = sealLikeOfficial(JSON.stringify(info), secret);

  const expireBytes = new Uint8Array(8);
  const ivLenBytes = new Uint8Array(2);
  const sealedLenBytes = new Uint8Array(2);
  const modeBytes = new Uint8Array(1);
  new DataView(expireBytes.buffer).setBigInt64(0, BigInt(info.expire), false);
  new DataView(ivLenBytes.buffer).setUint16(0, iv.byteLength, false);
  new DataView(sealedLenBytes.buffer).setUint16(0, sealed.byteLength, false);
  new DataView(modeBytes.buffer).setUint8(0, GCM_MODE_BYTE);
  const joined = Buffer.concat([
    Buffer.from(expireBytes),
    Buffer.from(ivLenBytes),
    Buffer.from(iv),
    Buffer.from(sealedLenBytes),
    Buffer.from(sealed),
    Buffer.from(modeBytes),
  ]);
  const view = new DataView(Uint8Array.from(joined).buffer);
  return `04${Buffer.from(view.buffer).toString('base64')}`;
}

export interface FloorInput {
  appId: number;
  userId: string;
  secret: string;
  ttlSeconds: number;
}

/**
 * Returns the floor as a closure: key object and IV are prepared once; each call is one
 * JSON.stringify + one AES-256-GCM encryption + one base64 (of ciphertext||tag).
 */
export function makeFloor(input: FloorInput, iv: Buffer = randomBytes(12)): () => string {
  const key = createSecretKey(Buffer.from(input.secret, 'latin1'));
  const { appId, userId, ttlSeconds } = input;
  const ctime = Math.floor(Date.now() / 1000);
  const nonce = 0x1234_5678;
  return () => {
    const plaintext = JSON.stringify({
      app_id: appId,
      user_id: userId,
      nonce,
      ctime,
      expire: ctime + ttlSeconds,
      payload: '',
    });
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = cipher.update(plaintext, 'utf8');
    cipher.final();
    return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
  };
}
