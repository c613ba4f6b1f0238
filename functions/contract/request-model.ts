// The request model of `POST /token`: the JSON schema (draft-04, what API Gateway supports) the
// deployed REST API registers (infra/constructs/token-api.ts) and the local gateway applies
// (functions/local/request-validator.ts). A body that does not match is refused with
// 400 BAD_REQUEST_BODY before the function runs.
import { LIMITS } from '#core';

/** The JSON-schema keywords the request model uses (draft-04, what API Gateway supports). */
export interface RequestModelSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer';
  additionalProperties?: boolean | RequestModelSchema;
  required?: readonly string[];
  properties?: Readonly<Record<string, RequestModelSchema>>;
  items?: RequestModelSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
}

/** API Gateway's name for JSON Schema draft-04. */
const JSON_SCHEMA_DRAFT4 = 'http://json-schema.org/draft-04/schema#';

// String limits are ZEGO's byte limits applied as characters. A character is at least one byte,
// so the gateway never refuses a request the function would accept; the function still checks
// byte lengths, the ZEGO character set and policy itself: the gateway check is a cheap first
// filter. userId: the longest any ZEGO product allows (Express, 64 bytes).

/**
 * The request model of `POST /token`. Empty body: a client may send no body at all to ask for a
 * basic token; API Gateway validates a missing/empty payload as `{}` (the behaviour LocalStack's
 * AWS-parity tests record as well), so no property is `required`. The model is registered for
 * `application/json` only: a body with another media type is not validated by the gateway and
 * is refused by the function with 415 unsupported_media_type.
 */
export const TOKEN_REQUEST_MODEL: RequestModelSchema = {
  $schema: JSON_SCHEMA_DRAFT4,
  title: 'TokenRequest',
  description:
    'Body of POST /token. Every field is optional; {} or an empty body asks for a basic token.',
  type: 'object',
  additionalProperties: false,
  properties: {
    roomId: { type: 'string', minLength: 1, maxLength: LIMITS.roomIdMaxBytes },
    privileges: {
      type: 'object',
      additionalProperties: false,
      properties: {
        loginRoom: { type: 'boolean' },
        publishStream: { type: 'boolean' },
      },
    },
    streamIds: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: LIMITS.streamIdMaxBytes },
    },
    ttlSeconds: {
      type: 'integer',
      minimum: LIMITS.minTtlSeconds,
      maximum: LIMITS.maxTtlSeconds,
    },
    cipher: { type: 'string', enum: ['gcm', 'cbc'] },
    version: { type: 'string', enum: ['04', '03'] },
    userId: { type: 'string', minLength: 1, maxLength: LIMITS.userIdMaxBytesExpress },
    userName: { type: 'string', minLength: 1, maxLength: LIMITS.userNameMaxBytes },
    format: { type: 'string', enum: ['token', 'kit'] },
  },
};
