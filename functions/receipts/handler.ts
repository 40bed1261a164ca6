/** Lambda entry point of the receipts function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoNotificationsById } from "../../shared/adapters/dynamodb/notifications-by-id.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadRoutingReaderConfig } from "../../shared/config.ts";
import { createReceiptsHandler } from "./app.ts";

const config = loadRoutingReaderConfig(process.env);
const { logger, metrics } = createObservability("receipts");
// As the reports function's: fail fast, so the unit gets a 503 well within API Gateway's 29 s.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createReceiptsHandler({
  deployment: config.deployment,
  extraSubscriptions: config.extraSubscriptions,
  notifications: new DynamoNotificationsById(dynamodb, config.tableName),
  ledger: new DynamoReceiptLedger(dynamodb, config.tableName),
  now: () => new Date(),
  logger,
  metrics,
});
