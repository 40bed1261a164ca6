/**
 * The notification table's key design, in one place: the CDK table, the local hub's table and the
 * store adapter all derive from it.
 *
 * One upstream record = one partition `REC#<source>#<recordId>`, so a record is stored at most once
 * by a conditional write on that key. The partition holds:
 * - the notification item (`sk = NOTIFICATION`): the canonical notification as JSON, plus the
 *   attributes of the "kind × region × month" index;
 * - one subject item per identifier of each person or organisation (`sk = SUBJECT#<key>`), the
 *   entries of the "by subject" index (IIN, each document, name + birth date, BIN).
 * Every item carries `expiresAt` (epoch seconds), the TTL that enforces the retention period.
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
    byKindRegionMonth: {
      indexName: "by-kind-region-month",
      partitionKey: "kindRegionMonth",
      sortKey: "occurredSort",
      projected: ["notificationId", "kind"],
    },
  },
  notificationSortKey: "NOTIFICATION",
} as const;

/** Every key attribute is a string. */
export const keyAttributeNames = [
  notificationTable.partitionKey,
  notificationTable.sortKey,
  ...Object.values(notificationTable.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
].filter((name, position, all) => all.indexOf(name) === position);
