/**
 * The environment variables of the functions, named once: the CDK constructs and the local hub set
 * them by these names, `shared/config.ts` reads and validates them.
 */
export const envNames = {
  deployment: "HUB_DEPLOYMENT",
  tableName: "HUB_TABLE_NAME",
  retentionDays: "HUB_RETENTION_DAYS",
  /** JSON: per source, the ARN of its Secrets Manager secret. */
  webhookSecretArns: "HUB_WEBHOOK_SECRET_ARNS",
  /** JSON: per source, the active `whsec_…` keys (local runs and tests only). */
  webhookSecrets: "HUB_WEBHOOK_SECRETS",
  eventBusName: "HUB_EVENT_BUS_NAME",
  /** The stream's on-failure queue, where the publish function also parks records it can never publish. */
  failureQueueUrl: "HUB_FAILURE_QUEUE_URL",
  /** Reports one unit may file per minute (the reports function's per-unit quota). */
  reportsPerUnitPerMinute: "HUB_REPORTS_PER_UNIT_PER_MINUTE",
  /** The audit table: the queries function writes a record of every query, the audit function reads them. */
  auditTableName: "HUB_AUDIT_TABLE_NAME",
  /** Days an audit record is kept (longer than the notifications it names). */
  auditRetentionDays: "HUB_AUDIT_RETENTION_DAYS",
  /** JSON: per kind, the units a deployment routes it to besides the catalogue's subscribers. */
  extraSubscriptions: "HUB_EXTRA_SUBSCRIPTIONS",
  /** The evidence log: its checkpoint table, its KMS signing key, how often and how late it closes a period. */
  evidenceTableName: "HUB_EVIDENCE_TABLE_NAME",
  evidenceKeyId: "HUB_EVIDENCE_KEY_ID",
  checkpointIntervalSeconds: "HUB_CHECKPOINT_INTERVAL_SECONDS",
  checkpointSettleSeconds: "HUB_CHECKPOINT_SETTLE_SECONDS",
  /** The deployment's bucket of monthly lists: the monthly-list function writes them, imc reads them. */
  listsBucket: "HUB_LISTS_BUCKET",
  /** JSON: per receipt class (`urgent`, `routine`), the `first` and `second` deadlines in seconds after receipt. */
  receiptDeadlines: "HUB_RECEIPT_DEADLINES",
} as const;
