/**
 * Receipt items as the ledger stores them (key design: shared/wiring/receipts.ts): one item per
 * notification and unit, read back into the domain's `Receipt`.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { isUnitId, type UnitId } from "../../domain/catalogue/index.ts";
import {
  type Acknowledgement,
  type Receipt,
  type ReceiptStatus,
  receiptStatuses,
} from "../../domain/receipts/receipt.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { acknowledgementMarks, receiptAttributes, receiptLedger } from "../../wiring/receipts.ts";
import type { Item } from "./notification-items.ts";

export function receiptPartitionKey(notificationId: string): string {
  return `${receiptLedger.partitionKeyPrefix}${notificationId}`;
}

export function receiptSortKey(unit: UnitId): string {
  return `${receiptLedger.unitSortKeyPrefix}${unit}`;
}

/** The table key of one unit's receipt of one notification. */
export function receiptKey(notificationId: string, unit: UnitId): Item {
  return {
    [notificationTable.partitionKey]: { S: receiptPartitionKey(notificationId) },
    [notificationTable.sortKey]: { S: receiptSortKey(unit) },
  };
}

/** One fact of one unit's receipt: what an acknowledgement mark points at. */
export interface AcknowledgedFact {
  readonly notificationId: string;
  readonly unit: UnitId;
  readonly status: ReceiptStatus;
}

/** The "received per day" index partition of the acknowledgements of a UTC day `YYYY-MM-DD`. */
export function acknowledgedDayPartition(day: string): string {
  return `${acknowledgementMarks.dayPartitionPrefix}${day}`;
}

/**
 * The mark of one fact stated at `at` (ISO instant), written with the ledger change that states it:
 * in the ledger partition, found by time through the "received per day" index, gone with the receipt.
 */
export function acknowledgementMarkItem(fact: AcknowledgedFact, at: string, expiresAt: number): Item {
  const { notificationId, unit, status } = fact;
  const { sortKeyPrefix, separator } = acknowledgementMarks;
  const index = notificationTable.indexes.byReceivedDay;
  return {
    [notificationTable.partitionKey]: { S: receiptPartitionKey(notificationId) },
    [notificationTable.sortKey]: { S: `${sortKeyPrefix}${unit}${separator}${status}` },
    [index.partitionKey]: { S: acknowledgedDayPartition(at.slice(0, 10)) },
    [index.sortKey]: { S: [at, notificationId, unit, status].join(separator) },
    [notificationTable.timeToLiveAttribute]: { N: String(expiresAt) },
  };
}

/** The fact a mark (or its index entry, which carries the table keys) points at; undefined for any other item. */
export function acknowledgedFactOf(entry: Item): AcknowledgedFact | undefined {
  const partition = entry[notificationTable.partitionKey]?.S;
  const sort = entry[notificationTable.sortKey]?.S;
  if (partition === undefined || sort === undefined) return undefined;
  if (
    !partition.startsWith(receiptLedger.partitionKeyPrefix) ||
    !sort.startsWith(acknowledgementMarks.sortKeyPrefix)
  )
    return undefined;
  const notificationId = partition.slice(receiptLedger.partitionKeyPrefix.length);
  const [unit, status, ...rest] = sort
    .slice(acknowledgementMarks.sortKeyPrefix.length)
    .split(acknowledgementMarks.separator);
  const known = receiptStatuses.find((candidate) => candidate === status);
  return notificationId === "" || !isUnitId(unit) || known === undefined || rest.length > 0
    ? undefined
    : { notificationId, unit, status: known };
}

const text = (item: Item, name: string): string | undefined => item[name]?.S;

function acknowledgementOf(
  item: Item,
  at: string,
  officer: string,
  principal: string,
): Acknowledgement | undefined {
  const [when, who, as] = [text(item, at), text(item, officer), text(item, principal)];
  return when === undefined || who === undefined || as === undefined
    ? undefined
    : { at: when, officer: who, principal: as };
}

/** The receipt an item holds, or undefined for an item that is not a whole receipt. */
export function receiptOfItem(item: Record<string, AttributeValue>): Receipt | undefined {
  const a = receiptAttributes;
  const notificationId = text(item, a.notificationId);
  const unit = text(item, a.unit);
  const received = acknowledgementOf(item, a.receivedAt, a.receivedBy, a.receivedPrincipal);
  if (notificationId === undefined || !isUnitId(unit) || received === undefined) return undefined;
  const actioned = acknowledgementOf(item, a.actionedAt, a.actionedBy, a.actionedPrincipal);
  const reference = text(item, a.reference);
  return {
    notificationId,
    unit,
    received,
    ...(actioned === undefined
      ? {}
      : { actioned: { ...actioned, ...(reference === undefined ? {} : { reference }) } }),
  };
}
