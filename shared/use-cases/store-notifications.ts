/**
 * What the ingest and the reports use cases do alike once a request is mapped: refuse it when a
 * notification belongs to another deployment or is too large, then store each notification once.
 */
import type { NotificationStore, StoreOutcome } from "../adapters/dynamodb/notification-store.ts";
import type { DeploymentId } from "../domain/catalogue/index.ts";
import { RequestRejectedError, StoreUnavailableError, StoringInterruptedError } from "../domain/errors.ts";
import type { FieldError } from "../domain/field-error.ts";
import { checkJurisdiction } from "../domain/jurisdiction.ts";
import type { CanonicalNotification } from "../domain/notification.ts";
import { notificationJson } from "../domain/notification-json.ts";

/** Far below DynamoDB's 400 KB item and EventBridge's 256 KB entry: one record is never that large. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;
/** Notifications of one request stored in parallel: fast for 100 records, gentle on the table. */
export const STORE_CONCURRENCY = 16;

/** The request's items: a feed's `records`, a unit's `reports` (the field paths' first segment). */
export type RequestItems = "records" | "reports";

/** A record or report of the request, mapped to its notification. */
export interface Mapped {
  readonly notification: CanonicalNotification;
}

/**
 * Throws `RequestRejectedError` when any notification (at its index of the request's `items`) belongs
 * to another deployment (`region.mismatch`) or is too large once normalised: nothing is stored then.
 */
export function refuseMisplaced(
  mapped: readonly Mapped[],
  deployment: DeploymentId,
  items: RequestItems,
): void {
  const problems: FieldError[] = [];
  const item = items === "records" ? "record" : "report";
  mapped.forEach(({ notification }, index) => {
    const problem = checkJurisdiction(notification, deployment, index, items);
    if (problem !== undefined) problems.push(problem);
    if (notificationJson(notification).length > MAX_NOTIFICATION_BYTES) {
      problems.push({
        path: `/${items}/${index}`,
        code: "record.too-large",
        message: `The ${item} is larger than ${MAX_NOTIFICATION_BYTES} bytes once normalised.`,
      });
    }
  });
  if (problems.length === 0) return;
  const code = problems.some((e) => e.code === "region.mismatch") ? "region.mismatch" : "contract.invalid";
  throw new RequestRejectedError(code, `Some ${items} cannot be accepted by this deployment.`, problems);
}

/**
 * Stores the items' notifications, `STORE_CONCURRENCY` at a time; each outcome comes with its item,
 * in the items' order. After the first failure no further write starts, and the failure is thrown only once every
 * write already started has settled: no write outlives the answer, and the answer can say how many
 * are stored. A fault of the hub wins over the store being unavailable: it is the one to log and fix.
 */
export async function storeEach<Item extends Mapped>(
  items: readonly Item[],
  store: NotificationStore,
): Promise<Array<StoreOutcome & { readonly item: Item }>> {
  const outcomes: Array<StoreOutcome & { readonly item: Item }> = [];
  let next = 0;
  let stored = 0;
  let stopped = false;
  const worker = async (): Promise<unknown[]> => {
    for (let item = items[next]; !stopped && item !== undefined; item = items[next]) {
      const position = next++;
      try {
        outcomes[position] = { item, ...(await store.storeOnce(item.notification)) };
        stored++;
      } catch (error) {
        stopped = true;
        return [error];
      }
    }
    return [];
  };
  const workers = Array.from({ length: Math.min(STORE_CONCURRENCY, items.length) }, worker);
  const failures = (await Promise.all(workers)).flat();
  const faults = failures.filter((error) => !(error instanceof StoreUnavailableError));
  if (faults.length > 0) throw faults[0];
  const [unavailable] = failures.filter((error) => error instanceof StoreUnavailableError);
  if (unavailable === undefined) return outcomes;
  throw new StoringInterruptedError(stored, items.length, { cause: unavailable });
}
