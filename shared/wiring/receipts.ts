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
 * - Acknowledgement marks (`acknowledgementMarks`), the ledger listed by time for the evidence log
 *   (docs/decisions/evidence-log.md): each fact stated (`received`, `actioned`) writes one mark in the
 *   ledger partition, in the same transaction as the ledger change, `sk = ACK#<unit>#<status>`, with
 *   the `by-received-day` index's attributes in partitions of their own, `receivedDay =
 *   ACKNOWLEDGED#<UTC day of the acknowledgement>` and `receivedSort = <acknowledged ISO instant>#
 *   <notificationId>#<unit>#<status>`, and the receipt's `expiresAt`. The checkpoint function queries a
 *   period's marks there (one Query per UTC day, as for notifications), then reads the ledger items
 *   they point at: the leaf is what the ledger says, so a ledger item changed afterwards shows.
 *
 * Only the marks carry an index attribute, and only that index's: the index's other readers
 * (republish, replay, the checker) query `RECEIVED#` partitions only. The publish function's stream
 * filter passes notification items only.
 */
export const receiptLedger = {
  partitionKeyPrefix: "RECEIPT#",
  unitSortKeyPrefix: "UNIT#",
} as const;

/** An acknowledgement mark's keys: its sort key `ACK#<unit>#<status>`, its index partition `ACKNOWLEDGED#<day>`. */
export const acknowledgementMarks = {
  sortKeyPrefix: "ACK#",
  dayPartitionPrefix: "ACKNOWLEDGED#",
  /** Separates the parts of a mark's sort key and index sort key (no unit id, status or ULID holds it). */
  separator: "#",
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
