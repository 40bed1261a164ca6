/** Lambda entry point of the ingest function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { createWebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import { loadIngestConfig } from "../../shared/config.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { createIngestHandler } from "./app.ts";
import { reportIgnoredWebhookKeys } from "./webhook-key-warnings.ts";

const config = loadIngestConfig(process.env);
const { logger, metrics } = createObservability("ingest");
// Fail fast when DynamoDB cannot be reached: the client gets a 503 well within API Gateway's 29 s.
// Without `throwOnRequestTimeout` the SDK only logs a warning when `requestTimeout` passes, and waits on.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createIngestHandler({
  deployment: config.deployment,
  store: new DynamoNotificationStore(dynamodb, config.tableName, config.retentionDays),
  keyring: createWebhookKeyring(config.webhookSecrets, {
    onIgnoredKeys: reportIgnoredWebhookKeys({ logger, metrics }),
  }),
  now: () => new Date(),
  newId: newNotificationId,
  logger,
  metrics,
});
