/** Lambda entry point of the publish function: configuration and clients once per cold start. */
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { EventBridgePublisher } from "../../shared/adapters/event-publisher.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadPublishConfig } from "../../shared/config.ts";
import { createPublishHandler } from "./app.ts";

const config = loadPublishConfig(process.env);
const { logger, metrics, tracer } = createObservability("publish");
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));

export const handler = createPublishHandler({
  eventBusName: config.eventBusName,
  publisher: new EventBridgePublisher(eventBridge, undefined, (failed) =>
    logger.warn("resending events EventBridge did not accept", { failed }),
  ),
  logger,
  metrics,
  tracer,
});
