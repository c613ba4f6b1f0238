/** A deterministic byte source for tests: hands out `bytes` in order, then fails loudly. */
export function fixedRandom(bytes: Uint8Array): (size: number) => Uint8Array {
  let offset = 0;
  return (size) => {
    if (offset + size > bytes.length) throw new Error('fixedRandom: ran out of bytes');
    const out = bytes.slice(offset, offset + size);
    offset += size;
    return out;
  };
}

/** Bytes 0, 1, 2, … wrapping at 256, from `start`. */
export function countingBytes(length: number, start = 0): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) % 256);
}
