// Opens a Token04/Token03 for tests with node:crypto alone, from the published layout
// (token-formats.md). It shares no code with functions/core.
import { createDecipheriv } from 'node:crypto';

export interface OpenedToken {
  version: string;
  cipher: 'gcm' | 'cbc';
  /** The envelope's int64 expiry. */
  envelopeExpire: number;
  /** The decrypted plaintext JSON. */
  plaintext: Record<string, unknown>;
  /** Token04's payload parsed (null for a basic token or Token03). */
  privilege: {
    room_id: string;
    privilege: { '1': number; '2': number };
    stream_id_list: string[] | null;
  } | null;
}

export function openToken(token: string, secret: string): OpenedToken {
  const version = token.slice(0, 2);
  const bytes = Buffer.from(token.slice(2), 'base64');
  let offset = 0;
  const envelopeExpire = Number(bytes.readBigInt64BE(offset));
  offset += 8;
  const ivLength = bytes.readUInt16BE(offset);
  offset += 2;
  const iv = bytes.subarray(offset, offset + ivLength);
  offset += ivLength;
  const cipherLength = bytes.readUInt16BE(offset);
  offset += 2;
  const sealed = bytes.subarray(offset, offset + cipherLength);
  offset += cipherLength;
  const gcm = offset === bytes.length - 1 && bytes[offset] === 1;
  if (!gcm && offset !== bytes.length) throw new Error('trailing bytes in the envelope');

  let text: string;
  if (gcm) {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(secret, 'ascii'), iv);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    text = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  } else {
    const decipher = createDecipheriv('aes-256-cbc', Buffer.from(secret, 'ascii'), iv);
    text = Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
  }
  const plaintext = JSON.parse(text) as Record<string, unknown>;
  const payload = plaintext.payload;
  return {
    version,
    cipher: gcm ? 'gcm' : 'cbc',
    envelopeExpire,
    plaintext,
    privilege: typeof payload === 'string' && payload !== '' ? JSON.parse(payload) : null,
  };
}
