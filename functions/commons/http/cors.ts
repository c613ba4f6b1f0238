// CORS response headers for configured origins. No configured origin → no CORS headers at all.
import { PREFLIGHT } from '#contract/token-api.ts';

export interface CorsPolicy {
  /** `*` was configured: every origin may call. */
  readonly anyOrigin: boolean;
  /** Exact origins (scheme://host[:port], lower case) that may call. */
  readonly origins: ReadonlySet<string>;
}

/**
 * Builds a policy from configured entries, each already checked against the list rule
 * (functions/contract/list-syntax.ts): `*` or an origin.
 */
export function corsPolicy(entries: readonly string[]): CorsPolicy {
  const origins = new Set<string>();
  let anyOrigin = false;
  for (const entry of entries) {
    if (entry === '*') {
      anyOrigin = true;
      continue;
    }
    origins.add(entry.toLowerCase());
  }
  return { anyOrigin, origins };
}

const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': PREFLIGHT.methods.join(', '),
  'Access-Control-Allow-Headers': PREFLIGHT.headers.join(', '),
  'Access-Control-Max-Age': String(PREFLIGHT.maxAgeSeconds),
} as const;

const EXPOSE = { 'Access-Control-Expose-Headers': 'Retry-After' } as const;

/**
 * Adds the CORS headers for a response to `origin` into `headers`.
 * `preflight` selects the OPTIONS answer's extra headers.
 */
export function addCorsHeaders(
  headers: Record<string, string>,
  policy: CorsPolicy,
  origin: string | undefined,
  preflight: boolean,
): void {
  if (policy.anyOrigin) {
    headers['Access-Control-Allow-Origin'] = '*';
  } else if (policy.origins.size > 0) {
    headers.Vary = 'Origin';
    if (origin === undefined || !policy.origins.has(origin.toLowerCase())) return;
    headers['Access-Control-Allow-Origin'] = origin;
  } else {
    return;
  }
  Object.assign(headers, preflight ? PREFLIGHT_HEADERS : EXPOSE);
}
