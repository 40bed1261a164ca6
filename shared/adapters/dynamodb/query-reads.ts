/**
 * The reads of the units' queries, never a Scan: the notifications filed under a person key (the
 * "by subject" index, newest first) and those of some kinds in a period (the "kind × region × month"
 * index), then the notification items by key (BatchGetItem, unprocessed keys retried).
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { type DeploymentId, type KindId, regionsOf } from "../../domain/catalogue/index.ts";
import { ReadUnavailableError } from "../../domain/errors.ts";
import type { InstantPeriod } from "../../domain/lists/months.ts";
import type { CanonicalNotification } from "../../domain/notification.ts";
import type { PageQuery } from "../../domain/queries/paging.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import {
  batchGetNotifications,
  MAX_KEYS_PER_BATCH_GET,
  UnreadItemsError,
} from "./batch-get-notifications.ts";
import { KindPeriodIndex } from "./kind-period-index.ts";
import type { Item } from "./notification-items.ts";
import { decodeCursor, encodeCursor, type Key } from "./page-cursor.ts";

export interface NotificationPage {
  /** Newest first. */
  readonly notifications: readonly CanonicalNotification[];
  /** Where the next page starts; absent after the last. */
  readonly nextCursor?: string;
}

/**
 * What the queries read. Each method throws `ReadUnavailableError` when the store cannot be read for
 * now; a method that reads "all" answers `undefined` rather than more than `max` notifications.
 */
export interface QueryReads {
  /** One page of the notifications filed under a person key, newest first (`QueryParametersError` for a cursor of another key). */
  page(key: string, page: PageQuery): Promise<NotificationPage>;
  /** Every notification filed under any of `keys`. */
  about(keys: readonly string[], max: number): Promise<CanonicalNotification[] | undefined>;
  /** Every notification of `kinds` that happened within `period` in the deployment's regions. */
  ofKinds(
    kinds: readonly KindId[],
    period: InstantPeriod,
    max: number,
  ): Promise<CanonicalNotification[] | undefined>;
}

const bySubject = notificationTable.indexes.bySubject;
/** What the "by subject" index's `LastEvaluatedKey` holds: its keys and the table's. */
const subjectPageKeyNames = [
  bySubject.partitionKey,
  bySubject.sortKey,
  notificationTable.partitionKey,
  notificationTable.sortKey,
];
const BATCH_GET_CONCURRENCY = 4;

export class DynamoQueryReads implements QueryReads {
  private readonly kindIndex: KindPeriodIndex;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly deployment: DeploymentId,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 1_000 }),
  ) {
    this.kindIndex = new KindPeriodIndex(client, tableName, backoff);
  }

  async page(key: string, { limit, cursor }: PageQuery): Promise<NotificationPage> {
    const startKey =
      cursor === undefined ? undefined : decodeCursor(cursor, subjectPageKeyNames, (p) => p === key).startKey;
    return readOrUnavailable(async () => {
      const page = await this.client.send(
        new QueryCommand({
          ...subjectQuery(this.tableName, key),
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      const notifications = await this.notificationsAt(partitionsOf(page.Items ?? []));
      const next = page.LastEvaluatedKey;
      return {
        notifications,
        ...(next === undefined ? {} : { nextCursor: encodeCursor({ partition: key, startKey: next }) }),
      };
    });
  }

  about(keys: readonly string[], max: number): Promise<CanonicalNotification[] | undefined> {
    return readOrUnavailable(async () => {
      const partitions = new Set<string>();
      for (const key of keys) {
        let startKey: Key | undefined;
        do {
          const page = await this.client.send(
            new QueryCommand({ ...subjectQuery(this.tableName, key), ExclusiveStartKey: startKey }),
          );
          for (const partition of partitionsOf(page.Items ?? [])) partitions.add(partition);
          if (partitions.size > max) return undefined;
          startKey = page.LastEvaluatedKey;
        } while (startKey !== undefined);
      }
      return this.notificationsAt([...partitions]);
    });
  }

  ofKinds(
    kinds: readonly KindId[],
    period: InstantPeriod,
    max: number,
  ): Promise<CanonicalNotification[] | undefined> {
    const regions = regionsOf(this.deployment);
    return readOrUnavailable(async () => {
      // The index entries are small: counted first, so that a period too large is never fetched.
      let entries = 0;
      await this.kindIndex.forEachEntry(kinds, regions, period, () => {
        entries += 1;
      });
      if (entries > max) return undefined;
      const perKind = await Promise.all(
        kinds.map((kind) => this.kindIndex.notifications(kind, regions, period)),
      );
      return perKind.flat();
    });
  }

  /** The notifications of the record partitions, in their order; one expired meanwhile is left out. */
  private async notificationsAt(partitions: readonly string[]): Promise<CanonicalNotification[]> {
    const keys: Item[] = partitions.map((partition) => ({
      [notificationTable.partitionKey]: { S: partition },
      [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
    }));
    const batches: Item[][] = [];
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_BATCH_GET) {
      batches.push(keys.slice(start, start + MAX_KEYS_PER_BATCH_GET));
    }
    const stored: string[][] = [];
    for (let start = 0; start < batches.length; start += BATCH_GET_CONCURRENCY) {
      stored.push(
        ...(await Promise.all(
          batches
            .slice(start, start + BATCH_GET_CONCURRENCY)
            .map((batch) => batchGetNotifications(this.client, this.tableName, batch, this.backoff)),
        )),
      );
    }
    return stored.flat().map((json) => JSON.parse(json) as CanonicalNotification);
  }
}

/** The "by subject" entries of one key, projected to their record partition. */
function subjectQuery(tableName: string, key: string) {
  return {
    TableName: tableName,
    IndexName: bySubject.indexName,
    KeyConditionExpression: "#subject = :subject",
    ProjectionExpression: "#pk",
    ExpressionAttributeNames: { "#subject": bySubject.partitionKey, "#pk": notificationTable.partitionKey },
    ExpressionAttributeValues: { ":subject": { S: key } },
  };
}

/** The record partition of each entry, in order, once each (one record is one notification). */
function partitionsOf(entries: readonly Record<string, AttributeValue>[]): string[] {
  const partitions = entries.flatMap((entry) => entry[notificationTable.partitionKey]?.S ?? []);
  return [...new Set(partitions)];
}

/** A throttled or unreachable store, or a batch it would not finish, is "unavailable for now": 503. */
async function readOrUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isTransientAwsError(error) || error instanceof UnreadItemsError) {
      throw new ReadUnavailableError({ cause: error });
    }
    throw error;
  }
}
