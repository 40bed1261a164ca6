/**
 * The notification table's key design, in one place: the CDK table, the local hub's table and the
 * store adapter all derive from it.
 *
 * One upstream record = one partition `REC#<source>#<recordId>`, so a record is stored at most once
 * by a conditional write on that key. The partition holds:
 * - the notification item (`sk = NOTIFICATION`): the canonical notification as JSON, plus the
 *   attributes of the "kind × region × month" and "received per day" indexes;
 * - one subject item per identifier of each person or organisation (`sk = SUBJECT#<key>`), the
 *   entries of the "by subject" index (IIN, each document, name + birth date, BIN).
 * Every item carries `expiresAt` (epoch seconds), the TTL that enforces the retention period.
 *
 * Besides, one counter per unit and minute, `QUOTA#<unit>#<minute>` (`sk = QUOTA`): the reports a
 * unit filed in that minute (its per-unit quota, docs/decisions/per-unit-throttling.md). No index
 * attribute, no stream consumer: the publish function's filter passes notification items only.
 * The same holds for the receipts' items (`RECEIPT#<notificationId>`, and the overdue checker's
 * cursor), but for the acknowledgement marks among them, which carry the "received per day" index's
 * attributes in `ACKNOWLEDGED#<day>` partitions of their own: their key design is
 * `shared/wiring/receipts.ts`. No index attribute either on the publication marks
 * (`PUBLICATION#<notificationId>`, when the publish function put each notification on the bus):
 * `shared/wiring/publications.ts`.
 */
export const notificationTable = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLiveAttribute: "expiresAt",
  indexes: {
    bySubject: {
      indexName: "by-subject",
      partitionKey: "subjectKey",
      sortKey: "occurredSort",
      projected: ["notificationId", "kind"],
    },
    /**
     * Notifications by kind, region and UTC month of `occurredAt` (`<kind>#<region|none>#<YYYY-MM>`),
     * sorted by `occurredAt#id`: the monthly lists and the inviters query read a kind's period here.
     * The entry also carries `citizenships` (a string set of the subject persons' citizenships, absent
     * when none), so the statistics count kinds, months and citizenships from the index alone, never
     * reading a notification: a few bytes more per entry (about 4 per citizenship), no more write units.
     */
    byKindRegionMonth: {
      indexName: "by-kind-region-month",
      partitionKey: "kindRegionMonth",
      sortKey: "occurredSort",
      projected: ["notificationId", "kind", "citizenships"],
    },
    /**
     * Notifications by receipt (`hub republish --from --to`): one partition per UTC day
     * (`RECEIVED#2026-11-29`), sorted by `receivedAt#id`. Acknowledgements by time share the index in
     * partitions of their own (`ACKNOWLEDGED#2026-11-29`, `shared/wiring/receipts.ts`). Only today's partition takes writes, whatever
     * the bucket's length, so its heat is the hub's ingest rate: one small entry per notification
     * against a partition's 1,000 writes/s, about 2,500 times the 1 million a month the cost model
     * assumes. A day keeps a period's query to a few partitions; should the rate ever near the limit,
     * suffix a shard number and query each shard.
     */
    byReceivedDay: {
      indexName: "by-received-day",
      partitionKey: "receivedDay",
      sortKey: "receivedSort",
      projected: ["notificationId", "kind"],
    },
    /**
     * A notification by its id (`POST /v1/receipts`, a trace): one entry per notification item only
     * (`idKey` = the notification id, set on no other item), sorted by `receivedAt#id`, projecting what
     * an acknowledgement needs without reading the item: the kind (routing) and the TTL (a receipt
     * expires with its notification). One more index write per notification, about 150 bytes.
     */
    byId: {
      indexName: "by-id",
      partitionKey: "idKey",
      sortKey: "receivedSort",
      projected: ["kind", "expiresAt"],
    },
  },
  notificationSortKey: "NOTIFICATION",
  /** The partition key of every upstream record starts with it (the writers may put only those). */
  recordPartitionPrefix: "REC#",
  /** The notification item's string set of its subject persons' citizenships (see `byKindRegionMonth`). */
  citizenshipsAttribute: "citizenships",
  /** The partition key of every quota counter starts with it (the reports role may update only those). */
  quotaPartitionPrefix: "QUOTA#",
  quotaSortKey: "QUOTA",
} as const;

/** Every key attribute is a string. */
export const keyAttributeNames = [
  notificationTable.partitionKey,
  notificationTable.sortKey,
  ...Object.values(notificationTable.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
].filter((name, position, all) => all.indexOf(name) === position);
