/** Lambda entry point of the audit function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoAuditReader } from "../../shared/adapters/dynamodb/audit-log.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadAuditConfig } from "../../shared/config.ts";
import { createAuditHandler } from "./app.ts";

const config = loadAuditConfig(process.env);
const { logger, metrics } = createObservability("audit");
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createAuditHandler({
  deployment: config.deployment,
  reader: new DynamoAuditReader(dynamodb, config.auditTableName),
  logger,
  metrics,
});
