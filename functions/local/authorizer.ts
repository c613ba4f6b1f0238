// The local stand-in for API Gateway's Cognito User Pools authorizer: verifies the bearer JWT
// (RS256 signature against the pool's JWKS, issuer, expiry, token_use and app client) with
// aws-jwt-verify. Works with the local emulator (http JWKS on loopback) and with a real pool.
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtExpiredError, JwtNotBeforeError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

export type TokenUse = 'id' | 'access';

export interface AuthorizerConfig {
  /** Expected `iss`, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC` */
  issuer: string;
  /** Default: `<issuer>/.well-known/jwks.json` */
  jwksUri?: string;
  /** App client IDs accepted: `aud` of ID tokens, `client_id` of access tokens. Empty = any. */
  clientIds: string[];
  /** Accepted `token_use` values (default: id only, like the Cognito authorizer without scopes). */
  tokenUse?: TokenUse[];
  /** Clock skew allowed on exp/nbf, in seconds (default 0). */
  graceSeconds?: number;
}

export type AuthorizeResult =
  | { ok: true; claims: JwtPayload; token: string }
  | { ok: false; reason: 'missing' | 'expired' | 'invalid' | 'unavailable'; detail: string };

export interface Authorizer {
  readonly config: Readonly<Required<AuthorizerConfig>>;
  /** Verifies the value of an Authorization header (`Bearer <jwt>` or the bare JWT). */
  authorize(authorizationHeader: string | undefined): Promise<AuthorizeResult>;
  /** Downloads the JWKS now (optional; verification fetches it on first use). */
  hydrate(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * JWKS fetcher on top of the global fetch: https anywhere, plain http only on loopback
 * (the emulator). aws-jwt-verify's default fetcher refuses http.
 */
export function jwksFetcher(timeoutMs = 3000): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      const url = new URL(uri);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        throw new FetchError(uri, 'JWKS over plain http is only allowed on loopback');
      }
      let response: Response;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new FetchError(uri, (error as Error).message);
      }
      if (response.status !== 200) {
        await response.arrayBuffer().catch(() => undefined);
        throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
      }
      return response.arrayBuffer();
    },
  };
}

/** Extracts the JWT from an Authorization header value; accepts `Bearer <jwt>` and a bare JWT. */
export function extractBearer(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (match) return match[1];
  return /\s/.test(value) ? undefined : value;
}

export function createJwtAuthorizer(config: AuthorizerConfig): Authorizer {
  const full: Required<AuthorizerConfig> = {
    issuer: config.issuer,
    jwksUri: config.jwksUri ?? `${config.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
    clientIds: [...config.clientIds],
    tokenUse: config.tokenUse?.length ? [...config.tokenUse] : ['id'],
    graceSeconds: config.graceSeconds ?? 0,
  };
  const allowedUse = new Set<string>(full.tokenUse);
  const allowedClients = new Set(full.clientIds);

  const verifier = JwtVerifier.create(
    {
      issuer: full.issuer,
      jwksUri: full.jwksUri,
      // Checked below per token_use: ID tokens carry `aud`, access tokens `client_id`.
      audience: null,
      graceSeconds: full.graceSeconds,
      customJwtCheck: ({ payload }) => {
        const use = payload.token_use;
        if (typeof use !== 'string' || !allowedUse.has(use)) {
          throw new Error(`token_use ${JSON.stringify(use)} is not accepted`);
        }
        if (allowedClients.size > 0) {
          const client = use === 'access' ? payload.client_id : payload.aud;
          const clients = Array.isArray(client) ? client : [client];
          if (!clients.some((c) => typeof c === 'string' && allowedClients.has(c))) {
            throw new Error('the token was issued to another app client');
          }
        }
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher() }) },
  );

  return {
    config: full,
    hydrate: () => verifier.hydrate(),
    async authorize(header) {
      const token = extractBearer(header);
      if (!token) {
        return { ok: false, reason: 'missing', detail: 'no bearer token' };
      }
      try {
        const claims = await verifier.verify(token);
        return { ok: true, claims, token };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        if (error instanceof JwtExpiredError) return { ok: false, reason: 'expired', detail };
        if (error instanceof JwtNotBeforeError) return { ok: false, reason: 'invalid', detail };
        if (error instanceof FetchError) return { ok: false, reason: 'unavailable', detail };
        return { ok: false, reason: 'invalid', detail };
      }
    },
  };
}
