import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { isKindId, type KindId, type RegionCode } from "../../domain/catalogue/index.ts";
import { type InstantPeriod, utcMonthsOf } from "../../domain/lists/months.ts";
import type { CanonicalNotification } from "../../domain/notification.ts";
import type { StatsEntry } from "../../domain/stats/statistics.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { batchGetNotifications, MAX_KEYS_PER_BATCH_GET, tableKeyOf } from "./batch-get-notifications.ts";
import { type Item, kindRegionMonthPartition } from "./notification-items.ts";

const index = notificationTable.indexes.byKindRegionMonth;

/** Index queries in flight at once: quick for a year of 30 kinds, gentle on the table. */
export const QUERY_CONCURRENCY = 8;

/**
 * The queries of the "kind × region × month" index that find the notifications of `kind` in `period`:
 * one per region and UTC month the period touches (a local month spans two UTC months). The sort key
 * is `occurredAt#id`, so `BETWEEN from AND to` (ISO instants) takes `from` itself and stops before `to`.
 */
export function kindPeriodQueries(
  tableName: string,
  kind: KindId,
  regions: ReadonlyArray<RegionCode | null>,
  period: InstantPeriod,
): QueryCommandInput[] {
  if (!(period.from < period.to)) throw new RangeError("a period must end after it starts");
  return regions.flatMap((region) =>
    utcMonthsOf(period).map((month) => ({
      TableName: tableName,
      IndexName: index.indexName,
      KeyConditionExpression: "#partition = :partition AND #sort BETWEEN :from AND :to",
      ExpressionAttributeNames: { "#partition": index.partitionKey, "#sort": index.sortKey },
      ExpressionAttributeValues: {
        ":partition": { S: kindRegionMonthPartition(kind, region, month) },
        ":from": { S: period.from },
        ":to": { S: period.to },
      },
    })),
  );
}

/** Runs `work` on every item, at most `concurrency` at a time; results in the items' order. */
async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>) {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    for (let position = next++; position < items.length; position = next++) {
      const item = items[position];
      if (item !== undefined) results[position] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/**
 * Reads the notifications of a kind and a period through the "kind × region × month" index, never a
 * Scan: the monthly lists read their notifications (index, then BatchGetItem), the statistics only the
 * index entries.
 */
export class KindPeriodIndex {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 2_000 }),
  ) {}

  /** Hands every page of one query's entries, projected as asked, to `visit`. */
  private async eachPage(query: QueryCommandInput, visit: (entries: Item[]) => void): Promise<void> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
      visit(page.Items ?? []);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  /** Every entry of one query, projected as asked. */
  private async allPages(query: QueryCommandInput): Promise<Item[]> {
    const items: Item[] = [];
    await this.eachPage(query, (entries) => items.push(...entries));
    return items;
  }

  /** The stored notifications of `kind` that happened in `period` in any of `regions`, oldest first. */
  async notifications(
    kind: KindId,
    regions: ReadonlyArray<RegionCode | null>,
    period: InstantPeriod,
  ): Promise<CanonicalNotification[]> {
    const queries = kindPeriodQueries(this.tableName, kind, regions, period).map((query) => ({
      ...query,
      // The table keys are every index's projection: enough to fetch the items.
      ProjectionExpression: "#pk, #sk",
      ExpressionAttributeNames: {
        ...query.ExpressionAttributeNames,
        "#pk": notificationTable.partitionKey,
        "#sk": notificationTable.sortKey,
      },
    }));
    const keys = (await inParallel(queries, QUERY_CONCURRENCY, (query) => this.allPages(query))).flatMap(
      (entries) =>
        entries.flatMap((entry) => {
          const key = tableKeyOf(entry);
          return key === undefined ? [] : [key];
        }),
    );
    const batches: Item[][] = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_BATCH_GET)
      batches.push(keys.slice(start, start + MAX_KEYS_PER_BATCH_GET));
    const stored = await inParallel(batches, QUERY_CONCURRENCY, (batch) =>
      batchGetNotifications(this.client, this.tableName, batch, this.backoff),
    );
    return stored.flat().map((json) => JSON.parse(json) as CanonicalNotification);
  }

  /**
   * Hands each index entry (kind, time, citizenships) of `kinds` that happened in `period` in any of
   * `regions` to `visit`, page by page: a period's entries are never all in memory.
   */
  async forEachEntry(
    kinds: readonly KindId[],
    regions: ReadonlyArray<RegionCode | null>,
    period: InstantPeriod,
    visit: (entry: StatsEntry) => void,
  ): Promise<void> {
    const queries = kinds.flatMap((kind) =>
      kindPeriodQueries(this.tableName, kind, regions, period).map((query) => ({
        ...query,
        ProjectionExpression: "#kind, #sort, #citizenships",
        ExpressionAttributeNames: {
          ...query.ExpressionAttributeNames,
          "#kind": "kind",
          "#citizenships": notificationTable.citizenshipsAttribute,
        },
      })),
    );
    await inParallel(queries, QUERY_CONCURRENCY, (query) =>
      this.eachPage(query, (entries) => {
        for (const entry of entries) {
          const kind = entry.kind?.S;
          const occurredAt = entry[index.sortKey]?.S?.split("#")[0];
          if (isKindId(kind) && occurredAt !== undefined)
            visit({
              kind,
              occurredAt,
              citizenships: entry[notificationTable.citizenshipsAttribute]?.SS ?? [],
            });
        }
      }),
    );
  }
}
