import type { NotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { RecordOutcome } from "../../shared/api/responses.ts";
import type { DeploymentId, FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { RequestRejectedError } from "../../shared/domain/errors.ts";
import { mapFeedRequest } from "../../shared/sources/index.ts";
import { refuseMisplaced, storeEach } from "../../shared/use-cases/store-notifications.ts";

export interface AcceptFeedDependencies {
  readonly deployment: DeploymentId;
  readonly store: NotificationStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

/**
 * The ingest use case: validate every record of the request against its source's contract, check
 * that each belongs to this deployment, then store each exactly once. All or nothing on validation:
 * one bad field rejects the whole request (`RequestRejectedError`) and nothing is stored.
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
    throw new RequestRejectedError(
      "contract.invalid",
      "The request does not match the feed contract.",
      mapped.errors,
    );
  }
  refuseMisplaced(mapped.records, deps.deployment, "records");
  const stored = await storeEach(mapped.records, deps.store);
  return stored.map(({ item, notificationId, status }) => ({
    recordId: item.recordId,
    notificationId,
    status,
  }));
}
