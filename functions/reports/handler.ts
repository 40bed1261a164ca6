/** Lambda entry point of the reports function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReportQuota } from "../../shared/adapters/dynamodb/report-quota.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadReportsConfig } from "../../shared/config.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { createReportsHandler } from "./app.ts";

const config = loadReportsConfig(process.env);
const { logger, metrics } = createObservability("reports");
// As the ingest function's: fail fast, so the unit gets a 503 well within API Gateway's 29 s.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createReportsHandler({
  deployment: config.deployment,
  store: new DynamoNotificationStore(dynamodb, config.tableName, config.retentionDays),
  quota: new DynamoReportQuota(dynamodb, config.tableName, config.reportsPerUnitPerMinute),
  now: () => new Date(),
  newId: newNotificationId,
  logger,
  metrics,
});
