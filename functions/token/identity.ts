// Who is calling: the ZEGO userId and groups, from the authorizer's verified claims only.

import { HttpProblem } from '../commons/http/problem.ts';
import { isTokenError, validateUserId } from '../core/index.ts';
import type { HandlerConfig } from './config.ts';

export interface CallerIdentity {
  userId: string;
  groups: readonly string[];
}

/** A single-valued claim as text: API Gateway passes strings; other scalars are tolerated. */
function claimText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * A multi-valued claim: "a,b" (REST API), "[a b]" (HTTP API) or a real array (other callers).
 * Cognito group names contain neither blanks nor brackets.
 */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return inner.split(/[\s,]+/).filter((item) => item !== '');
}

export function identifyCaller(
  claims: Readonly<Record<string, unknown>> | undefined,
  config: HandlerConfig,
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
    const clients = claimList(claims.client_id ?? claims.aud);
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
  let userId: string;
  try {
    userId = validateUserId(derived, config.userIdMaxBytes);
  } catch (error) {
    if (!isTokenError(error)) throw error;
    throw new HttpProblem(
      'forbidden',
      `The "${claim}" claim does not make a valid ZEGO userId: ${error.message}.`,
    );
  }
  return { userId, groups: claimList(claims['cognito:groups']) };
}
