/**
 * The failures of the use cases (a feed's records, a unit's reports), in the domain's terms. What
 * status, body and headers each becomes is the HTTP edge's decision alone.
 */
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
