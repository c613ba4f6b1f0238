import { type JsonSchema, JsonSchemaType, JsonSchemaVersion } from 'aws-cdk-lib/aws-apigateway';

// JSON schema (draft-04, what API Gateway supports) of the `POST /token` body, from the HTTP
// contract in docs/architecture. API Gateway rejects a body that does not match with
// 400 BAD_REQUEST_BODY before the function runs; the function still validates everything itself
// (byte lengths, the ZEGO character set, policy), the gateway check is a cheap first filter.
//
// Empty body: the contract lets a client send no body at all to ask for a basic token. API
// Gateway validates a missing/empty payload as the empty object `{}` (the behaviour LocalStack's
// AWS-parity tests record as well), so the schema must accept `{}`: no property is `required`.
// String limits are in characters, which never exceeds the byte limits the core enforces, so the
// gateway never refuses a request the function would accept.
// The model is registered for `application/json` only: a body sent with another content type is
// not validated by the gateway and is refused by the function with 415 unsupported_media_type.

const LIMITS = {
  roomIdMaxLength: 128,
  streamIdMaxLength: 256,
  userIdMaxLength: 64,
  userNameMaxLength: 64,
  minTtlSeconds: 60,
  maxTtlSeconds: 2_073_600,
} as const;

export const TOKEN_REQUEST_SCHEMA: JsonSchema = {
  schema: JsonSchemaVersion.DRAFT4,
  title: 'TokenRequest',
  description:
    'Body of POST /token. Every field is optional; {} or an empty body asks for a basic token.',
  type: JsonSchemaType.OBJECT,
  additionalProperties: false,
  properties: {
    roomId: { type: JsonSchemaType.STRING, minLength: 1, maxLength: LIMITS.roomIdMaxLength },
    privileges: {
      type: JsonSchemaType.OBJECT,
      additionalProperties: false,
      properties: {
        loginRoom: { type: JsonSchemaType.BOOLEAN },
        publishStream: { type: JsonSchemaType.BOOLEAN },
      },
    },
    streamIds: {
      type: JsonSchemaType.ARRAY,
      items: { type: JsonSchemaType.STRING, minLength: 1, maxLength: LIMITS.streamIdMaxLength },
    },
    ttlSeconds: {
      type: JsonSchemaType.INTEGER,
      minimum: LIMITS.minTtlSeconds,
      maximum: LIMITS.maxTtlSeconds,
    },
    cipher: { type: JsonSchemaType.STRING, enum: ['gcm', 'cbc'] },
    version: { type: JsonSchemaType.STRING, enum: ['04', '03'] },
    userId: { type: JsonSchemaType.STRING, minLength: 1, maxLength: LIMITS.userIdMaxLength },
    userName: { type: JsonSchemaType.STRING, minLength: 1, maxLength: LIMITS.userNameMaxLength },
    format: { type: JsonSchemaType.STRING, enum: ['token', 'kit'] },
  },
};
