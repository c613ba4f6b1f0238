// Reading an answer's body with a size cap. The service's answers are a few hundred bytes; a
// body past the cap (a misrouted download, a hostile proxy) is refused without holding it whole.

/** Answers larger than this are refused as `invalid_response`. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The part of a ReadableStream reader the kit uses. */
export interface BodyReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
}

/** The part of `Response.body` (a ReadableStream) the kit uses. */
export interface ResponseBodyLike {
  getReader(): BodyReaderLike;
  cancel(reason?: unknown): Promise<void>;
}

/** The part of a fetch Response the kit reads. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  /** Read in chunks where the platform streams it (browsers, Node); else `text()` is used. */
  body?: ResponseBodyLike | null;
  text(): Promise<string>;
}

type DecoderClass = new () => { decode(input?: Uint8Array, options?: { stream: boolean }): string };

const ignore = () => undefined;

/** The body as text, or undefined when it is larger than MAX_BODY_BYTES. */
export async function readCapped(response: FetchResponseLike): Promise<string | undefined> {
  const { body } = response;
  const declared = response.headers.get('content-length')?.trim();
  if (declared && /^\d+$/.test(declared) && Number(declared) > MAX_BODY_BYTES) {
    body?.cancel().catch(ignore);
    return undefined;
  }
  const Decoder = (globalThis as { TextDecoder?: DecoderClass }).TextDecoder;
  if (body && typeof body.getReader === 'function' && typeof Decoder === 'function') {
    const reader = body.getReader();
    const decoder = new Decoder();
    let size = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      size += value?.byteLength ?? 0;
      if (size > MAX_BODY_BYTES) {
        reader.cancel().catch(ignore);
        return undefined;
      }
      text += decoder.decode(value, { stream: true });
    }
  }
  // No stream (React Native's fetch): the platform has read it; the cap still applies.
  const text = await response.text();
  return utf8Length(text) > MAX_BODY_BYTES ? undefined : text;
}

/** UTF-8 length of a string, stopping early once past the cap. */
function utf8Length(text: string): number {
  if (text.length > MAX_BODY_BYTES) return text.length;
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
