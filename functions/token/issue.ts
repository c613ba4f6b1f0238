// Turns an allowed grant into the 200 response body, with the issuer bound to the app's secret.

import { HttpProblem } from '#commons/http/problem.ts';
import type { ProblemCode } from '#contract/problems.ts';
import type { TokenResponse } from '#contract/token-api.ts';
import { isTokenError, type TokenIssuer } from '#core';
import type { Grant } from './policy.ts';

/** Core rule violations the request could have caused (all checked earlier; kept as a net). */
const CALLER_CODES: Partial<Record<string, ProblemCode>> = {
  invalid_room_id: 'invalid_room_id',
  invalid_stream_id: 'invalid_stream_id',
  invalid_ttl: 'invalid_ttl',
  invalid_user_name: 'invalid_user_name',
  invalid_user_id: 'forbidden',
};

export function issueToken(grant: Grant, issuer: TokenIssuer): TokenResponse {
  try {
    const generated = issuer.issue(
      { userId: grant.userId },
      {
        version: grant.version,
        cipher: grant.cipher,
        ttlSeconds: grant.ttlSeconds,
        privilege: grant.privilege,
        kitUserName: grant.privilege === undefined ? undefined : grant.kit?.userName,
      },
    );
    const body: TokenResponse = {
      token: generated.token,
      version: generated.version,
      cipher: generated.cipher,
      appId: issuer.appId,
      userId: grant.userId.value,
      issuedAt: generated.issuedAt,
      expiresAt: generated.expiresAt,
      ttlSeconds: generated.expiresAt - generated.issuedAt,
    };
    const privilege = grant.privilege;
    if (privilege !== undefined) {
      body.roomId = privilege.roomId;
      body.privileges = { loginRoom: privilege.loginRoom, publishStream: privilege.publishStream };
      if (privilege.streamIds !== undefined) body.streamIds = privilege.streamIds;
      if (generated.kitToken !== undefined) body.kitToken = generated.kitToken;
    }
    return body;
  } catch (error) {
    const code = isTokenError(error) ? CALLER_CODES[error.code] : undefined;
    if (code === undefined || !isTokenError(error)) throw error;
    throw new HttpProblem(code, `${error.message}.`);
  }
}
