/** Lambda entry point of the stats function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadRoutingReaderConfig } from "../../shared/config.ts";
import { createStatsHandler } from "./app.ts";

const config = loadRoutingReaderConfig(process.env);
const { logger, metrics } = createObservability("stats");
// Fail fast, so the unit gets a 503 well within API Gateway's 29 s.
const dynamodb = new DynamoDBClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

export const handler = createStatsHandler({
  deployment: config.deployment,
  extraSubscriptions: config.extraSubscriptions,
  index: new KindPeriodIndex(dynamodb, config.tableName),
  logger,
  metrics,
});
