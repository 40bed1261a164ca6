import {
  type NotificationStore,
  StoreUnavailableError,
} from "../../shared/adapters/dynamodb/notification-store.ts";
import type { RecordOutcome } from "../../shared/api/responses.ts";
import type { DeploymentId, FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import type { FieldError } from "../../shared/domain/field-error.ts";
import { checkJurisdiction } from "../../shared/domain/jurisdiction.ts";
import { HttpError } from "../../shared/http/http-error.ts";
import { mapFeedRequest } from "../../shared/sources/index.ts";

export interface AcceptFeedDependencies {
  readonly deployment: DeploymentId;
  readonly store: NotificationStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** Far below DynamoDB's 400 KB item and EventBridge's 256 KB entry: one record is never that large. */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;
/** Records of one request stored in parallel: fast for 100 records, gentle on the table. */
const STORE_CONCURRENCY = 16;
export const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The ingest use case: validate every record of the request against its source's contract, check
 * that each belongs to this deployment, then store each exactly once. All or nothing on validation:
 * one bad field rejects the whole request and nothing is stored.
 */
export async function acceptFeedRequest(
  source: FeedSourceId,
  body: unknown,
  deps: AcceptFeedDependencies,
): Promise<RecordOutcome[]> {
  const mapped = mapFeedRequest(source, body, {
    deployment: deps.deployment,
    receivedAt: deps.now(),
    newId: deps.newId,
  });
  if (!mapped.ok) {
    throw new HttpError(
      422,
      "contract.invalid",
      "The request does not match the feed contract.",
      mapped.errors,
    );
  }
  const misplaced: FieldError[] = [];
  mapped.records.forEach(({ notification }, index) => {
    const problem = checkJurisdiction(notification, deps.deployment, index);
    if (problem !== undefined) misplaced.push(problem);
    if (JSON.stringify(notification).length > MAX_NOTIFICATION_BYTES) {
      misplaced.push({
        path: `/records/${index}`,
        code: "record.too-large",
        message: `The record is larger than ${MAX_NOTIFICATION_BYTES} bytes once normalised.`,
      });
    }
  });
  if (misplaced.length > 0) {
    const code = misplaced.some((e) => e.code === "region.mismatch") ? "region.mismatch" : "contract.invalid";
    throw new HttpError(422, code, "Some records cannot be accepted by this deployment.", misplaced);
  }
  try {
    return await mapWithConcurrency(mapped.records, STORE_CONCURRENCY, async ({ recordId, notification }) => {
      const outcome = await deps.store.storeOnce(notification);
      return { recordId, notificationId: outcome.notificationId, status: outcome.status };
    });
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    throw new HttpError(
      503,
      "store.unavailable",
      "The notification store is unavailable. Nothing was acknowledged; retry the same request later.",
      [],
      { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
    );
  }
}

async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
