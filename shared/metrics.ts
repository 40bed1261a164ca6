/**
 * The hub's CloudWatch metrics, named once: the functions emit them, the alarms and the dashboard
 * read them. No runtime dependency, so the CDK app can import it without Powertools.
 */
export const METRICS_NAMESPACE = "Order195Hub";

export const metricNames = {
  /** Ingest: every request that reached the function. */
  requests: "requests",
  /** Ingest: records stored for the first time. */
  accepted: "accepted",
  /** Ingest: records already stored (an upstream retry). */
  duplicates: "duplicates",
  /** Ingest: refused requests, by `code` and `status` dimensions. */
  rejected: "rejected",
  ingestLatency: "ingestLatency",
  /** Publish: events EventBridge accepted. */
  published: "published",
  /** Publish: stream records handed back to the stream (not accepted after retries, or unreadable). */
  publishFailed: "publishFailed",
} as const;
