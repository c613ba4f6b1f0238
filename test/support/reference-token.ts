// An independent Token04/Token03 maker for tests, written from the published format
// (token-formats.md) following the official libraries' steps: build the plaintext with
// JSON.stringify, encrypt with node:crypto, lay out the envelope with DataView pieces,
// join them with Buffer.concat, base64 it. It shares no code with functions/core.
import { createCipheriv, randomBytes } from 'node:crypto';

export interface ReferenceInput {
  appId: number;
  userId: string;
  secret: string;
  nonce: number;
  ctime: number;
  expire: number;
  payload: string;
}

function int64(value: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigInt64(0, BigInt(value), false);
  return new Uint8Array(view.buffer);
}

function uint16(value: number): Uint8Array {
  const view = new DataView(new ArrayBuffer(2));
  view.setUint16(0, value, false);
  return new Uint8Array(view.buffer);
}

export function referencePlaintext04(input: ReferenceInput): string {
  return JSON.stringify({
    app_id: input.appId,
    user_id: input.userId,
    nonce: input.nonce,
    ctime: input.ctime,
    expire: input.expire,
    payload: input.payload,
  });
}

/** Token04, AES-256-GCM, ciphertext||tag, mode byte 1. */
export function referenceGcm04(input: ReferenceInput, iv: Buffer): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(input.secret), iv);
  const encrypted = Buffer.concat([
    cipher.update(referencePlaintext04(input), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const envelope = Buffer.concat([
    int64(input.expire),
    uint16(iv.length),
    iv,
    uint16(encrypted.length),
    encrypted,
    new Uint8Array([1]),
  ]);
  return `04${envelope.toString('base64')}`;
}

function cbcEnvelope(secret: string, iv: Buffer, expire: number, plaintext: string): string {
  const cipher = createCipheriv('aes-256-cbc', Buffer.from(secret), iv);
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([
    int64(expire),
    uint16(iv.length),
    iv,
    uint16(encrypted.length),
    encrypted,
  ]).toString('base64');
}

/** Token04, legacy AES-256-CBC/PKCS#7, no mode byte. */
export function referenceCbc04(input: ReferenceInput, iv: Buffer): string {
  return `04${cbcEnvelope(input.secret, iv, input.expire, referencePlaintext04(input))}`;
}

export interface Reference03Input {
  appId: number;
  userId: string;
  secret: string;
  roomId: string;
  loginRoom: 0 | 1;
  publishStream: 0 | 1;
  createTime: number;
  expireTime: number;
  /** Exact decimal digits of the 64-bit nonce. */
  nonceDigits: string;
}

/** Token03: CBC, the privilege map in the plaintext, the 64-bit nonce as digits. */
export function referenceToken03(input: Reference03Input, iv: Buffer): string {
  const plaintext = JSON.stringify({
    app_id: input.appId,
    room_id: input.roomId,
    user_id: input.userId,
    privilege: { 1: input.loginRoom, 2: input.publishStream },
    create_time: input.createTime,
    expire_time: input.expireTime,
    nonce: '__NONCE__',
  }).replace('"__NONCE__"', input.nonceDigits);
  return `03${cbcEnvelope(input.secret, iv, input.expireTime, plaintext)}`;
}

const ALNUM_LOWER = '0123456789abcdefghijklmnopqrstuvwxyz';

/** n characters from [0-9a-z], as the official Python (GCM) and legacy (CBC) code make IVs. */
export function asciiIv(n: number): Buffer {
  let text = '';
  for (const byte of randomBytes(n)) text += ALNUM_LOWER[byte % 36];
  return Buffer.from(text, 'ascii');
}
