/**
 * The one place where failures become HTTP answers: status, code, message, details and headers of
 * every refusal the hub makes (the codes are those of the README and docs/openapi.json).
 */
import { queries, statistics } from "../domain/catalogue/index.ts";
import {
  AuditUnavailableError,
  NotificationNotFoundError,
  NotificationsUnknownError,
  QueryForbiddenError,
  QueryParametersError,
  QueryTooBroadError,
  QuotaExceededError,
  ReadUnavailableError,
  ReceiptsForbiddenError,
  ReportsForbiddenError,
  RequestRejectedError,
  StatisticsForbiddenError,
  StoringInterruptedError,
  TraceForbiddenError,
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
  if (error instanceof NotificationsUnknownError) {
    return new HttpError(404, "notification.unknown", error.message, error.fieldErrors);
  }
  if (error instanceof ReceiptsForbiddenError) {
    return new HttpError(403, "receipt.forbidden", error.message, error.fieldErrors);
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
  if (error instanceof NotificationNotFoundError) {
    return new HttpError(404, "notification.unknown", error.message);
  }
  if (error instanceof TraceForbiddenError) {
    return new HttpError(
      403,
      "trace.forbidden",
      `This notification was neither routed to nor filed by \`${error.unit}\`: its trace is not yours to read.`,
    );
  }
  return queryRefusalOf(error);
}

/** The refusals of the queries (`GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters`). */
function queryRefusalOf(error: unknown): HttpError | undefined {
  if (error instanceof QueryParametersError) {
    return new HttpError(400, "query.invalid", error.message, error.fieldErrors);
  }
  if (error instanceof QueryForbiddenError) {
    const askers = queries[error.query].askers.map((unit) => `\`${unit}\``).join(", ");
    return new HttpError(
      403,
      "query.forbidden",
      `The unit \`${error.unit}\` may not ask \`${error.query}\`; it is asked by ${askers}. The refusal is recorded in the audit log.`,
    );
  }
  if (error instanceof QueryTooBroadError) {
    const reason =
      error.exceeded === "read"
        ? `rests on more than ${error.limit} notifications, more than one query reads`
        : `would name more than ${error.limit} notifications, more than one audit record holds`;
    return new HttpError(
      422,
      "query.too-broad",
      `The answer ${reason}. Nothing was answered: narrow the period or raise \`minCount\`.`,
    );
  }
  if (error instanceof StatisticsForbiddenError) {
    const readers = statistics.readers.map((unit) => `\`${unit}\``).join(", ");
    return new HttpError(
      403,
      "stats.forbidden",
      `The unit \`${error.unit}\` may not read the statistics; they are read by ${readers}.`,
    );
  }
  if (error instanceof ReadUnavailableError) {
    return new HttpError(
      503,
      "store.unavailable",
      "The hub's store cannot be read for now. Nothing was answered: ask again later.",
      [],
      { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
    );
  }
  if (error instanceof AuditUnavailableError) {
    return new HttpError(
      503,
      "audit.unavailable",
      "The query could not be recorded in the audit log, so it is not answered: no read goes unaudited. Ask again later.",
      [],
      { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
    );
  }
  return undefined;
}
