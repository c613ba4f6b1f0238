// The one redaction rule for AWS SDK errors, used by the function's logs and by every operator
// command: the error's name, HTTP status, attempts and request ID. Once a response has arrived,
// never its message: a service (or a proxy, or a stand-in) may quote the request, and the request
// of PutSecretValue carries the ServerSecret.

interface SdkMetadata {
  httpStatusCode?: number;
  attempts?: number;
  requestId?: string;
}

/** Whether an error is the AWS SDK's (it carries the call's metadata). */
export function isSdkError(error: unknown): boolean {
  return error instanceof Error && '$metadata' in error;
}

/**
 * An SDK error as a log line: name, HTTP status, attempts and request ID. Once a response has
 * arrived the message is left out: it can quote the body (a parse error of a proxy's HTML page
 * reads `Unexpected token '<', "<html>..."`). Without a response (connect error, timeout, abort)
 * the message is the SDK's or Node's own text, naming the limit or the refused address.
 */
export function describeSdkError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-Error thrown';
  const meta = (error as { $metadata?: SdkMetadata }).$metadata;
  const status = meta?.httpStatusCode === undefined ? '' : ` HTTP ${meta.httpStatusCode}`;
  const attempts = meta?.attempts === undefined ? '' : ` after ${meta.attempts} attempt(s)`;
  // A header value: shown only when it looks like a request ID.
  const id = meta?.requestId;
  const requestId = id !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(id) ? ` (request ${id})` : '';
  const answered =
    meta?.httpStatusCode !== undefined || error instanceof SyntaxError || '$response' in error;
  const message = answered ? '' : `: ${error.message}`;
  // The name comes from the response too (its error code): shown only when it looks like one.
  const name = /^[A-Za-z][\w.]{0,99}$/.test(error.name) ? error.name : 'UnrecognizedError';
  return `${name}${status}${attempts}${requestId}${message}`;
}
