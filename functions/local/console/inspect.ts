// What the console's "inspect" shows for a token: the parts readable without a secret, and,
// given a secret, everything inside it. Runs on the local server only; the secret is used for
// this one call and kept nowhere.
import {
  type DecodedToken,
  decodeToken,
  type InspectedToken,
  inspectToken,
  isTokenError,
} from '#core';

/** The readable part of a UIKit kit token (`<Token04>#<base64 JSON>`). */
export interface KitPart {
  userID?: unknown;
  roomID?: unknown;
  userName?: unknown;
  appID?: unknown;
}

export interface TokenInspection {
  /** Version, cipher and expiry: readable without the secret. */
  header: InspectedToken;
  /** Everything inside, when a secret was given and it opened the token. */
  decoded?: Omit<DecodedToken, 'payload'>;
  /** Why the token did not decrypt with the given secret. */
  decodeError?: { code: string; message: string };
  /** For a kit token: its second part. */
  kit?: KitPart;
}

export type InspectResult =
  | { ok: true; inspection: TokenInspection }
  | { ok: false; code: string; message: string };

/** Splits a kit token into its Token04 and its JSON part; a plain token has no kit part. */
function splitKitToken(text: string): { token: string; kit?: KitPart } {
  const hash = text.indexOf('#');
  if (hash < 0) return { token: text };
  const token = text.slice(0, hash);
  try {
    const json: unknown = JSON.parse(Buffer.from(text.slice(hash + 1), 'base64').toString('utf8'));
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      const { userID, roomID, userName, appID } = json as KitPart;
      const name = typeof userName === 'string' ? safeDecodeUri(userName) : userName;
      return { token, kit: { userID, roomID, userName: name, appID } };
    }
  } catch {
    // fall through: an unreadable kit part is reported as such
  }
  return { token, kit: {} };
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function inspectAnyToken(
  text: string,
  secret: string | undefined,
  now: () => number = Date.now,
): InspectResult {
  const { token, kit } = splitKitToken(text.trim());
  let header: InspectedToken;
  try {
    header = inspectToken(token, { now });
  } catch (error) {
    if (isTokenError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
  const inspection: TokenInspection = { header, ...(kit ? { kit } : {}) };
  if (secret !== undefined) {
    try {
      const { payload: _payload, ...decoded } = decodeToken(token, secret, { now });
      inspection.decoded = decoded;
    } catch (error) {
      if (!isTokenError(error)) throw error;
      // TokenError messages never echo secret material (functions/core/errors.ts).
      inspection.decodeError = { code: error.code, message: error.message };
    }
  }
  return { ok: true, inspection };
}
