/**
 * The evidence leaves the notification table holds for a period: every notification received in it
 * (the "received per day" index, never a Scan) with its routing, and every acknowledgement made in it
 * (the same index's acknowledgement marks, then the ledger items they point at). The checkpoint
 * function commits to them; `hub verify` reads them again and compares.
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { ExtraSubscriptions } from "../../domain/catalogue/index.ts";
import type { Receipt } from "../../domain/receipts/receipt.ts";
import { type EvidenceLeaf, type ReceiptLeaf, receiptLeaf } from "../../evidence/leaves.ts";
import { leavesOfStoredNotification, readStoredNotification } from "../../evidence/store-leaves.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { acknowledgementMarks, receiptAttributes } from "../../wiring/receipts.ts";
import { batchGetItems } from "./batch-get-notifications.ts";
import type { Item } from "./notification-items.ts";
import {
  type AcknowledgedFact,
  acknowledgedDayPartition,
  acknowledgedFactOf,
  receiptKey,
  receiptOfItem,
  receiptPartitionKey,
} from "./receipt-items.ts";
import {
  dayIndexQueries,
  type ReceiptPeriod,
  type ReceivedNotificationReader,
} from "./received-notifications.ts";

export interface StoreLeaves {
  readonly leaves: EvidenceLeaf[];
  /**
   * Stored records no leaf can name: notifications that are not JSON naming an id and a time of
   * receipt, and receipt items a mark points at that are not whole receipts.
   */
  readonly unreadable: number;
}

export interface StoreLeafReader {
  read(period: ReceiptPeriod): Promise<StoreLeaves>;
}

/** Every attribute `receiptOfItem` reads, and the table keys the marks point by. */
const RECEIPT_ITEM_ATTRIBUTES = [
  notificationTable.partitionKey,
  notificationTable.sortKey,
  ...Object.values(receiptAttributes),
];

const tableKeyText = (key: Item) =>
  `${key[notificationTable.partitionKey]?.S}\n${key[notificationTable.sortKey]?.S}`;

/**
 * The receipt leaves of a period: the acknowledgement marks of its UTC days (`ACKNOWLEDGED#<day>` in
 * the "received per day" index, never a Scan) point at ledger items, read with BatchGetItem. Each
 * leaf is what the ledger item says now (officer, time), kept when its time lies in the period: a
 * ledger item changed, moved in time or deleted afterwards, or a mark deleted, changes the leaves.
 */
export class DynamoReceiptLeafReader implements StoreLeafReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 2_000 }),
  ) {}

  async read(period: ReceiptPeriod): Promise<StoreLeaves> {
    const leaves: EvidenceLeaf[] = [];
    let unreadable = 0;
    for (const query of dayIndexQueries(this.tableName, period, acknowledgedDayPartition)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
        startKey = page.LastEvaluatedKey;
        const facts = (page.Items ?? []).flatMap((entry) => {
          const fact = acknowledgedFactOf(entry);
          return fact === undefined ? [] : [fact];
        });
        const read = await this.leavesOf(facts);
        unreadable += read.unreadable;
        leaves.push(...read.leaves.filter((leaf) => within(period, leaf.acknowledgedAt)));
      } while (startKey !== undefined);
    }
    return { leaves, unreadable };
  }

  /**
   * When the notification's acknowledgements were made, as their marks say (one Query of its ledger
   * partition): where the checkpoints committing to its receipt leaves lie, even if the ledger was
   * changed since.
   */
  async acknowledgedTimesOf(notificationId: string): Promise<Date[]> {
    const times: Date[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    const sortKey = notificationTable.indexes.byReceivedDay.sortKey;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :mark)",
          ExpressionAttributeNames: {
            "#pk": notificationTable.partitionKey,
            "#sk": notificationTable.sortKey,
            "#sort": sortKey,
          },
          ExpressionAttributeValues: {
            ":pk": { S: receiptPartitionKey(notificationId) },
            ":mark": { S: acknowledgementMarks.sortKeyPrefix },
          },
          ProjectionExpression: "#sort",
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) {
        const at = new Date(item[sortKey]?.S?.split(acknowledgementMarks.separator)[0] ?? "");
        if (!Number.isNaN(at.getTime())) times.push(at);
      }
    } while (startKey !== undefined);
    return times;
  }

  /** The leaves of the facts one page of marks points at (at most one BatchGetItem of ledger items). */
  private async leavesOf(
    facts: readonly AcknowledgedFact[],
  ): Promise<{ leaves: ReceiptLeaf[]; unreadable: number }> {
    if (facts.length === 0) return { leaves: [], unreadable: 0 };
    // The `received` and `actioned` marks of one receipt point at the same ledger item.
    const keys = new Map(
      facts.map(({ notificationId, unit }) => {
        const key = receiptKey(notificationId, unit);
        return [tableKeyText(key), key];
      }),
    );
    const items = await batchGetItems(
      this.client,
      this.tableName,
      [...keys.values()],
      RECEIPT_ITEM_ATTRIBUTES,
      this.backoff,
    );
    const receipts = new Map<string, Receipt>();
    let unreadable = 0;
    for (const item of items) {
      const receipt = receiptOfItem(item);
      if (receipt === undefined) unreadable += 1;
      else receipts.set(tableKeyText(item), receipt);
    }
    const leaves = facts.flatMap((fact) => {
      const receipt = receipts.get(tableKeyText(receiptKey(fact.notificationId, fact.unit)));
      const leaf = receipt === undefined ? undefined : receiptLeaf(receipt, fact.status);
      return leaf === undefined ? [] : [leaf];
    });
    return { leaves, unreadable };
  }
}

function within(period: ReceiptPeriod, at: string): boolean {
  const time = Date.parse(at);
  return time >= period.from.getTime() && time < period.to.getTime();
}

/** Every leaf of a period: its notifications with their routings, and its acknowledgements. */
export class DynamoStoreLeafReader implements StoreLeafReader {
  constructor(
    private readonly notifications: Pick<ReceivedNotificationReader, "read">,
    private readonly extras: ExtraSubscriptions,
    private readonly receipts: StoreLeafReader,
  ) {}

  async read(period: ReceiptPeriod): Promise<StoreLeaves> {
    const leaves: EvidenceLeaf[] = [];
    let unreadable = 0;
    for await (const page of this.notifications.read(period)) {
      for (const text of page) {
        const notification = readStoredNotification(text);
        if (notification === undefined) unreadable += 1;
        else leaves.push(...leavesOfStoredNotification(notification, this.extras));
      }
    }
    const receipts = await this.receipts.read(period);
    return { leaves: [...leaves, ...receipts.leaves], unreadable: unreadable + receipts.unreadable };
  }
}
