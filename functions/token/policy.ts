// The service's policy: what a caller may have. A request for more is refused, never downgraded.

import { HttpProblem } from '#commons/http/problem.ts';
import type { TokenRequest } from '#contract/token-api.ts';
import { type Cipher, LIMITS, type Privilege, type TokenVersion, type ZegoUserId } from '#core';
import type { HandlerConfig } from './config.ts';
import type { CallerIdentity } from './identity.ts';

/** Everything needed to make the token, already allowed by policy. */
export interface Grant {
  /** The caller's userId, validated once (identity.ts) with its byte limit. */
  userId: ZegoUserId;
  version: TokenVersion;
  cipher: Cipher;
  ttlSeconds: number;
  /** Absent: a basic (identity) token. */
  privilege?: Privilege;
  /** Present when a UIKit kit token is wanted. */
  kit?: { userName: string };
}

function invalid(detail: string): HttpProblem {
  return new HttpProblem('invalid_request', detail);
}

function mayPublish(identity: CallerIdentity, config: HandlerConfig): boolean {
  if (config.publishGroups.size === 0) return true;
  return identity.groups.some((group) => config.publishGroups.has(group));
}

function lifetime(request: TokenRequest, config: HandlerConfig): number {
  const ttl = request.ttlSeconds ?? config.defaultTtlSeconds;
  if (!Number.isInteger(ttl) || ttl < LIMITS.minTtlSeconds || ttl > config.maxTtlSeconds) {
    throw new HttpProblem(
      'invalid_ttl',
      `ttlSeconds must be an integer from ${LIMITS.minTtlSeconds} to ${config.maxTtlSeconds}.`,
    );
  }
  return ttl;
}

export function decideGrant(
  request: TokenRequest,
  identity: CallerIdentity,
  config: HandlerConfig,
): Grant {
  if (request.userId !== undefined && request.userId !== identity.userId.value) {
    throw new HttpProblem(
      'user_id_mismatch',
      "userId must be the caller's own, derived from the verified token; omit it to use that.",
    );
  }

  const version = request.version ?? '04';
  if (version === '03' && request.cipher === 'gcm') {
    throw invalid('version "03" exists only with cipher "cbc".');
  }
  const cipher = version === '03' ? 'cbc' : (request.cipher ?? 'gcm');
  const ttlSeconds = lifetime(request, config);
  const grant: Grant = { userId: identity.userId, version, cipher, ttlSeconds };

  const { roomId, privileges, streamIds } = request;
  if (roomId === undefined) {
    if (privileges !== undefined || streamIds !== undefined) {
      throw invalid('privileges and streamIds need a roomId.');
    }
    if (version === '03') throw invalid('version "03" needs a roomId.');
    if (request.format === 'kit') throw invalid('format "kit" needs a roomId.');
    return grant;
  }

  if (config.roomIdPattern !== null && !config.roomIdPattern.test(roomId)) {
    throw new HttpProblem('privilege_denied', 'This service does not issue tokens for that room.');
  }
  const loginRoom = privileges?.loginRoom ?? true;
  const publishStream = privileges?.publishStream ?? false;
  if (streamIds !== undefined) {
    if (!publishStream) throw invalid('streamIds need privileges.publishStream: true.');
    if (version === '03') throw invalid('version "03" cannot restrict streamIds.');
  }
  if (publishStream && !mayPublish(identity, config)) {
    throw new HttpProblem('privilege_denied', 'This account may not publish streams.');
  }
  grant.privilege =
    streamIds === undefined
      ? { roomId, loginRoom, publishStream }
      : { roomId, loginRoom, publishStream, streamIds };

  if (request.format === 'kit') {
    if (version !== '04') throw invalid('format "kit" needs version "04".');
    grant.kit = { userName: request.userName ?? identity.userId.value };
  }
  return grant;
}
