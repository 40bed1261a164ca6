/**
 * The audit table's key design, in one place: the CDK table, the local hub's table and the audit
 * adapter derive from it. Audit records live apart from notifications (their own table, their own
 * longer retention) so that no notification reader can read them and no notification TTL removes them.
 *
 * One query = one partition `AUDIT#<auditId>`:
 * - the record (`sk = RECORD`): when, deployment, unit, officer, purpose, parameters, outcome and the
 *   ids of the notifications returned; attributes of the "by day" index;
 * - one entry per person key the query concerned (`sk = PERSON#<key>`): the "by person" index, which
 *   answers "who looked at this person";
 * - when the answer named more notifications than the record holds, continuation items
 *   (`sk = IDS#0001`, …) with the rest of their ids. An item stays far below DynamoDB's 400 KB and all of
 *   a query's items are one transaction (at most 100 items, 4 MB), so an answer too large to audit so is
 *   refused rather than answered.
 * Every item carries `expiresAt` (epoch seconds): the audit retention, longer than the data's.
 * A person entry holds the keys, `at` and `unit` only: the auditor reads the record it names by key.
 */
export const auditTable = {
  partitionKey: "pk",
  sortKey: "sk",
  timeToLiveAttribute: "expiresAt",
  /** Every item's partition key starts with it (the queries role may add items to such partitions only). */
  partitionPrefix: "AUDIT#",
  recordSortKey: "RECORD",
  personSortKeyPrefix: "PERSON#",
  notificationIdsSortKeyPrefix: "IDS#",
  indexes: {
    /**
     * Records by UTC day (`DAY#2026-11-29`), sorted `<unit>#<at>#<auditId>`: a period is a few day
     * partitions, and one unit's records in a day are a `begins_with` on the sort key.
     */
    byDay: {
      indexName: "by-day",
      partitionKey: "auditDay",
      sortKey: "auditSort",
    },
    /** Entries by person key (`IIN#…`, `DOC#…`, `NAME#…`), sorted `<at>#<auditId>`. */
    byPerson: {
      indexName: "by-person",
      partitionKey: "auditPerson",
      sortKey: "auditPersonSort",
    },
  },
} as const;

/** Every key attribute is a string. */
export const auditKeyAttributeNames = [
  auditTable.partitionKey,
  auditTable.sortKey,
  ...Object.values(auditTable.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];
