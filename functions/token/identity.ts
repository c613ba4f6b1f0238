// Who is calling: the ZEGO userId and groups, from the authorizer's verified claims only.

import { HttpProblem } from '#commons/http/problem.ts';
import { isTokenError, type ZegoUserId, zegoUserId } from '#core';
import type { HandlerConfig } from './config.ts';

export interface CallerIdentity {
  /** Validated here, once, against the configured byte limit. */
  userId: ZegoUserId;
  groups: readonly string[];
}

/** A single-valued claim as text: API Gateway passes strings; other scalars are tolerated. */
function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A multi-valued claim, read exactly as each event kind delivers it; every element is a whole
 * name, never a fragment. A real array (other callers) is taken as it is.
 * - REST API (v1, Cognito User Pools authorizer): "a,b", comma-separated, nothing trimmed.
 * - HTTP API (v2, JWT authorizer): "[a b]", one pair of brackets around names separated by
 *   ASCII spaces (0x20); a string without the brackets is a single name.
 * Cognito group names match [\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128} (CreateGroup): no spaces of any
 * kind, so the HTTP form is unambiguous, but commas and brackets are allowed. In the REST form a
 * group named "x,publishers" cannot be told apart from the two groups "x" and "publishers": a
 * publish group with a comma is refused by the list rule (functions/contract/list-syntax.ts).
 */
export function claimList(value: unknown, api: 'rest' | 'http'): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const bracketed = api === 'http' && value.startsWith('[') && value.endsWith(']');
  const items =
    api === 'rest' ? value.split(',') : bracketed ? value.slice(1, -1).split(' ') : [value];
  return items.filter((item) => item !== '');
}

export function identifyCaller(
  claims: Readonly<Record<string, unknown>> | undefined,
  config: HandlerConfig,
  api: 'rest' | 'http',
): CallerIdentity {
  if (claims === undefined) {
    throw new HttpProblem(
      'unauthenticated',
      'No verified identity: call with "Authorization: Bearer <Cognito token>".',
      { headers: { 'WWW-Authenticate': 'Bearer' } },
    );
  }

  const tokenUse = claimText(claims.token_use);
  if (tokenUse === undefined || !config.allowedTokenUse.has(tokenUse as 'id' | 'access')) {
    throw new HttpProblem(
      'forbidden',
      `This kind of token is not accepted here; use a Cognito ${[...config.allowedTokenUse].join(' or ')} token.`,
    );
  }

  if (config.allowedClientIds.size > 0) {
    // The app client is `aud` in an ID token and `client_id` in an access token; the other claim
    // is no evidence (a token of one kind carrying the other's claim proves nothing).
    const clients = claimList(tokenUse === 'access' ? claims.client_id : claims.aud, api);
    if (!clients.some((client) => config.allowedClientIds.has(client))) {
      throw new HttpProblem('forbidden', 'This app client may not request ZEGO tokens.');
    }
  }

  const claim = config.userIdClaim;
  const raw = claimText(claims[claim]);
  if (raw === undefined || raw === '') {
    throw new HttpProblem(
      'forbidden',
      `The identity has no "${claim}" claim to derive the ZEGO userId from.`,
    );
  }
  const derived = claim === 'sub' ? raw.replaceAll('-', '') : raw;
  let userId: ZegoUserId;
  try {
    userId = zegoUserId(derived, config.userIdMaxBytes);
  } catch (error) {
    if (!isTokenError(error)) throw error;
    throw new HttpProblem(
      'forbidden',
      `The "${claim}" claim does not make a valid ZEGO userId: ${error.message}.`,
    );
  }
  return { userId, groups: claimList(claims['cognito:groups'], api) };
}
