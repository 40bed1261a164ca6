/** Lambda entry point of the trace function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoTraceStore } from "../../shared/adapters/dynamodb/trace-store.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadTraceConfig } from "../../shared/config.ts";
import { createTraceHandler } from "./app.ts";

const config = loadTraceConfig(process.env);
const { logger, metrics } = createObservability("trace");
// Fail fast, so the unit gets a 503 well within API Gateway's 29 s.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createTraceHandler({
  deployment: config.deployment,
  extraSubscriptions: config.extraSubscriptions,
  deadlines: config.deadlines,
  store: new DynamoTraceStore(dynamodb, config.tableName),
  now: () => new Date(),
  logger,
  metrics,
});
