/**
 * The failures of the use cases (a feed's records, a unit's reports, a unit's queries), in the domain's terms. What
 * status, body and headers each becomes is the HTTP edge's decision alone.
 */
import type { QueryId, UnitId } from "./catalogue/index.ts";
import type { FieldError } from "./field-error.ts";

/** Why a whole request is refused: its contract, or an item that belongs to another deployment. */
export type RejectionCode = "contract.invalid" | "region.mismatch";

/** The request (a feed's records, a unit's reports) is refused as a whole, before anything of it is stored. */
export class RequestRejectedError extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    readonly fieldErrors: readonly FieldError[],
  ) {
    super(message);
    this.name = "RequestRejectedError";
  }
}

/**
 * Some reports are of kinds the calling unit does not file (one field error at each one's `kind`):
 * the request is refused as a whole, nothing of it is stored.
 */
export class ReportsForbiddenError extends Error {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super("The calling unit does not file some of these reports' kinds.");
    this.name = "ReportsForbiddenError";
  }
}

/** The unit has filed as many reports as its quota allows for now: nothing of the request is stored. */
export class QuotaExceededError extends Error {
  constructor(
    readonly reportsPerMinute: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`the unit's quota of ${reportsPerMinute} reports per minute is used up`);
    this.name = "QuotaExceededError";
  }
}

/**
 * The store could not take a write for now (unreachable, timed out, throttled, failing on its side).
 * The write may or may not have happened; repeating it is safe because each record is stored once.
 */
export class StoreUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super("the notification store is unavailable", options);
    this.name = "StoreUnavailableError";
  }
}

/**
 * Storing a request's records stopped because the store became unavailable: no further write was
 * started, and every write already started had settled when this was thrown. `storedRecords` of
 * `totalRecords` are stored (now or by an earlier request); the others may or may not be.
 */
export class StoringInterruptedError extends Error {
  constructor(
    readonly storedRecords: number,
    readonly totalRecords: number,
    options: { cause: StoreUnavailableError },
  ) {
    super(`storing stopped after ${storedRecords} of ${totalRecords} records`, options);
    this.name = "StoringInterruptedError";
  }
}

/**
 * Some notifications a unit acknowledges are not stored (never were, or have expired): one field
 * error at each one's `notificationId`. Nothing of the request is recorded.
 */
export class NotificationsUnknownError extends Error {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super("Some of these notifications are unknown to this deployment.");
    this.name = "NotificationsUnknownError";
  }
}

/**
 * Some notifications a unit acknowledges were not routed to it: one field error at each one's
 * `notificationId`. Nothing of the request is recorded.
 */
export class ReceiptsForbiddenError extends Error {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super("Some of these notifications were not routed to the calling unit.");
    this.name = "ReceiptsForbiddenError";
  }
}

/** The notification a trace asks for is not stored here (never was, or has expired). */
export class NotificationNotFoundError extends Error {
  constructor(readonly what: string) {
    super(`No notification ${what} is stored in this deployment.`);
    this.name = "NotificationNotFoundError";
  }
}

/** A unit asked for the trace of a notification it may not follow (not routed to it, not filed by it). */
export class TraceForbiddenError extends Error {
  constructor(readonly unit: UnitId) {
    super(`unit ${unit} may not trace this notification`);
    this.name = "TraceForbiddenError";
  }
}

/** A query's parameters are not valid: one field error per problem, at `/query/<name>`. */
export class QueryParametersError extends Error {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super("The query's parameters are not valid.");
    this.name = "QueryParametersError";
  }
}

/** The unit may not ask this query (the catalogue's `queries`); the refusal is audited before it is answered. */
export class QueryForbiddenError extends Error {
  constructor(
    readonly unit: UnitId,
    readonly query: QueryId,
  ) {
    super(`unit ${unit} may not ask ${query}`);
    this.name = "QueryForbiddenError";
  }
}

/**
 * The answer would rest on more notifications than one query reads, or name more than one audit
 * record holds: it is refused (and the refusal audited) rather than answered in part.
 */
export class QueryTooBroadError extends Error {
  constructor(
    readonly limit: number,
    readonly exceeded: "read" | "audit",
  ) {
    super(`the query exceeds the ${exceeded} limit of ${limit} notifications`);
    this.name = "QueryTooBroadError";
  }
}

/** A store (the notifications, the audit log) could not be read for now (unreachable, throttled, failing): nothing was answered. */
export class ReadUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super("the store cannot be read", options);
    this.name = "ReadUnavailableError";
  }
}

/** The audit record of a query could not be written: the query is not answered, as no read goes unaudited. */
export class AuditUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super("the audit log cannot be written", options);
    this.name = "AuditUnavailableError";
  }
}

/** The unit may not read the statistics (the catalogue's `statistics.readers`). */
export class StatisticsForbiddenError extends Error {
  constructor(readonly unit: UnitId) {
    super(`unit ${unit} may not read the statistics`);
    this.name = "StatisticsForbiddenError";
  }
}
