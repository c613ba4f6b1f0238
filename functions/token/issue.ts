// Turns an allowed grant and the app's secret into the 200 response body.

import { HttpProblem } from '#commons/http/problem.ts';
import type { ZegoAppSecret } from '#commons/secrets/secret-source.ts';
import type { ProblemCode } from '#contract/problems.ts';
import type { TokenResponse } from '#contract/token-api.ts';
import { generateToken, isTokenError, makeKitToken, type TokenDeps } from '#core';
import type { Grant } from './policy.ts';

/** Core rule violations the request could have caused (all checked earlier; kept as a net). */
const CALLER_CODES: Partial<Record<string, ProblemCode>> = {
  invalid_room_id: 'invalid_room_id',
  invalid_stream_id: 'invalid_stream_id',
  invalid_ttl: 'invalid_ttl',
  invalid_user_name: 'invalid_user_name',
  invalid_user_id: 'forbidden',
};

export function issueToken(
  grant: Grant,
  secret: ZegoAppSecret,
  maxUserIdBytes: 32 | 64,
  deps: TokenDeps = {},
): TokenResponse {
  try {
    const { appId, serverSecret } = secret;
    const generated = generateToken(
      {
        version: grant.version,
        cipher: grant.cipher,
        appId,
        userId: grant.userId,
        secret: serverSecret,
        ttlSeconds: grant.ttlSeconds,
        privilege: grant.privilege,
        maxUserIdBytes,
      },
      deps,
    );
    const body: TokenResponse = {
      token: generated.token,
      version: generated.version,
      cipher: generated.cipher,
      appId,
      userId: grant.userId,
      issuedAt: generated.issuedAt,
      expiresAt: generated.expiresAt,
      ttlSeconds: generated.expiresAt - generated.issuedAt,
    };
    const privilege = grant.privilege;
    if (privilege !== undefined) {
      body.roomId = privilege.roomId;
      body.privileges = { loginRoom: privilege.loginRoom, publishStream: privilege.publishStream };
      if (privilege.streamIds !== undefined) body.streamIds = privilege.streamIds;
      if (grant.kit !== undefined) {
        body.kitToken = makeKitToken({
          token: generated.token,
          appId,
          userId: grant.userId,
          roomId: privilege.roomId,
          userName: grant.kit.userName,
          maxUserIdBytes,
        });
      }
    }
    return body;
  } catch (error) {
    const code = isTokenError(error) ? CALLER_CODES[error.code] : undefined;
    if (code === undefined || !isTokenError(error)) throw error;
    throw new HttpProblem(code, `${error.message}.`);
  }
}
