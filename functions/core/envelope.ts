import { TokenError } from './errors.ts';

/** Trailing byte that marks the AES-GCM form of Token04. */
export const GCM_MODE = 1;

export interface Envelope {
  expire: number;
  iv: Buffer;
  ciphertext: Buffer;
  /** The trailing mode byte, absent in the CBC form. */
  mode: number | undefined;
}

/**
 * Binary envelope, big-endian:
 * int64 expire · uint16 ivLen · iv · uint16 cipherLen · ciphertext · [uint8 mode]
 * Written into one buffer; no intermediate pieces are concatenated.
 */
export function packEnvelope(
  expire: number,
  iv: Uint8Array,
  ciphertext: readonly Uint8Array[],
  mode?: number,
): Buffer {
  let cipherLength = 0;
  for (const chunk of ciphertext) cipherLength += chunk.length;
  const size = 8 + 2 + iv.length + 2 + cipherLength + (mode === undefined ? 0 : 1);
  const out = Buffer.allocUnsafe(size);
  // int64 as two uint32 halves: expire is a non-negative safe integer, and this avoids a BigInt.
  out.writeUInt32BE(Math.floor(expire / 0x1_0000_0000), 0);
  let at = out.writeUInt32BE(expire % 0x1_0000_0000, 4);
  at = out.writeUInt16BE(iv.length, at);
  out.set(iv, at);
  at += iv.length;
  at = out.writeUInt16BE(cipherLength, at);
  for (const chunk of ciphertext) {
    out.set(chunk, at);
    at += chunk.length;
  }
  if (mode !== undefined) out.writeUInt8(mode, at);
  return out;
}

function malformed(detail: string): never {
  throw new TokenError('malformed_token', `malformed token: ${detail}`);
}

export function unpackEnvelope(bytes: Buffer): Envelope {
  if (bytes.length < 12) malformed('too short');
  const expireBig = bytes.readBigInt64BE(0);
  if (expireBig < 0n || expireBig > BigInt(Number.MAX_SAFE_INTEGER))
    malformed('expiry out of range');
  const ivLength = bytes.readUInt16BE(8);
  const ivEnd = 10 + ivLength;
  if (bytes.length < ivEnd + 2) malformed('truncated IV');
  const cipherLength = bytes.readUInt16BE(ivEnd);
  const cipherEnd = ivEnd + 2 + cipherLength;
  if (bytes.length < cipherEnd) malformed('truncated ciphertext');
  const trailing = bytes.length - cipherEnd;
  if (trailing > 1) malformed('unexpected bytes after the ciphertext');
  return {
    expire: Number(expireBig),
    iv: bytes.subarray(10, ivEnd),
    ciphertext: bytes.subarray(ivEnd + 2, cipherEnd),
    mode: trailing === 1 ? bytes[cipherEnd] : undefined,
  };
}

const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Strict standard base64 with padding: Buffer.from would silently skip bad characters, and it
 * ignores the unused low bits of the last character ("QR==" and "QQ==" both give "A"). Only the
 * canonical form is accepted: the bytes must encode back to exactly the text.
 */
export function decodeBase64Strict(text: string): Buffer {
  if (text.length === 0 || !BASE64_PATTERN.test(text)) malformed('body is not standard base64');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) malformed('body is not canonical base64');
  return bytes;
}
