/**
 * The receipt ledger (key design: shared/wiring/receipts.ts): records acknowledgements with
 * conditional writes, so that each fact is stated once whoever repeats it and however concurrently,
 * each in one transaction with the fact's acknowledgement mark (the ledger by time, which the evidence
 * log reads), and reads them back for the overdue checker and a trace.
 */
import {
  BatchGetItemCommand,
  type DynamoDBClient,
  QueryCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { isUnitId, type UnitId } from "../../domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../domain/errors.ts";
import type { FiledBy } from "../../domain/notification.ts";
import type { Receipt, ReceiptOutcome, ReceiptStatus } from "../../domain/receipts/receipt.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { receiptAttributes, receiptLedger } from "../../wiring/receipts.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import { MAX_KEYS_PER_BATCH_GET } from "./batch-get-notifications.ts";
import type { Item } from "./notification-items.ts";
import { acknowledgementMarkItem, receiptKey, receiptOfItem, receiptPartitionKey } from "./receipt-items.ts";

/** One acknowledgement: who (from IAM), of what, which fact, when. */
export interface AcknowledgementRequest {
  readonly notificationId: string;
  /** When TTL removes the notification: the receipt goes with it. */
  readonly expiresAt: number;
  readonly caller: FiledBy;
  readonly status: ReceiptStatus;
  readonly reference?: string;
  readonly at: Date;
}

export interface AcknowledgementResult {
  readonly outcome: ReceiptOutcome;
  /** The receipt as it stands after the acknowledgement. */
  readonly receipt: Receipt;
}

/** A notification and a unit whose receipt the checker looks for. */
export interface ExpectedReceipt {
  readonly notificationId: string;
  readonly unit: UnitId;
}

const UNPROCESSED_RETRIES = 6;
/** Retries of a transaction that met a concurrent one on the same receipt, before answering "unavailable". */
const CONFLICT_RETRIES = 4;
/** A receipt that vanishes (TTL) between the two steps of `actioned` more often than this is a fault. */
const ACTIONED_ATTEMPTS = 3;
/** Cancellation reasons that say "not now": the ledger is unavailable, repeating later is safe. */
const THROTTLED = ["ProvisionedThroughputExceeded", "ThrottlingError"];
const a = receiptAttributes;

export class DynamoReceiptLedger {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 1_600 }),
  ) {}

  /**
   * Records an acknowledgement. `received` creates the unit's receipt unless it has one; `actioned`
   * adds the fact unless already stated, and creates the receipt (received then too) if it is the
   * first. Throws `StoreUnavailableError` when the ledger cannot be reached for now (repeating is safe).
   */
  async acknowledge(request: AcknowledgementRequest): Promise<AcknowledgementResult> {
    try {
      return request.status === "received" ? await this.received(request) : await this.actioned(request);
    } catch (error) {
      if (isTransientAwsError(error)) throw new StoreUnavailableError({ cause: error });
      throw error;
    }
  }

  private async received(request: AcknowledgementRequest): Promise<AcknowledgementResult> {
    const item = this.receiptItem(request, undefined);
    const written = await this.transact([this.createReceipt(item), this.mark(request, "received")]);
    return written.committed
      ? { outcome: "recorded", receipt: wholeReceipt(item) }
      : { outcome: "unchanged", receipt: wholeReceipt(written.existing) };
  }

  /**
   * Creates the receipt, received and actioned at once, unless the unit has one; else adds `actioned`
   * to it unless already stated. Each step is conditional, so a concurrent acknowledgement between the
   * two is seen by the second; a receipt that expired between them is created again.
   */
  private async actioned(request: AcknowledgementRequest): Promise<AcknowledgementResult> {
    const { caller, at, reference } = request;
    const actioned = {
      at: at.toISOString(),
      officer: caller.officer,
      principal: caller.principal,
      ...(reference === undefined ? {} : { reference }),
    };
    for (let attempt = 0; attempt < ACTIONED_ATTEMPTS; attempt++) {
      const item = this.receiptItem(request, actioned);
      const created = await this.transact([
        this.createReceipt(item),
        this.mark(request, "received"),
        this.mark(request, "actioned"),
      ]);
      if (created.committed) return { outcome: "recorded", receipt: wholeReceipt(item) };
      const existing = wholeReceipt(created.existing);
      if (existing.actioned !== undefined) return { outcome: "unchanged", receipt: existing };
      const added = await this.transact([
        this.addActioned(request, actioned),
        this.mark(request, "actioned"),
      ]);
      if (added.committed) return { outcome: "recorded", receipt: { ...existing, actioned } };
      if (added.existing !== undefined)
        return { outcome: "unchanged", receipt: wholeReceipt(added.existing) };
    }
    throw new Error(`the receipt of ${request.notificationId} kept vanishing while it was being actioned`);
  }

  /** The receipt item a unit's first acknowledgement creates: received, and actioned too if that came first. */
  private receiptItem(request: AcknowledgementRequest, actioned: Receipt["actioned"]): Item {
    const { notificationId, caller, at } = request;
    return {
      ...receiptKey(notificationId, caller.unit),
      [a.notificationId]: { S: notificationId },
      [a.unit]: { S: caller.unit },
      [a.receivedAt]: { S: at.toISOString() },
      [a.receivedBy]: { S: caller.officer },
      [a.receivedPrincipal]: { S: caller.principal },
      ...(actioned === undefined
        ? {}
        : {
            [a.actionedAt]: { S: actioned.at },
            [a.actionedBy]: { S: actioned.officer },
            [a.actionedPrincipal]: { S: actioned.principal },
            ...(actioned.reference === undefined ? {} : { [a.reference]: { S: actioned.reference } }),
          }),
      [notificationTable.timeToLiveAttribute]: { N: String(request.expiresAt) },
    };
  }

  private createReceipt(item: Item): TransactWriteItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": notificationTable.partitionKey },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  }

  private addActioned(
    request: AcknowledgementRequest,
    actioned: NonNullable<Receipt["actioned"]>,
  ): TransactWriteItem {
    const names: string[] = [a.actionedAt, a.actionedBy, a.actionedPrincipal];
    const values: Item = {
      [`:${a.actionedAt}`]: { S: actioned.at },
      [`:${a.actionedBy}`]: { S: actioned.officer },
      [`:${a.actionedPrincipal}`]: { S: actioned.principal },
    };
    if (actioned.reference !== undefined) {
      names.push(a.reference);
      values[`:${a.reference}`] = { S: actioned.reference };
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: receiptKey(request.notificationId, request.caller.unit),
        UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(", ")}`,
        ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#${a.actionedAt})`,
        ExpressionAttributeNames: {
          "#pk": notificationTable.partitionKey,
          ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
        },
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    };
  }

  /** The mark of one fact, written with the ledger change that states it (no condition: that change has one). */
  private mark(request: AcknowledgementRequest, status: ReceiptStatus): TransactWriteItem {
    const fact = { notificationId: request.notificationId, unit: request.caller.unit, status };
    return {
      Put: {
        TableName: this.tableName,
        Item: acknowledgementMarkItem(fact, request.at.toISOString(), request.expiresAt),
      },
    };
  }

  /**
   * Writes a ledger change (first) with its marks, all or nothing. When the change's condition fails,
   * what its item held then (`ALL_OLD`; undefined if there was none). A transaction that met another
   * on the same items (a concurrent acknowledgement) is tried again after a backoff.
   */
  private async transact(
    items: TransactWriteItem[],
  ): Promise<{ committed: true } | { committed: false; existing: Item | undefined }> {
    for (let retry = 0; ; retry++) {
      if (retry > 0) await this.backoff(retry);
      try {
        await this.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        return { committed: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const [change] = reasons;
        if (change?.Code === "ConditionalCheckFailed") return { committed: false, existing: change.Item };
        const codes = new Set(reasons.map((reason) => reason.Code));
        const conflicted = codes.has("TransactionConflict");
        if ((conflicted && retry >= CONFLICT_RETRIES) || THROTTLED.some((code) => codes.has(code)))
          throw new StoreUnavailableError({ cause: error });
        if (!conflicted) throw error;
      }
    }
  }

  /** Every unit's receipt of a notification (one Query of its ledger partition), in unit order. */
  async receiptsOf(notificationId: string): Promise<Receipt[]> {
    const receipts: Receipt[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          // The receipts, not their acknowledgement marks.
          KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :unit)",
          ExpressionAttributeNames: {
            "#pk": notificationTable.partitionKey,
            "#sk": notificationTable.sortKey,
          },
          ExpressionAttributeValues: {
            ":pk": { S: receiptPartitionKey(notificationId) },
            ":unit": { S: receiptLedger.unitSortKeyPrefix },
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) {
        const receipt = receiptOfItem(item);
        if (receipt !== undefined) receipts.push(receipt);
      }
    } while (startKey !== undefined);
    return receipts;
  }

  /**
   * Which of the expected receipts exist, by notification id: the units that have acknowledged.
   * Reads only the keys (BatchGetItem, consistent: a receipt written just before the deadline counts).
   */
  async acknowledgedUnits(expected: readonly ExpectedReceipt[]): Promise<Map<string, Set<UnitId>>> {
    const acknowledged = new Map<string, Set<UnitId>>();
    for (let start = 0; start < expected.length; start += MAX_KEYS_PER_BATCH_GET) {
      const batch = expected.slice(start, start + MAX_KEYS_PER_BATCH_GET);
      for (const { notificationId, unit } of await this.existing(batch)) {
        const units = acknowledged.get(notificationId) ?? new Set<UnitId>();
        units.add(unit);
        acknowledged.set(notificationId, units);
      }
    }
    return acknowledged;
  }

  private async existing(batch: readonly ExpectedReceipt[]): Promise<ExpectedReceipt[]> {
    const found: ExpectedReceipt[] = [];
    let pending: Item[] = batch.map(({ notificationId, unit }) => receiptKey(notificationId, unit));
    for (let retry = 0; pending.length > 0; retry++) {
      if (retry > UNPROCESSED_RETRIES) throw new Error(`DynamoDB left ${pending.length} receipts unread`);
      if (retry > 0) await this.backoff(retry);
      const result = await this.client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [this.tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: "#notificationId, #unit",
              ExpressionAttributeNames: { "#notificationId": a.notificationId, "#unit": a.unit },
            },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) {
        const notificationId = item[a.notificationId]?.S;
        const unit = item[a.unit]?.S;
        if (notificationId !== undefined && isUnitId(unit)) found.push({ notificationId, unit });
      }
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }
}

/** A receipt item the ledger wrote or returned; anything else is a fault of the store. */
function wholeReceipt(item: Item | undefined): Receipt {
  const receipt = item === undefined ? undefined : receiptOfItem(item);
  if (receipt === undefined) throw new Error("the ledger holds a receipt item that is not a whole receipt");
  return receipt;
}
