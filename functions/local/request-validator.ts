// The API's request validator, locally: API Gateway checks the body of `POST /token` against
// the JSON-schema model the CDK stack registers (infra/request-schema.ts) before the function
// runs. Only the draft-04 keywords that model uses are implemented; others are ignored.
import type { RequestModelSchema as JsonSchema } from '#contract/request-model.ts';

/** Returns undefined when `value` matches, else the first problem found (for diagnostics). */
export function validateAgainstSchema(
  schema: JsonSchema,
  value: unknown,
  path = '$',
): string | undefined {
  if (schema.enum !== undefined && !schema.enum.some((option) => option === value)) {
    return `${path} must be one of ${schema.enum.map((o) => JSON.stringify(o)).join(', ')}`;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(value, String(t)))) {
      return `${path} must be of type ${types.join(' or ')}`;
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
      return `${path} must be at least ${schema.minLength} characters`;
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
      return `${path} must be at most ${schema.maxLength} characters`;
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      return `${path} does not match the pattern`;
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      return `${path} must be at least ${schema.minimum}`;
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      return `${path} must be at most ${schema.maximum}`;
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      return `${path} must have at least ${schema.minItems} items`;
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      return `${path} must have at most ${schema.maxItems} items`;
    }
    const items = schema.items;
    if (items !== undefined && !Array.isArray(items)) {
      for (const [i, item] of value.entries()) {
        const problem = validateAgainstSchema(items, item, `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) return `${path}.${name} is required`;
    }
    const properties = schema.properties ?? {};
    for (const [name, member] of Object.entries(value)) {
      const sub = properties[name];
      if (sub !== undefined) {
        const problem = validateAgainstSchema(sub, member, `${path}.${name}`);
        if (problem) return problem;
      } else if (schema.additionalProperties === false) {
        return `${path}.${name} is not allowed`;
      } else if (typeof schema.additionalProperties === 'object') {
        const problem = validateAgainstSchema(
          schema.additionalProperties,
          member,
          `${path}.${name}`,
        );
        if (problem) return problem;
      }
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/**
 * Validates a request body as API Gateway's body validator does for a model registered for
 * `application/json`: a body with another media type is not validated (no model applies); a
 * missing Content-Type counts as application/json; an empty body is validated as `{}`.
 */
export function validateRequestBody(
  schema: JsonSchema,
  contentType: string | undefined,
  body: string | null,
): { ok: true } | { ok: false; problem: string } {
  const mediaType = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return { ok: true };
  let value: unknown = {};
  if (body !== null && body.trim() !== '') {
    try {
      value = JSON.parse(body);
    } catch {
      return { ok: false, problem: 'the body is not valid JSON' };
    }
  }
  const problem = validateAgainstSchema(schema, value);
  return problem === undefined ? { ok: true } : { ok: false, problem };
}
