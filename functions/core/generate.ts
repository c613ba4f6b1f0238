// generateToken: one token from raw inputs, every input validated first (the CLI, tests and any
// direct caller). The service binds an issuer once instead (issuer.ts).
import {
  type Cipher,
  type GeneratedToken,
  grantForm,
  issueWith,
  issuingKey,
  type Privilege,
  type TokenDeps,
  type TokenVersion,
} from './issuer.ts';
import { validateAppId, validateSecret, validateUserId } from './validation.ts';

export interface GenerateOptions {
  version?: TokenVersion;
  cipher?: Cipher;
  appId: number;
  userId: string;
  secret: string;
  ttlSeconds: number;
  /** Absent: a basic (identity) token with payload "". Required for Token03. */
  privilege?: Privilege;
  maxUserIdBytes?: 32 | 64;
}

/** Makes a Token04 (GCM or legacy CBC) or a legacy Token03. Validates every input first. */
export function generateToken(options: GenerateOptions, deps: TokenDeps = {}): GeneratedToken {
  const grant = {
    version: options.version,
    cipher: options.cipher,
    ttlSeconds: options.ttlSeconds,
    privilege: options.privilege,
  };
  grantForm(grant);
  const appId = validateAppId(options.appId);
  const secret = validateSecret(options.secret);
  const userId = validateUserId(options.userId, options.maxUserIdBytes);
  return issueWith(issuingKey(appId, secret, deps), userId, grant);
}
