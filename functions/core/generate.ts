// generateToken: one token from raw inputs, every input validated first (the CLI, tests and any
// direct caller). The service binds an issuer once instead (issuer.ts).
import { serverCredentials, zegoUserId } from './credentials.ts';
import {
  type Cipher,
  createTokenIssuer,
  type GeneratedToken,
  grantForm,
  type Privilege,
  type TokenDeps,
  type TokenVersion,
} from './issuer.ts';

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
  const credentials = serverCredentials(options.appId, options.secret);
  const userId = zegoUserId(options.userId, options.maxUserIdBytes ?? 32);
  return createTokenIssuer(credentials, deps).issue({ userId }, grant);
}
