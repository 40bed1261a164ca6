/**
 * The hub's CloudWatch metrics, named once: the functions emit them, the alarms and the dashboard
 * read them. Each is a custom metric billed per month and per dimension set: only what no free AWS
 * metric says and something reads (docs/decisions/performance.md, "Fixed cost").
 */
export const METRICS_NAMESPACE = "Order195Hub";

export const metricNames = {
  /** Ingest and reports: records (reports) stored for the first time. */
  accepted: "accepted",
  /** Ingest and reports: records (reports) already stored (a retry). */
  duplicates: "duplicates",
  /** Publish: events EventBridge accepted. */
  published: "published",
  /** Publish: stream records handed back to the stream, which retries them (not accepted for now, or not parked). */
  publishFailed: "publishFailed",
  /** Publish: notifications put on the bus whose publication time could not be recorded (their trace says so). */
  publicationsNotRecorded: "publicationsNotRecorded",
  /** Ingest: requests refused with 401 because no active key verified the signature, by `source`. */
  signatureFailures: "signatureFailures",
  /** Ingest: values of a source's webhook secret that are not an acceptable key and were ignored, by `source`. */
  webhookKeyIgnored: "webhookKeyIgnored",
  /** Queries: audit records that could not be written, so the query failed unanswered (alarmed on). */
  auditWriteFailed: "auditWriteFailed",
  /** Checkpoint: seconds the chain's end is behind the last instant it may close (alarm: checkpoints stopped). */
  checkpointLagSeconds: "checkpointLagSeconds",
  /** Checkpoint: stored records left out of a checkpoint (unreadable, or stamped outside the period read). */
  checkpointSkippedRecords: "checkpointSkippedRecords",
  /** Receipt checker: receipts newly overdue at their first deadline, by `unit` (alarmed on per unit). */
  receiptsOverdue: "receiptsOverdue",
  /** Receipt checker: receipts still overdue at their second deadline (escalated to kpd), all units together. */
  receiptsEscalated: "receiptsEscalated",
  /** Receipt checker: seconds its cursor is behind the run's clock after the run (alarm: checks stopped). */
  receiptCheckLagSeconds: "receiptCheckLagSeconds",
} as const;

/**
 * Dimensions the alarms select by, besides Powertools' own `service` (the function's name). Emit a
 * metric with exactly the dimensions its alarm names, or the alarm watches a metric that never arrives.
 */
export const metricDimensions = {
  /** The feed source id (`kqp`, `burkit`, `bil`). */
  source: "source",
  /** The unit id (`imc`, `duty`, …) whose receipts are overdue. */
  unit: "unit",
} as const;
