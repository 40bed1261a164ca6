/**
 * Which errors of an AWS SDK call are worth retrying later: throttling, the service failing on its
 * side (5xx), and the network (refused, reset, timed out, unresolvable). Everything else — access
 * denied, a missing table, a validation error, a bug in our code — fails the same way on every retry.
 * The marks are those the SDK's own retry strategy reads (`@smithy/service-error-classification`).
 */

const throttlingNames = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "LimitExceededException",
  "TransactionInProgressException",
]);

/** The SDK's HTTP handler names its time-outs so; older clients said `NetworkingError`. */
const timeoutNames = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "NetworkingError",
]);

/** Node's socket and DNS error codes (a closed port is `ECONNREFUSED`, a dropped connection `ECONNRESET`). */
const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

interface AwsErrorMarks {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $retryable?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const marks: AwsErrorMarks = error;
  const status = marks.$metadata?.httpStatusCode;
  return (
    marks.$retryable !== undefined ||
    marks.$fault === "server" ||
    (typeof status === "number" && (status >= 500 || status === 429)) ||
    throttlingNames.has(error.name) ||
    timeoutNames.has(error.name) ||
    (typeof marks.code === "string" && networkCodes.has(marks.code))
  );
}
