/**
 * The delivery thread's entry (spawned by local/delivery-thread.ts): the local EventBridge bus, the
 * real publish function wired as its Lambda entry point wires it, and the stream poller feeding it,
 * on this thread's event loop. It answers the hub's requests over `parentPort`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createPublishHandler, logFailedEntries } from "../functions/publish/app.ts";
import { DynamoPublicationLog } from "../shared/adapters/dynamodb/trace-publications.ts";
import { defaultPublishRetry, EventBridgePublisher } from "../shared/adapters/event-publisher.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import { SqsParkingQueue } from "../shared/adapters/parking-queue.ts";
import type { DeliveryConfig, DeliveryReport, DeliveryRequest } from "./delivery-thread.ts";
import { type BusOutage, type LocalEventBus, startLocalEventBus } from "./event-bus.ts";
import { localLambdaContext } from "./lambda-context.ts";
import { localCredentials } from "./local-aws.ts";
import { type StreamPoller, startStreamPoller } from "./stream-poller.ts";

if (parentPort === null) throw new Error("local/delivery-worker.ts runs as the hub's delivery thread");
const hub = parentPort;
/** The bus's pending deliveries, shared with the hub (an `Int32Array` over a SharedArrayBuffer). */
const shared: unknown = workerData?.pending;
if (!(shared instanceof Int32Array)) throw new Error("the hub's delivery thread needs its shared counter");
const pending = shared;

interface Running {
  readonly bus: LocalEventBus;
  readonly poller: StreamPoller;
  readonly clients: readonly { destroy(): void }[];
}

async function start(config: DeliveryConfig): Promise<Running> {
  const aws = { region: config.region, credentials: localCredentials };
  const sqs = new SQSClient({ ...aws, endpoint: config.sqsEndpoint });
  const dynamodb = new DynamoDBClient({ ...aws, endpoint: config.dynamodbEndpoint });
  const bus = await startLocalEventBus({
    ...config.bus,
    sqs,
    onPendingDeliveries: (count) => Atomics.store(pending, 0, count),
  });
  const eventBridge = new EventBridgeClient({ ...aws, endpoint: bus.endpoint });
  const { logger, metrics } = createObservability("publish");
  const publish = createPublishHandler({
    eventBusName: config.bus.busName,
    publisher: new EventBridgePublisher(eventBridge, defaultPublishRetry, logFailedEntries(logger)),
    parking: new SqsParkingQueue(sqs, config.failureQueueUrl),
    publications: new DynamoPublicationLog(dynamodb, config.tableName),
    logger,
    metrics,
  });
  const clients = [eventBridge, dynamodb, sqs];
  try {
    const poller = await startStreamPoller({
      endpoint: config.dynamodbEndpoint,
      region: config.region,
      tableName: config.tableName,
      handler: (event) => publish(event, localLambdaContext("publish")),
      // Records the mapping gave up on go to the template's on-failure queue.
      onFailure: async (records, reason) => {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: config.failureQueueUrl,
            MessageBody: JSON.stringify({ reason, records }),
          }),
        );
      },
    });
    return { bus, poller, clients };
  } catch (error) {
    await bus.stop();
    for (const client of clients) client.destroy();
    throw error;
  }
}

let running: Promise<Running> | undefined;
const outages = new Map<number, BusOutage>();
const report = (message: DeliveryReport) => hub.postMessage(message);

async function stop(): Promise<void> {
  const current = await running?.catch(() => undefined);
  if (current !== undefined) {
    await current.poller.stop();
    await current.bus.stop();
    for (const client of current.clients) client.destroy();
  }
  process.exit(0);
}

hub.on("message", (request: DeliveryRequest) => {
  switch (request.type) {
    case "start":
      running = start(request.config);
      running.then(
        ({ bus }) => report({ type: "started", busEndpoint: bus.endpoint }),
        (error: unknown) =>
          report({ type: "failed", error: String((error instanceof Error && error.stack) || error) }),
      );
      return;
    case "outage":
      void running?.then(({ bus }) =>
        outages.set(
          request.id,
          bus.startOutage(request.errorCode, (detail) => report({ type: "refused", id: request.id, detail })),
        ),
      );
      return;
    case "end-outage":
      void running?.then(() => {
        outages.get(request.id)?.end();
        outages.delete(request.id);
      });
      return;
    case "stop":
      void stop();
      return;
  }
});
