// Whose ID token it is, for the cache key: `iss` and `sub` from the JWT payload, read WITHOUT
// verifying the signature (the service verifies; the kit only needs to tell users apart). An app
// whose getIdToken returns a fresh JWT on every call still hits the cache, and a token is never
// handed to another user.
import { isObject, parseJson } from './wire.ts';

/** A Cognito ID token's payload is about 1 KB; anything far larger is not read. */
const MAX_PAYLOAD_CHARS = 16 * 1024;

const decode = (globalThis as { atob?: (base64: string) => string }).atob;

/**
 * A key for the user the ID token is for; the token itself when it is not a readable JWT (or the
 * runtime has no `atob`). `atob` gives one char per byte: a non-ASCII `sub` keys by its UTF-8
 * bytes, as good a key as its text.
 */
export function userKey(idToken: string): string {
  const payload = idToken.split('.')[1] ?? '';
  if (decode && payload.length <= MAX_PAYLOAD_CHARS) {
    let claims: unknown;
    try {
      claims = parseJson(decode(payload.replace(/-/g, '+').replace(/_/g, '/')));
    } catch {}
    if (isObject(claims)) {
      const { iss, sub } = claims;
      if (typeof sub === 'string' && sub !== '') return `sub:${JSON.stringify([iss, sub])}`;
    }
  }
  return `token:${idToken}`;
}
