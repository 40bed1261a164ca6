/** Lambda entry point of the queries function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoAuditLog } from "../../shared/adapters/dynamodb/audit-log.ts";
import { DynamoQueryReads } from "../../shared/adapters/dynamodb/query-reads.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadQueriesConfig } from "../../shared/config.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { createQueriesHandler } from "./app.ts";

const config = loadQueriesConfig(process.env);
const { logger, metrics } = createObservability("queries");
// Fail fast, as the other API functions do: the unit gets a 503 well within API Gateway's 29 s.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createQueriesHandler({
  deployment: config.deployment,
  reads: new DynamoQueryReads(dynamodb, config.tableName, config.deployment),
  audit: new DynamoAuditLog(dynamodb, config.auditTableName, config.auditRetentionDays),
  now: () => new Date(),
  newAuditId: newNotificationId,
  logger,
  metrics,
});
