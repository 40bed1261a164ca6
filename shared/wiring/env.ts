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
} as const;
