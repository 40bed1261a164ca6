import { notificationTable } from "../../shared/adapters/dynamodb/notification-table.ts";

/**
 * How the table's stream feeds the publish function, in one place: the CDK event source mapping and
 * the local stream poller both read it.
 */
export const publishEventSource = {
  /** Only inserted notification items (subject items and TTL deletions never reach the function). */
  filterPattern: {
    eventName: ["INSERT"],
    dynamodb: { NewImage: { [notificationTable.sortKey]: { S: [notificationTable.notificationSortKey] } } },
  },
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  /** Bounded: after these, a record that still fails goes to the on-failure DLQ (with an alarm). */
  retryAttempts: 10,
  bisectBatchOnError: true,
  maxRecordAgeSeconds: 24 * 60 * 60,
  reportBatchItemFailures: true,
} as const;
