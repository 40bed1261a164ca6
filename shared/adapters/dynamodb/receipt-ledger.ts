/**
 * The receipt ledger (key design: shared/wiring/receipts.ts): records acknowledgements with
 * conditional writes, so that each fact is stated once whoever repeats it and however concurrently,
 * and reads them back for the overdue checker and a trace.
 */
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { isUnitId, type UnitId } from "../../domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../domain/errors.ts";
import type { FiledBy } from "../../domain/notification.ts";
import type { Receipt, ReceiptOutcome, ReceiptStatus } from "../../domain/receipts/receipt.ts";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { receiptAttributes } from "../../wiring/receipts.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import { MAX_KEYS_PER_BATCH_GET } from "./batch-get-notifications.ts";
import type { Item } from "./notification-items.ts";
import { receiptKey, receiptOfItem, receiptPartitionKey } from "./receipt-items.ts";

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
    const { notificationId, caller, at } = request;
    const item: Item = {
      ...receiptKey(notificationId, caller.unit),
      [a.notificationId]: { S: notificationId },
      [a.unit]: { S: caller.unit },
      [a.receivedAt]: { S: at.toISOString() },
      [a.receivedBy]: { S: caller.officer },
      [a.receivedPrincipal]: { S: caller.principal },
      [notificationTable.timeToLiveAttribute]: { N: String(request.expiresAt) },
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": notificationTable.partitionKey },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { outcome: "recorded", receipt: wholeReceipt(item) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { outcome: "unchanged", receipt: wholeReceipt(error.Item) };
    }
  }

  private async actioned(request: AcknowledgementRequest): Promise<AcknowledgementResult> {
    const { notificationId, caller, at, reference } = request;
    const setIfNew = (name: string) => `#${name} = if_not_exists(#${name}, :${name})`;
    const facts = [
      setIfNew(a.notificationId),
      setIfNew(a.unit),
      setIfNew(a.receivedAt),
      setIfNew(a.receivedBy),
      setIfNew(a.receivedPrincipal),
      setIfNew(notificationTable.timeToLiveAttribute),
      `#${a.actionedAt} = :${a.actionedAt}`,
      `#${a.actionedBy} = :${a.actionedBy}`,
      `#${a.actionedPrincipal} = :${a.actionedPrincipal}`,
      ...(reference === undefined ? [] : [`#${a.reference} = :${a.reference}`]),
    ];
    const names = [
      a.notificationId,
      a.unit,
      a.receivedAt,
      a.receivedBy,
      a.receivedPrincipal,
      notificationTable.timeToLiveAttribute,
      a.actionedAt,
      a.actionedBy,
      a.actionedPrincipal,
      ...(reference === undefined ? [] : [a.reference]),
    ];
    const when = { S: at.toISOString() };
    const values: Item = {
      [`:${a.notificationId}`]: { S: notificationId },
      [`:${a.unit}`]: { S: caller.unit },
      [`:${a.receivedAt}`]: when,
      [`:${a.receivedBy}`]: { S: caller.officer },
      [`:${a.receivedPrincipal}`]: { S: caller.principal },
      [`:${notificationTable.timeToLiveAttribute}`]: { N: String(request.expiresAt) },
      [`:${a.actionedAt}`]: when,
      [`:${a.actionedBy}`]: { S: caller.officer },
      [`:${a.actionedPrincipal}`]: { S: caller.principal },
      ...(reference === undefined ? {} : { [`:${a.reference}`]: { S: reference } }),
    };
    try {
      const updated = await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: receiptKey(notificationId, caller.unit),
          UpdateExpression: `SET ${facts.join(", ")}`,
          ConditionExpression: `attribute_not_exists(#${a.actionedAt})`,
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { outcome: "recorded", receipt: wholeReceipt(updated.Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { outcome: "unchanged", receipt: wholeReceipt(error.Item) };
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
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": notificationTable.partitionKey },
          ExpressionAttributeValues: { ":pk": { S: receiptPartitionKey(notificationId) } },
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
