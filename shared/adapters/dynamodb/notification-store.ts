import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
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

/** DynamoDB allows 100 items per transaction; the notification item takes one. */
const MAX_SUBJECT_ITEMS = 99;
const CONFLICT_RETRIES = 8;

const throttling = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "TransactionCanceledException",
  "TransactionInProgressException",
]);

/** Network failures, time-outs, 5xx and throttling pass; a misconfiguration (e.g. access denied) does not. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status >= 500 || throttling.has(error.name);
}

const isNew = `attribute_not_exists(${notificationTable.partitionKey})`;

function existingId(item: Item | undefined, fallback: string): string {
  return item?.notificationId?.S ?? fallback;
}

export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async storeOnce(notification: CanonicalNotification): Promise<StoreOutcome> {
    const items = notificationItems(notification, this.retentionDays);
    try {
      return items.subjects.length === 0
        ? await this.putAlone(items.notification, notification.id)
        : await this.putWithSubjects(
            items.notification,
            items.subjects.slice(0, MAX_SUBJECT_ITEMS),
            notification.id,
          );
    } catch (error) {
      throw isTransient(error) ? new StoreUnavailableError(error) : error;
    }
  }

  private async putAlone(item: Item, id: string): Promise<StoreOutcome> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: isNew,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { status: "stored", notificationId: id };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return { status: "duplicate", notificationId: existingId(error.Item, id) };
      }
      throw error;
    }
  }

  /**
   * One transaction: the notification (only if new) and its subject items. Concurrent duplicates
   * cancel each other with `TransactionConflict`; retried with jitter, all but one then find the
   * record already stored.
   */
  private async putWithSubjects(item: Item, subjects: Item[], id: string): Promise<StoreOutcome> {
    const command = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: item,
            ConditionExpression: isNew,
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        ...subjects.map((subject) => ({ Put: { TableName: this.tableName, Item: subject } })),
      ],
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.send(command);
        return { status: "stored", notificationId: id };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reason = error.CancellationReasons?.[0];
        if (reason?.Code === "ConditionalCheckFailed") {
          return { status: "duplicate", notificationId: existingId(reason.Item, id) };
        }
        const conflicted = error.CancellationReasons?.some((r) => r.Code === "TransactionConflict") ?? false;
        if (!conflicted || attempt >= CONFLICT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
      }
    }
  }
}
