/** Lambda entry point of the receipt checker: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReceiptCheckerCursor } from "../../shared/adapters/dynamodb/receipt-checker-cursor.ts";
import { DynamoDueNotifications } from "../../shared/adapters/dynamodb/receipt-due-notifications.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadReceiptCheckerConfig } from "../../shared/config.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { createReceiptCheckerHandler } from "./app.ts";

const config = loadReceiptCheckerConfig(process.env);
const { logger, metrics } = createObservability("receipt-checker");
const dynamodb = new DynamoDBClient({});

export const handler = createReceiptCheckerHandler({
  deployment: config.deployment,
  extraSubscriptions: config.extraSubscriptions,
  deadlines: config.deadlines,
  cursor: new DynamoReceiptCheckerCursor(dynamodb, config.tableName),
  due: new DynamoDueNotifications(dynamodb, config.tableName),
  ledger: new DynamoReceiptLedger(dynamodb, config.tableName),
  store: new DynamoNotificationStore(dynamodb, config.tableName, config.retentionDays),
  now: () => new Date(),
  newId: newNotificationId,
  logger,
  metrics,
});
