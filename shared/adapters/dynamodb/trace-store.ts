/**
 * What a notification's trace reads, by key only (never a Scan): the notification (by its id through
 * the `by-id` index, or by its upstream record), then at once its publication mark, the escalations
 * of its missed deadlines (notification items at keys the escalation ids determine) and its receipts
 * (one Query of its ledger partition).
 */
import { BatchGetItemCommand, type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { hubProcessOf, isKindId, isUnitId, type KindId, type UnitId } from "../../domain/catalogue/index.ts";
import { ReadUnavailableError, StoreUnavailableError } from "../../domain/errors.ts";
import {
  type EscalationLevel,
  escalationKinds,
  escalationRecordId,
  type Receipt,
} from "../../domain/receipts/index.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { publicationMarks } from "../../wiring/publications.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import { type Item, recordPartitionKey } from "./notification-items.ts";
import { DynamoNotificationsById } from "./notifications-by-id.ts";
import { DynamoReceiptLedger } from "./receipt-ledger.ts";
import { type Publication, publicationKey, publicationOfItem } from "./trace-publications.ts";

/** What a trace shows of a notification: where it came from and when, never whom it is about. */
export interface TracedNotification {
  readonly id: string;
  readonly kind: KindId;
  readonly source: string;
  readonly deployment: string;
  readonly region: string | null;
  readonly upstream: { readonly system: string; readonly recordId: string };
  readonly occurredAt: string;
  readonly receivedAt: string;
  readonly filedBy?: { readonly unit: UnitId; readonly officer: string };
}

/** The escalation the hub raised for one unit's missed deadline: a notification of its own. */
export interface RaisedEscalation {
  readonly notificationId: string;
  readonly raisedAt: string;
}

/** A unit's deadline whose escalation a trace looks for. */
export interface SoughtEscalation {
  readonly unit: UnitId;
  readonly level: EscalationLevel;
}

export interface TraceFacts {
  readonly publication?: Publication;
  readonly receipts: readonly Receipt[];
  /** By `escalationRecordId`, the escalations found. */
  readonly escalations: ReadonlyMap<string, RaisedEscalation>;
}

export interface TraceStore {
  byId(id: string): Promise<TracedNotification | undefined>;
  byRecord(system: string, recordId: string): Promise<TracedNotification | undefined>;
  factsOf(notification: TracedNotification, sought: readonly SoughtEscalation[]): Promise<TraceFacts>;
}

const text = (value: unknown): value is string => typeof value === "string";
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

/** The traced fields of a stored notification (JSON as stored), or undefined when they are not all there. */
export function tracedNotificationOf(stored: string | undefined): TracedNotification | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored ?? "");
  } catch {
    return undefined;
  }
  const { id, kind, source, deployment, region, occurredAt, receivedAt } = record(parsed);
  const upstream = record(record(parsed).upstream);
  const filedBy = record(record(parsed).filedBy);
  if (
    !text(id) ||
    !isKindId(kind) ||
    !text(source) ||
    !text(deployment) ||
    !(region === null || text(region)) ||
    !text(occurredAt) ||
    !text(receivedAt) ||
    !text(upstream.system) ||
    !text(upstream.recordId)
  )
    return undefined;
  return {
    id,
    kind,
    source,
    deployment,
    region,
    upstream: { system: upstream.system, recordId: upstream.recordId },
    occurredAt,
    receivedAt,
    ...(isUnitId(filedBy.unit) && text(filedBy.officer)
      ? { filedBy: { unit: filedBy.unit, officer: filedBy.officer } }
      : {}),
  };
}

