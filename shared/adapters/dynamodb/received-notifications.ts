import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { batchGetNotifications, MAX_KEYS_PER_BATCH_GET, tableKeyOf } from "./batch-get-notifications.ts";
import { receivedDayPartition } from "./notification-items.ts";

/** Notifications received from `from` (included) to `to` (excluded). */
export interface ReceiptPeriod {
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;

const index = notificationTable.indexes.byReceivedDay;

/**
 * The queries of the "received per day" index that find the entries of a period in the partitions
 * `partitionOfDay(<UTC day>)`, one per day the period touches, oldest first. Every sort key of the
 * index starts with an ISO instant, so `BETWEEN from AND to` takes `from` itself and stops before
 * `to`: what follows the instant (`#<id>`…) always extends it.
 */
export function dayIndexQueries(
  tableName: string,
  period: ReceiptPeriod,
  partitionOfDay: (day: string) => string,
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
      ExpressionAttributeNames: { "#day": index.partitionKey, "#sort": index.sortKey },
      ExpressionAttributeValues: {
        ":day": { S: partitionOfDay(new Date(day).toISOString().slice(0, 10)) },
        ":from": { S: from.toISOString() },
        ":to": { S: to.toISOString() },
      },
      // A query page is never larger than one BatchGetItem.
      Limit: MAX_KEYS_PER_BATCH_GET,
    });
  }
  return queries;
}

/** The queries that find the notifications received in a period (`RECEIVED#<day>` partitions), of `kind` if given. */
export function receivedIndexQueries(
  tableName: string,
  period: ReceiptPeriod,
  kind?: string,
): QueryCommandInput[] {
  const queries = dayIndexQueries(tableName, period, receivedDayPartition);
  if (kind === undefined) return queries;
  return queries.map((query) => ({
    ...query,
    FilterExpression: "#kind = :kind",
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, "#kind": "kind" },
    ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ":kind": { S: kind } },
  }));
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
    for (const query of receivedIndexQueries(this.tableName, period, kind)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
        startKey = page.LastEvaluatedKey;
        const keys = (page.Items ?? []).flatMap((item) => {
          const key = tableKeyOf(item);
          return key === undefined ? [] : [key];
        });
        if (keys.length > 0)
          yield await batchGetNotifications(this.client, this.tableName, keys, this.backoff);
      } while (startKey !== undefined);
    }
  }
}
