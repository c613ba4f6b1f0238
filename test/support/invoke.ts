// Invokes a token handler and reads its result the way a client would.
import type { Context } from 'aws-lambda';
import type { ApiGatewayEvent } from '../../functions/commons/http/event.ts';
import type { TokenHandler } from '../../functions/token/create-handler.ts';

export interface Answer {
  status: number;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

export async function invoke(
  handler: TokenHandler,
  event: ApiGatewayEvent,
  context?: Context,
): Promise<Answer> {
  const result = await handler(event, context);
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      String(value),
    ]),
  );
  const body = result.body ?? '';
  let json: Record<string, unknown> = {};
  if (body !== '') json = JSON.parse(body) as Record<string, unknown>;
  return { status: result.statusCode, headers, body, json };
}

export const PROBLEM_KEYS = ['code', 'detail', 'requestId', 'status', 'title', 'type'];

/**
 * The documented HTTP status of each error code (README "Errors"), written out independently
 * of the implementation's own table so a change to either shows.
 */
export const DOCUMENTED_STATUS = {
  invalid_request: 400,
  invalid_room_id: 400,
  invalid_stream_id: 400,
  invalid_user_name: 400,
  invalid_ttl: 400,
  unauthenticated: 401,
  forbidden: 403,
  user_id_mismatch: 403,
  privilege_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  throttled: 429,
  internal_error: 500,
  secret_unavailable: 503,
} as const;
