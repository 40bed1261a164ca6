import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { StoreUnavailableError } from "../../domain/errors.ts";
import type { CanonicalNotification } from "../../domain/notification.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import { type Item, notificationItems } from "./notification-items.ts";

export type StoreOutcome = { status: "stored" | "duplicate"; notificationId: string };

/**
 * Writes notifications so that each upstream record is stored exactly once. Throws
 * `StoreUnavailableError` when the store cannot take the write for now; anything else is a fault.
 */
export interface NotificationStore {
  storeOnce(notification: CanonicalNotification): Promise<StoreOutcome>;
}

/** DynamoDB still left subject items unprocessed (its way of throttling a batch) after every retry. */
export class UnprocessedItemsError extends Error {
  constructor(readonly unprocessed: number) {
    super(`DynamoDB left ${unprocessed} subject items unprocessed`);
    this.name = "UnprocessedItemsError";
  }
}

/** BatchWriteItem takes at most 25 items per request. */
const BATCH_WRITE_LIMIT = 25;
const UNPROCESSED_RETRIES = 6;
/** About 3 s in all at most: the client still gets its 503 well within API Gateway's 29 s. */
const unprocessedBackoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 1_600 });

const isNew = `attribute_not_exists(${notificationTable.partitionKey})`;

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
    private readonly backoff: Backoff = unprocessedBackoff,
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
      if (error instanceof UnprocessedItemsError || isTransientAwsError(error)) {
        throw new StoreUnavailableError({ cause: error });
      }
      throw error;
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
      for (let retry = 0; pending.length > 0; retry++) {
        if (retry > UNPROCESSED_RETRIES) throw new UnprocessedItemsError(pending.length);
        if (retry > 0) await this.backoff(retry);
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
