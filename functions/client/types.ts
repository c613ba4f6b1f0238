// The wire types of `POST /token`, as the client sees them (type-only, no runtime code).
// They mirror the HTTP contract in the architecture notes and the handler's response
// (functions/token/request.ts, functions/token/issue.ts); they are written out here, not
// imported, so that the kit pulls nothing from the server side into an app's bundle.
// TODO(contract): point these at the contract module once it exists (issue 10).

export type TokenCipher = 'gcm' | 'cbc';
export type TokenVersion = '04' | '03';
export type TokenFormat = 'token' | 'kit';

/** The JSON body of `POST /token`. An empty object asks for a basic (identity) token. */
export interface TokenRequest {
  /** Present → a privilege token scoped to this room (Express); omit for ZIM. */
  roomId?: string;
  privileges?: { loginRoom?: boolean; publishStream?: boolean };
  /** Restricts which streams may be published; omit to allow any. */
  streamIds?: string[];
  ttlSeconds?: number;
  cipher?: TokenCipher;
  /** "03" only for Express SDKs 2.8–2.16 (needs roomId). */
  version?: TokenVersion;
  /** If sent, it must equal the caller's userId (the service never lets a caller choose it). */
  userId?: string;
  /** Used for the UIKit kit token. */
  userName?: string;
  format?: TokenFormat;
}

/** The 200 response. `userId` is the ID the app must log in to ZEGO with. */
export interface TokenResponse {
  token: string;
  version: TokenVersion;
  cipher: TokenCipher;
  appId: number;
  userId: string;
  /** Unix seconds (server clock). */
  issuedAt: number;
  /** Unix seconds (server clock). */
  expiresAt: number;
  ttlSeconds: number;
  roomId?: string;
  privileges?: { loginRoom: boolean; publishStream: boolean };
  streamIds?: string[];
  kitToken?: string;
}

/** An error body (`application/problem+json`, RFC 9457). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine-readable code, e.g. `privilege_denied`, `secret_unavailable`. */
  code: string;
  requestId: string;
}
