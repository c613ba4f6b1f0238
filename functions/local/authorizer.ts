// The local stand-in for API Gateway's Cognito User Pools authorizer: verifies the bearer JWT
// (RS256 signature against the pool's JWKS, issuer, expiry, token_use and app client) with
// aws-jwt-verify. Works with the local emulator (http JWKS on loopback) and with a real pool.
// Like the stack's authorizer (resultsCacheTtl: 5 minutes), it caches what it accepted, per
// token, so a token sent again is not verified again; unlike API Gateway, a cached token is
// refused as soon as its `exp` has passed.
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwtExpiredError, JwtNotBeforeError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { TokenUse } from '#contract/env.ts';

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
  /**
   * How long an accepted token is remembered, in seconds, as API Gateway's authorizer
   * `resultsCacheTtl` (default 300, the stack's value; 0 = verify every request). Never past
   * the token's own `exp`.
   */
  cacheTtlSeconds?: number;
  /** Most tokens remembered at once; the least recently used go first (default 5000). */
  cacheMaxEntries?: number;
}

export interface AuthorizerDeps {
  /** Clock of the result cache, in ms (default Date.now). */
  now?: () => number;
}

/** The stack's authorizer `resultsCacheTtl` (infra/constructs/token-api.ts). */
const DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS = 300;
const DEFAULT_AUTHORIZER_CACHE_MAX_ENTRIES = 5000;

export type AuthorizeResult =
  | { ok: true; claims: JwtPayload; token: string }
  | { ok: false; reason: 'missing' | 'expired' | 'invalid' | 'unavailable'; detail: string };

export interface Authorizer {
  readonly config: Readonly<Required<AuthorizerConfig>>;
  /** Verifies the value of an Authorization header (`Bearer <jwt>` or the bare JWT). */
  authorize(authorizationHeader: string | undefined): Promise<AuthorizeResult>;
  /** Downloads the JWKS now (optional; verification fetches it on first use). */
  hydrate(): Promise<void>;
  /** The result cache: tokens held now, and answers it gave (hits) or left to verification. */
  cacheStats(): { entries: number; hits: number; misses: number };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * JWKS fetcher on top of the global fetch: https anywhere, plain http only on loopback
 * (the emulator). aws-jwt-verify's default fetcher refuses http.
 */
function jwksFetcher(timeoutMs = 3000): Fetcher {
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

export function createJwtAuthorizer(
  config: AuthorizerConfig,
  deps: AuthorizerDeps = {},
): Authorizer {
  const full: Required<AuthorizerConfig> = {
    issuer: config.issuer,
    jwksUri: config.jwksUri ?? `${config.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
    clientIds: [...config.clientIds],
    tokenUse: config.tokenUse?.length ? [...config.tokenUse] : ['id'],
    graceSeconds: config.graceSeconds ?? 0,
    cacheTtlSeconds: config.cacheTtlSeconds ?? DEFAULT_AUTHORIZER_CACHE_TTL_SECONDS,
    cacheMaxEntries: config.cacheMaxEntries ?? DEFAULT_AUTHORIZER_CACHE_MAX_ENTRIES,
  };
  if (
    !(full.cacheTtlSeconds >= 0) ||
    !Number.isInteger(full.cacheMaxEntries) ||
    full.cacheMaxEntries < 1
  ) {
    throw new RangeError('cacheTtlSeconds must be >= 0 and cacheMaxEntries a positive integer');
  }
  const now = deps.now ?? Date.now;
  const cache = new ResultCache(
    full.cacheTtlSeconds * 1000,
    full.cacheMaxEntries,
    full.graceSeconds,
  );
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
    cacheStats: () => cache.stats(),
    async authorize(header) {
      const token = extractBearer(header);
      if (!token) {
        return { ok: false, reason: 'missing', detail: 'no bearer token' };
      }
      const cached = cache.get(token, now());
      if (cached === EXPIRED) {
        return { ok: false, reason: 'expired', detail: 'the token has expired' };
      }
      if (cached !== undefined) return { ok: true, claims: cached, token };
      try {
        const claims = await verifier.verify(token);
        cache.set(token, claims, now());
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

const EXPIRED = Symbol('expired');

interface CacheEntry {
  claims: JwtPayload;
  /** Served until then (ms): the cache TTL after verification, or the token's expiry if sooner. */
  until: number;
  /** The token's expiry (ms, with the grace allowed), or Infinity without `exp`. */
  expires: number;
}

/**
 * Accepted tokens by their exact text. A Map keeps insertion order: a hit moves its entry to
 * the end, so the first entry is always the least recently used one, evicted when full.
 */
class ResultCache {
  private readonly entries = new Map<string, CacheEntry>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly graceSeconds: number,
  ) {}

  /** The cached claims; EXPIRED when the token's own expiry has passed; else undefined. */
  get(token: string, now: number): JwtPayload | typeof EXPIRED | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(token);
    if (now >= entry.expires) {
      this.hits++;
      return EXPIRED;
    }
    if (now >= entry.until) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.set(token, entry);
    return entry.claims;
  }

  set(token: string, claims: JwtPayload, now: number): void {
    if (this.ttlMs <= 0) return;
    const expires =
      typeof claims.exp === 'number' ? (claims.exp + this.graceSeconds) * 1000 : Infinity;
    const until = Math.min(now + this.ttlMs, expires);
    if (until <= now) return;
    this.entries.delete(token); // verified twice at once: replace, evict nothing for it
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(token, { claims: deepFreeze(claims), until, expires });
  }

  stats(): { entries: number; hits: number; misses: number } {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/** Cached claims are shared by every request that sends the token: nobody may change them. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