/** The table key of the notification item that stores an upstream record. */
function notificationKey(system: string, recordId: string): Item {
  return {
    [notificationTable.partitionKey]: { S: recordPartitionKey(system, recordId) },
    [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
  };
}

/** The escalation of a unit's missed deadline is stored under a record id the notification, unit and level determine. */
function escalationKey(notificationId: string, { unit, level }: SoughtEscalation): Item {
  const system = hubProcessOf(escalationKinds[level]) ?? "";
  return notificationKey(system, escalationRecordId(notificationId, unit, level));
}

const UNPROCESSED_RETRIES = 6;

export class DynamoTraceStore implements TraceStore {
  private readonly byIdIndex: DynamoNotificationsById;
  private readonly ledger: DynamoReceiptLedger;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 1_600 }),
  ) {
    this.byIdIndex = new DynamoNotificationsById(client, tableName);
    this.ledger = new DynamoReceiptLedger(client, tableName, backoff);
  }

  byId(id: string): Promise<TracedNotification | undefined> {
    return readable(async () => {
      const ref = await this.byIdIndex.find(id);
      return ref === undefined ? undefined : this.notificationAt(ref.tableKey);
    });
  }

  byRecord(system: string, recordId: string): Promise<TracedNotification | undefined> {
    return readable(() => this.notificationAt(notificationKey(system, recordId)));
  }

  factsOf(notification: TracedNotification, sought: readonly SoughtEscalation[]): Promise<TraceFacts> {
    return readable(async () => {
      const escalationKeys = new Map(
        sought.map((escalation) => [
          escalationRecordId(notification.id, escalation.unit, escalation.level),
          escalationKey(notification.id, escalation),
        ]),
      );
      const [items, receipts] = await Promise.all([
        this.items([publicationKey(notification.id), ...escalationKeys.values()]),
        this.ledger.receiptsOf(notification.id),
      ]);
      const partitionOf = (key: Item) => key[notificationTable.partitionKey]?.S ?? "";
      const mark = items.get(partitionOf(publicationKey(notification.id)));
      const escalations = new Map<string, RaisedEscalation>();
      for (const [recordId, key] of escalationKeys) {
        const item = items.get(partitionOf(key));
        const notificationId = item?.notificationId?.S;
        const raisedAt = item?.[notificationTable.indexes.byReceivedDay.sortKey]?.S?.split("#")[0];
        if (notificationId !== undefined && raisedAt !== undefined)
          escalations.set(recordId, { notificationId, raisedAt });
      }
      const publication = mark === undefined ? undefined : publicationOfItem(mark);
      return { ...(publication === undefined ? {} : { publication }), receipts, escalations };
    });
  }

  private async notificationAt(key: Item): Promise<TracedNotification | undefined> {
    const { Item: item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key,
        ProjectionExpression: "#notification",
        ExpressionAttributeNames: { "#notification": "notification" },
      }),
    );
    return tracedNotificationOf(item?.notification?.S);
  }

  /** The items at `keys` (at most 100), by partition key; missing ones are left out. */
  private async items(keys: readonly Item[]): Promise<Map<string, Item>> {
    const { partitionKey } = notificationTable;
    const attributes = [
      partitionKey,
      publicationMarks.publishedAt,
      "notificationId",
      notificationTable.indexes.byReceivedDay.sortKey,
    ];
    const found = new Map<string, Item>();
    let pending = [...keys];
    for (let retry = 0; pending.length > 0; retry++) {
      if (retry > UNPROCESSED_RETRIES) throw new Error(`DynamoDB left ${pending.length} items unread`);
      if (retry > 0) await this.backoff(retry);
      const result = await this.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ProjectionExpression: attributes.map((_, index) => `#a${index}`).join(", "),
              ExpressionAttributeNames: Object.fromEntries(
                attributes.map((name, index) => [`#a${index}`, name]),
              ),
            },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const key = item[partitionKey]?.S;
        if (key !== undefined) found.set(key, item);
      }
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }
}

/** Runs a read; the store being unreachable for now becomes `ReadUnavailableError` (503). */
async function readable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StoreUnavailableError || isTransientAwsError(error))
      throw new ReadUnavailableError({ cause: error });
    throw error;
  }
}
