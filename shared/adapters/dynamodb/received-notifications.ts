import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { type Item, receivedDayPartition } from "./notification-items.ts";

/** Notifications received from `from` (included) to `to` (excluded). */
export interface ReceiptPeriod {
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;
/** BatchGetItem takes at most 100 keys: a query page is never larger. */
const MAX_KEYS_PER_BATCH_GET = 100;
const UNPROCESSED_RETRIES = 6;

const index = notificationTable.indexes.byReceivedDay;

/**
 * The queries of the "received per day" index that find the notifications of a period, one per UTC
 * day it touches, oldest first. The sort key is `receivedAt#id`, so `BETWEEN from AND to` (ISO
 * instants) takes `from` itself and stops before `to`: an id always follows the instant it extends.
 */
export function receivedIndexQueries(
  tableName: string,
  period: ReceiptPeriod,
  kind?: string,
): QueryCommandInput[] {
  const { from, to } = period;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to)
    throw new RangeError("a period of receipt must end after it starts");
  const queries: QueryCommandInput[] = [];
  for (let day = Math.floor(from.getTime() / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
    queries.push({
      TableName: tableName,
      IndexName: index.indexName,
      KeyConditionExpression: "#day = :day AND #sort BETWEEN :from AND :to",
      ...(kind === undefined ? {} : { FilterExpression: "#kind = :kind" }),
      ExpressionAttributeNames: {
        "#day": index.partitionKey,
        "#sort": index.sortKey,
        ...(kind === undefined ? {} : { "#kind": "kind" }),
      },
      ExpressionAttributeValues: {
        ":day": { S: receivedDayPartition(new Date(day).toISOString().slice(0, 10)) },
        ":from": { S: from.toISOString() },
        ":to": { S: to.toISOString() },
        ...(kind === undefined ? {} : { ":kind": { S: kind } }),
      },
      Limit: MAX_KEYS_PER_BATCH_GET,
    });
  }
  return queries;
}

/**
 * Reads stored notifications back by receipt time, for `hub republish`: the index (never a Scan) finds
 * the items of the period, BatchGetItem fetches their `notification` attribute.
 */
export class ReceivedNotificationReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 2_000 }),
  ) {}

  /** The stored notifications (JSON as stored) of the period, and of `kind` if given, page by page in order of receipt. */
  async *read(period: ReceiptPeriod, kind?: string): AsyncGenerator<string[]> {
    const { partitionKey, sortKey } = notificationTable;
    for (const query of receivedIndexQueries(this.tableName, period, kind)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
        startKey = page.LastEvaluatedKey;
        const keys = (page.Items ?? []).flatMap((item) => {
          const [partition, sort] = [item[partitionKey], item[sortKey]];
          return partition === undefined || sort === undefined
            ? []
            : [{ [partitionKey]: partition, [sortKey]: sort }];
        });
        if (keys.length > 0) yield await this.notificationsOf(keys);
      } while (startKey !== undefined);
    }
  }

  /** The `notification` attribute of each item, in the order of `keys`; an item expired meanwhile is left out. */
  private async notificationsOf(keys: readonly Item[]): Promise<string[]> {
    const { partitionKey } = notificationTable;
    const found = new Map<string, string>();
    let pending: Item[] = [...keys];
    for (let retry = 0; pending.length > 0; retry++) {
      if (retry > UNPROCESSED_RETRIES) throw new Error(`DynamoDB left ${pending.length} items unread`);
      if (retry > 0) await this.backoff(retry);
      const result = await this.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ProjectionExpression: "#pk, #notification",
              ExpressionAttributeNames: { "#pk": partitionKey, "#notification": "notification" },
            },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const key = item[partitionKey]?.S;
        const notification = item.notification?.S;
        if (key !== undefined && notification !== undefined) found.set(key, notification);
      }
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return keys.flatMap((key) => {
      const notification = found.get(key[partitionKey]?.S ?? "");
      return notification === undefined ? [] : [notification];
    });
  }
}
