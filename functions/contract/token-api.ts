// The HTTP contract of `POST /token`: the wire types of the request and the answers, and the CORS
// preflight policy. No imports: the client kit re-exports these types into apps' builds. The
// request model API Gateway validates bodies against is in request-model.ts.

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
  /** "03" only for old Express SDKs (ZEGO names iOS 2.8–2.16; needs roomId). */
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

/**
 * An error body (`application/problem+json`, RFC 9457). `status` is left out only by gateway
 * answers that cover several statuses (the HTTP status line carries it).
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable machine-readable code, e.g. `privilege_denied`, `secret_unavailable`. */
  code: string;
  requestId: string;
}

/** CORS preflight answers (API Gateway's, the function's, the local gateway's): one policy. */
export const PREFLIGHT = {
  methods: ['POST', 'OPTIONS'],
  headers: ['Authorization', 'Content-Type'],
  /** How long a browser may cache the preflight answer. */
  maxAgeSeconds: 3600,
} as const;
