/**
 * Receipt items as the ledger stores them (key design: shared/wiring/receipts.ts): one item per
 * notification and unit, read back into the domain's `Receipt`.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { isUnitId, type UnitId } from "../../domain/catalogue/index.ts";
import type { Acknowledgement, Receipt } from "../../domain/receipts/receipt.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { receiptAttributes, receiptLedger } from "../../wiring/receipts.ts";
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
