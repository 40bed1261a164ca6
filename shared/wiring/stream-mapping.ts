import { notificationTable } from "./notification-table.ts";

/**
 * Lambda's `MaximumRetryAttempts` for "no count": a failing record is retried until its age limit.
 * Typed `number`, not `-1`: a poller given other settings (a test) may set a count instead.
 */
export const RETRY_UNTIL_MAX_RECORD_AGE: number = -1;

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
  /**
   * No count: a long EventBridge or KMS outage must not cut records off the bus while the stream still
   * holds them. A record that still fails at `maxRecordAgeSeconds` goes to the on-failure queue (alarm).
   */
  retryAttempts: RETRY_UNTIL_MAX_RECORD_AGE,
  bisectBatchOnError: true,
  /** The stream's own retention: a record is retried as long as the stream keeps it. */
  maxRecordAgeSeconds: 24 * 60 * 60,
  reportBatchItemFailures: true,
} as const;
