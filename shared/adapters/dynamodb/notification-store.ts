import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import type { CanonicalNotification } from "../../domain/notification.ts";
import { type Item, notificationItems } from "./notification-items.ts";
import { notificationTable } from "./notification-table.ts";

export type StoreOutcome = { status: "stored" | "duplicate"; notificationId: string };

/** Writes notifications so that each upstream record is stored exactly once. */
export interface NotificationStore {
  storeOnce(notification: CanonicalNotification): Promise<StoreOutcome>;
}

/** The store could not be reached or refused to work for now: nothing was acknowledged, retrying is safe. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the notification store is unavailable", { cause });
    this.name = "StoreUnavailableError";
  }
}

/** BatchWriteItem takes at most 25 items per request. */
const BATCH_WRITE_LIMIT = 25;
const UNPROCESSED_RETRIES = 6;

const throttling = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "UnprocessedItems",
]);

/** Network failures, time-outs, 5xx and throttling pass; a misconfiguration (e.g. access denied) does not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || throttling.has(error.name);
}

const isNew = `attribute_not_exists(${notificationTable.partitionKey})`;

const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * 2 ** attempt));

/**
 * One conditional put decides whether a record is new: concurrent duplicates and retries cannot
 * both win it. The subject items (the "by subject" index) follow in batch writes; they are
 * idempotent, so a duplicate rewrites them from the stored notification — which also repairs the
 * index if an earlier attempt died between the two writes. The 202 is sent only after both.
 * (A transaction would make the pair atomic at twice the write cost and, locally, a third of the speed.)
 */
export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async storeOnce(notification: CanonicalNotification): Promise<StoreOutcome> {
    try {
      const items = notificationItems(notification, this.retentionDays);
      const outcome = await this.putIfNew(items.notification, notification.id);
      const subjects =
        outcome.stored === undefined
          ? items.subjects
          : notificationItems(outcome.stored, this.retentionDays).subjects;
      await this.writeAll(subjects);
      return {
        status: outcome.stored === undefined ? "stored" : "duplicate",
        notificationId: outcome.notificationId,
      };
    } catch (error) {
      throw isTransient(error) ? new StoreUnavailableError(error) : error;
    }
  }

  /** `stored` is the notification already there when the record is a duplicate. */
  private async putIfNew(
    item: Item,
    id: string,
  ): Promise<{ notificationId: string; stored?: CanonicalNotification }> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: isNew,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { notificationId: id };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = JSON.parse(error.Item?.notification?.S ?? "null") as CanonicalNotification | null;
      if (stored === null) throw new Error("a stored record has no notification");
      return { notificationId: stored.id, stored };
    }
  }

  private async writeAll(items: readonly Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += BATCH_WRITE_LIMIT) {
      let pending = items.slice(start, start + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > UNPROCESSED_RETRIES) {
          throw Object.assign(new Error("DynamoDB left subject items unprocessed"), {
            name: "UnprocessedItems",
          });
        }
        if (attempt > 0) await backoff(attempt);
        const result = await this.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = (result.UnprocessedItems?.[this.tableName] ?? []).flatMap((request) =>
          request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
        );
      }
    }
  }
}
