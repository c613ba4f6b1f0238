// The API's request validator, locally: API Gateway checks the body of `POST /token` against the
// request model (functions/contract/request-model.ts) before the function runs. The model is
// JSON Schema draft-04, which API Gateway applies; ajv with its draft-04 build checks it the same
// way here (dev-only: the function's bundle never imports this file).
import AjvDraft04, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import type { RequestModelSchema } from '#contract/request-model.ts';

// allErrors: every problem in one answer, as API Gateway's validationErrorString lists them.
// strict false: draft-04 models are read as API Gateway reads them, annotations included.
// A CommonJS module: imported from ESM its default is module.exports, whose `default` is the class.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
const compiled = new WeakMap<RequestModelSchema, ValidateFunction>();

function validatorFor(schema: RequestModelSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** ajv's errors as one line, each with the JSON pointer of the value it is about. */
function errorText(errors: readonly ErrorObject[]): string {
  return errors
    .map((error) => {
      const where = error.instancePath === '' ? 'the body' : error.instancePath;
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)})`
          : error.keyword === 'enum'
            ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
            : '';
      return `${where} ${error.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}

/** Returns undefined when `value` matches, else what is wrong (the validator's own text). */
function validateAgainstSchema(schema: RequestModelSchema, value: unknown): string | undefined {
  const validate = validatorFor(schema);
  return validate(value) ? undefined : errorText(validate.errors ?? []);
}

/**
 * Validates a request body as API Gateway's body validator does for a model registered for
 * `application/json`: a body with another media type is not validated (no model applies); a
 * missing Content-Type counts as application/json; an empty body is validated as `{}`.
 */
export function validateRequestBody(
  schema: RequestModelSchema,
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
