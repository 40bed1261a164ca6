/**
 * The one place where failures become HTTP answers: status, code, message, details and headers of
 * every refusal the hub makes (the codes are those of the README and docs/openapi.json).
 */
import {
  QuotaExceededError,
  ReportsForbiddenError,
  RequestRejectedError,
  StoringInterruptedError,
} from "../domain/errors.ts";
import { HttpError } from "./http-error.ts";

/** How long an upstream waits before resending a request the store could not take. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * A fault of the hub: unknown how far the request got, so it claims nothing about what was stored.
 * Retrying is safe whatever happened, because each record is stored once.
 */
export const internalError = new HttpError(
  500,
  "internal",
  "The hub failed to handle the request. Some of its records may have been stored; " +
    "retrying the same request is safe: a record already stored is answered as a duplicate.",
);

function storeUnavailable({ storedRecords, totalRecords }: StoringInterruptedError): HttpError {
  const progress =
    storedRecords === 0
      ? ""
      : ` ${storedRecords} of its ${totalRecords} records are stored; the others may not be.`;
  return new HttpError(
    503,
    "store.unavailable",
    `The notification store is unavailable. Nothing was acknowledged.${progress} ` +
      "Retry the same request later: a record already stored is answered as a duplicate.",
    [],
    { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
  );
}

/** The answer to a failure the client can act on; `undefined` for a fault of the hub (500 `internal`). */
export function refusalOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof RequestRejectedError) {
    return new HttpError(422, error.code, error.message, error.fieldErrors);
  }
  if (error instanceof ReportsForbiddenError) {
    return new HttpError(403, "report.forbidden", error.message, error.fieldErrors);
  }
  if (error instanceof QuotaExceededError) {
    return new HttpError(
      429,
      "reports.quota-exceeded",
      `This unit has filed its ${error.reportsPerMinute} reports of this minute. Nothing was stored: ` +
        "resend the same request after Retry-After seconds.",
      [],
      { "retry-after": String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof StoringInterruptedError) return storeUnavailable(error);
  return undefined;
}
