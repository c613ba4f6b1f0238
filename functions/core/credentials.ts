// Validated values, carried as types: the app's credentials (AppID and ServerSecret) and a ZEGO
// userId with the byte limit it was checked against. Each is made once where the value enters
// (the secret source, the caller's identity) by the one rule in validation.ts; the issuer takes
// them as they are. Values the core made are instances of its own classes, so its guard for
// direct callers (credentials or user IDs built some other way) costs an instanceof check, not a
// second validation.
import { validateAppId, validateSecret, validateUserId } from './validation.ts';

declare const serverSecretBrand: unique symbol;
/** A ServerSecret that passed validateSecret: 32 printable ASCII characters. */
export type ServerSecret = string & { readonly [serverSecretBrand]: true };

export interface ServerCredentials {
  readonly appId: number;
  readonly serverSecret: ServerSecret;
}

/** A ZEGO userId and the byte limit it was validated against (32; 64 for Express alone). */
export interface ZegoUserId {
  readonly value: string;
  readonly maxBytes: 32 | 64;
}

class ValidatedCredentials implements ServerCredentials {
  constructor(
    readonly appId: number,
    readonly serverSecret: ServerSecret,
  ) {
    Object.freeze(this);
  }
}

class ValidatedUserId implements ZegoUserId {
  constructor(
    readonly value: string,
    readonly maxBytes: 32 | 64,
  ) {
    Object.freeze(this);
  }
}

/** Validates an AppID and ServerSecret once; the result is frozen. */
export function serverCredentials(appId: unknown, serverSecret: unknown): ServerCredentials {
  return new ValidatedCredentials(
    validateAppId(appId),
    validateSecret(serverSecret) as ServerSecret,
  );
}

/** Validates a userId once against `maxBytes`; the result is frozen. */
export function zegoUserId(value: unknown, maxBytes: 32 | 64 = 32): ZegoUserId {
  return new ValidatedUserId(validateUserId(value, maxBytes), maxBytes);
}

/** The core's guard: credentials it did not make are validated here. */
export function checkedCredentials(credentials: ServerCredentials): ServerCredentials {
  if (credentials instanceof ValidatedCredentials) return credentials;
  return serverCredentials(credentials?.appId, credentials?.serverSecret);
}

/** The core's guard: a userId it did not make is validated here. */
export function checkedUserId(userId: ZegoUserId): ZegoUserId {
  if (userId instanceof ValidatedUserId) return userId;
  return zegoUserId(userId?.value, userId?.maxBytes);
}
