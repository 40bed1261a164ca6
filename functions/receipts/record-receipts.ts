import type { NotificationRef } from "../../shared/adapters/dynamodb/notifications-by-id.ts";
import type {
  AcknowledgementRequest,
  AcknowledgementResult,
} from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { type ReceiptRequest, type ReceiptResult, receiptsRequestSchema } from "../../shared/api/receipts.ts";
import { type ExtraSubscriptions, subscribersOf } from "../../shared/domain/catalogue/index.ts";
import {
  NotificationsUnknownError,
  ReceiptsForbiddenError,
  RequestRejectedError,
  StoreUnavailableError,
  StoringInterruptedError,
} from "../../shared/domain/errors.ts";
import type { FieldError } from "../../shared/domain/field-error.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import { fieldErrorsOfIssues } from "../../shared/sources/kit/issues.ts";

export interface RecordReceiptsDependencies {
  /** The deployment's extra subscriptions: routing is the kind's subscribers plus these, as published. */
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly notifications: { findAll(ids: readonly string[]): Promise<Map<string, NotificationRef>> };
  readonly ledger: { acknowledge(request: AcknowledgementRequest): Promise<AcknowledgementResult> };
  readonly now: () => Date;
}

/** Acknowledgements of one request written at a time. */
const WRITE_CONCURRENCY = 16;

/**
 * The receipts use case: validate the request (422), find every notification by its id (404 for any
 * not stored), check that each was routed to the caller's unit (403 for any that was not), then
 * record each acknowledgement once. Nothing is recorded unless every one may be; repeating a request
 * is safe (an acknowledgement already stated is `unchanged`).
 */
export async function recordReceipts(
  caller: FiledBy,
  body: unknown,
  deps: RecordReceiptsDependencies,
): Promise<ReceiptResult[]> {
  const parsed = receiptsRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new RequestRejectedError(
      "contract.invalid",
      "The request does not match the receipts contract.",
      fieldErrorsOfIssues(parsed.error.issues, [], body),
    );
  }
  const requests = parsed.data.receipts;
  const found = await routedNotifications(caller, requests, deps);
  const at = deps.now();
  return writeEach(requests, async (request) => {
    const notification = found.get(request.notificationId);
    if (notification === undefined) throw new Error("a notification looked up is missing");
    const { outcome, receipt } = await deps.ledger.acknowledge({
      notificationId: request.notificationId,
      expiresAt: notification.expiresAt,
      caller,
      status: request.status,
      ...(request.status === "actioned" && request.reference !== undefined
        ? { reference: request.reference }
        : {}),
      at,
    });
    return {
      notificationId: request.notificationId,
      status: request.status,
      outcome,
      receivedAt: receipt.received.at,
      ...(receipt.actioned === undefined
        ? {}
        : {
            actionedAt: receipt.actioned.at,
            ...(receipt.actioned.reference === undefined ? {} : { reference: receipt.actioned.reference }),
          }),
    };
  });
}

/**
 * The notifications acknowledged, by id: 404 (`NotificationsUnknownError`) if any is not stored, then
 * 403 (`ReceiptsForbiddenError`) if any was not routed to the caller's unit.
 */
async function routedNotifications(
  caller: FiledBy,
  receipts: readonly ReceiptRequest[],
  { notifications, extraSubscriptions }: RecordReceiptsDependencies,
): Promise<Map<string, NotificationRef>> {
  let refs: Map<string, NotificationRef>;
  try {
    refs = await notifications.findAll(receipts.map((receipt) => receipt.notificationId));
  } catch (error) {
    if (error instanceof StoreUnavailableError)
      throw new StoringInterruptedError(0, receipts.length, { cause: error });
    throw error;
  }
  const problem = (index: number, code: string, message: string): FieldError => ({
    path: `/receipts/${index}/notificationId`,
    code,
    message,
  });
  const unknown = receipts.flatMap((receipt, index) =>
    refs.has(receipt.notificationId)
      ? []
      : [problem(index, "notification.unknown", "No notification of this id is stored in this deployment.")],
  );
  if (unknown.length > 0) throw new NotificationsUnknownError(unknown);
  const forbidden = receipts.flatMap((receipt, index) => {
    const ref = refs.get(receipt.notificationId);
    return ref === undefined || subscribersOf(ref.kind, extraSubscriptions).includes(caller.unit)
      ? []
      : [problem(index, "receipt.not-routed", `This notification was not routed to \`${caller.unit}\`.`)];
  });
  if (forbidden.length > 0) throw new ReceiptsForbiddenError(forbidden);
  return refs;
}

/**
 * Writes each acknowledgement, a few at a time, results in request order. After the first failure
 * no further write starts; the store being unavailable becomes `StoringInterruptedError` with the
 * count recorded, once every started write has settled.
 */
async function writeEach(
  requests: readonly ReceiptRequest[],
  write: (request: ReceiptRequest) => Promise<ReceiptResult>,
): Promise<ReceiptResult[]> {
  const results: ReceiptResult[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    for (let position = next++; failure === undefined && position < requests.length; position = next++) {
      const request = requests[position];
      if (request === undefined) return;
      try {
        results[position] = await write(request);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, requests.length) }, worker));
  if (failure === undefined) return results;
  if (failure instanceof StoreUnavailableError) {
    const recorded = results.filter((result) => result !== undefined).length;
    throw new StoringInterruptedError(recorded, requests.length, { cause: failure });
  }
  throw failure;
}
