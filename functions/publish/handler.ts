/** Lambda entry point of the publish function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoPublicationLog } from "../../shared/adapters/dynamodb/trace-publications.ts";
import { defaultPublishRetry, EventBridgePublisher } from "../../shared/adapters/event-publisher.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { SqsParkingQueue } from "../../shared/adapters/parking-queue.ts";
import { loadPublishConfig } from "../../shared/config.ts";
import { createPublishHandler, logFailedEntries } from "./app.ts";

const config = loadPublishConfig(process.env);
const { logger, metrics } = createObservability("publish");
const eventBridge = new EventBridgeClient({});
const sqs = new SQSClient({});
// Publication marks are best effort: a short timeout, so a slow table never holds up a batch for long.
const dynamodb = new DynamoDBClient({
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
});

export const handler = createPublishHandler({
  eventBusName: config.eventBusName,
  publisher: new EventBridgePublisher(eventBridge, defaultPublishRetry, logFailedEntries(logger)),
  parking: new SqsParkingQueue(sqs, config.failureQueueUrl),
  publications: new DynamoPublicationLog(dynamodb, config.tableName),
  logger,
  metrics,
});
