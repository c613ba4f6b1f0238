// Reading the service's answers defensively: a body that is not exactly what the contract
// says is reported, never passed on half-checked.
import type { ProblemDetails, TokenResponse } from './types.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The 200 body as a TokenResponse, or the reason it is not one. */
export function readTokenResponse(value: unknown): TokenResponse | { invalid: string } {
  if (!isObject(value)) return { invalid: 'the body is not a JSON object' };
  const { token, version, cipher, appId, userId, issuedAt, expiresAt, ttlSeconds } = value;
  if (!isString(token) || token.length < 3) return { invalid: '"token" is missing' };
  if (version !== '04' && version !== '03') return { invalid: '"version" is not "04" or "03"' };
  if (!token.startsWith(version)) return { invalid: '"token" does not start with its version' };
  if (cipher !== 'gcm' && cipher !== 'cbc') return { invalid: '"cipher" is not "gcm" or "cbc"' };
  if (!isTime(appId) || appId === 0) return { invalid: '"appId" is not a positive integer' };
  if (!isString(userId) || userId === '') return { invalid: '"userId" is missing' };
  if (!isTime(issuedAt) || !isTime(expiresAt) || !isTime(ttlSeconds)) {
    return { invalid: '"issuedAt", "expiresAt" or "ttlSeconds" is not a number of seconds' };
  }
  if (expiresAt <= issuedAt) return { invalid: '"expiresAt" is not after "issuedAt"' };

  const { roomId, privileges, streamIds, kitToken } = value;
  if (roomId !== undefined && !isString(roomId)) return { invalid: '"roomId" is not a string' };
  if (
    privileges !== undefined &&
    !(
      isObject(privileges) &&
      typeof privileges.loginRoom === 'boolean' &&
      typeof privileges.publishStream === 'boolean'
    )
  ) {
    return { invalid: '"privileges" is not {loginRoom, publishStream}' };
  }
  if (streamIds !== undefined && !(Array.isArray(streamIds) && streamIds.every(isString))) {
    return { invalid: '"streamIds" is not a list of strings' };
  }
  if (kitToken !== undefined && !isString(kitToken))
    return { invalid: '"kitToken" is not a string' };
  return value as unknown as TokenResponse;
}

/** An error body as problem+json, or undefined when it is something else. */
export function readProblem(value: unknown): Partial<ProblemDetails> | undefined {
  if (!isObject(value) || !isString(value.code) || value.code === '') return undefined;
  return {
    code: value.code,
    ...(isString(value.detail) ? { detail: value.detail } : {}),
    ...(isString(value.title) ? { title: value.title } : {}),
    ...(isString(value.requestId) ? { requestId: value.requestId } : {}),
  };
}

/** A stable key for a request: same fields and values → same key, whatever the key order. */
export function requestKey(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((k) => [k, item[k]]),
        )
      : item,
  );
}
