/**
 * Receipts (issue 14): a unit's acknowledgement that it took in a notification routed to it, and the
 * overdue checker's state. They live in the notification table (`notification-table.ts`); the key
 * design, in one place:
 *
 * - A notification is found by its id through the `by-id` index (`notificationTable.indexes.byId`):
 *   its record partition, kind and TTL, without reading the notification itself.
 * - The receipt ledger: one partition per notification, `RECEIPT#<notificationId>`, one item per unit
 *   that acknowledged it, `sk = UNIT#<unit>`, with the attributes of `receiptAttributes`. A unit's
 *   first acknowledgement creates the item (`received`, or `actioned`, which implies received);
 *   `actioned` after `received` adds to it; nothing else ever changes it. Its `expiresAt` is the
 *   notification's, so a receipt never outlives what it acknowledges. A trace reads a notification's
 *   receipts with one Query of its ledger partition; the checker reads the (notification, unit) items
 *   it expects with BatchGetItem. The ledger is apart from the record partition so that the
 *   receipts function's IAM policy can name it (`dynamodb:LeadingKeys` = `RECEIPT#*`) and never touch
 *   a notification item.
 * - Escalations are notifications (kinds `receipt.overdue`, `receipt.escalated`) stored like any
 *   other, so the normal path publishes and routes them: their record partition is
 *   `REC#receipts#<notificationId>.<unit>.<level>` (`escalationRecordId` in shared/domain/receipts),
 *   which makes a second escalation of the same missed deadline a duplicate.
 * - The checker's cursor: one item (`receiptCheckerCursor`) holding the instant up to which every
 *   deadline has been checked; each run checks the deadlines that fell since.
 *
 * None of these items carries an index attribute, and the publish function's stream filter passes
 * notification items only.
 */
export const receiptLedger = {
  partitionKeyPrefix: "RECEIPT#",
  unitSortKeyPrefix: "UNIT#",
} as const;

/** The attributes of a receipt item besides the table keys and `expiresAt`. */
export const receiptAttributes = {
  notificationId: "notificationId",
  unit: "unit",
  receivedAt: "receivedAt",
  receivedBy: "receivedBy",
  receivedPrincipal: "receivedPrincipal",
  actionedAt: "actionedAt",
  actionedBy: "actionedBy",
  actionedPrincipal: "actionedPrincipal",
  reference: "reference",
} as const;

/** The checker's one state item: `checkedUntil` is the ISO instant up to which deadlines were checked. */
export const receiptCheckerCursor = {
  partitionKey: "RECEIPT-CHECKER",
  sortKey: "CURSOR",
  checkedUntil: "checkedUntil",
} as const;
