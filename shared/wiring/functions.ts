/**
 * The hub's Lambda functions. Each name is its folder under `functions/`, its Powertools service
 * name, and so the `service` dimension of its metrics, which the alarms and the dashboard select by.
 */
export const hubFunctionNames = [
  "ingest",
  "publish",
  "reports",
  "queries",
  "audit",
  "checkpoint",
  "trace",
  "receipts",
  "receipt-checker",
  "monthly-list",
  "stats",
] as const;
export type HubFunctionName = (typeof hubFunctionNames)[number];
