/**
 * Finds stored notifications by their id through the `by-id` index: kind, receipt time and TTL,
 * without reading the notification itself (`POST /v1/receipts`, a trace).
 */
import { type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { isKindId, type KindId } from "../../domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../domain/errors.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import { tableKeyOf } from "./batch-get-notifications.ts";
import type { Item } from "./notification-items.ts";

export interface NotificationRef {
  readonly id: string;
  readonly kind: KindId;
  /** UTC instant. */
  readonly receivedAt: string;
  /** Epoch seconds when TTL removes the notification (and what belongs to it). */
  readonly expiresAt: number;
  /** The notification item's table key. */
  readonly tableKey: Item;
}

/** Lookups of one request run this many at a time. */
const LOOKUP_CONCURRENCY = 16;

const index = notificationTable.indexes.byId;

export class DynamoNotificationsById {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * The notification of `id`, or undefined when none is stored (never was, or expired). Throws
   * `StoreUnavailableError` when the index cannot be read for now.
   */
  async find(id: string): Promise<NotificationRef | undefined> {
    try {
      return await this.query(id);
    } catch (error) {
      if (isTransientAwsError(error)) throw new StoreUnavailableError({ cause: error });
      throw error;
    }
  }

  private async query(id: string): Promise<NotificationRef | undefined> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: "#id = :id",
        ExpressionAttributeNames: { "#id": index.partitionKey },
        ExpressionAttributeValues: { ":id": { S: id } },
        Limit: 1,
      }),
    );
    const [entry] = page.Items ?? [];
    return entry === undefined ? undefined : refOf(id, entry);
  }

  /** The notifications of `ids` that are stored, by id. */
  async findAll(ids: readonly string[]): Promise<Map<string, NotificationRef>> {
    const distinct = [...new Set(ids)];
    const found = new Map<string, NotificationRef>();
    for (let start = 0; start < distinct.length; start += LOOKUP_CONCURRENCY) {
      const refs = await Promise.all(
        distinct.slice(start, start + LOOKUP_CONCURRENCY).map((id) => this.find(id)),
      );
      for (const ref of refs) if (ref !== undefined) found.set(ref.id, ref);
    }
    return found;
  }
}

function refOf(id: string, entry: Item): NotificationRef | undefined {
  const kind = entry.kind?.S;
  const receivedAt = entry[index.sortKey]?.S?.split("#")[0];
  const expiresAt = Number(entry[notificationTable.timeToLiveAttribute]?.N);
  const tableKey = tableKeyOf(entry);
  if (!isKindId(kind) || receivedAt === undefined || !Number.isFinite(expiresAt) || tableKey === undefined)
    return undefined;
  return { id, kind, receivedAt, expiresAt, tableKey };
}
