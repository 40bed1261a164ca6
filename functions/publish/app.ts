import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import middy from "@middy/core";
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { EventPublisher } from "../../shared/adapters/event-publisher.ts";
import { metricNames } from "../../shared/metrics.ts";
import { entryOfStreamRecord } from "./event-entries.ts";

export interface PublishDependencies {
  readonly eventBusName: string;
  readonly publisher: EventPublisher;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer?: Tracer;
}

class NotPublishedError extends Error {}

/**
 * DynamoDB stream → EventBridge. All entries of the batch are put together (≤ 10 per request), then
 * the batch utility reports every record whose event was not accepted, or that could not be read,
 * as a batch-item failure: the stream retries it, bisecting, and finally sends it to the DLQ.
 */
export function createPublishHandler(deps: PublishDependencies) {
  const { logger, metrics } = deps;
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  if (deps.tracer !== undefined) handler.use(captureLambdaHandler(deps.tracer, { captureResponse: false }));
  return handler.handler(async (event, context) => {
    const entries = new Map<DynamoDBRecord, PutEventsRequestEntry | Error>();
    for (const record of event.Records) {
      try {
        entries.set(record, entryOfStreamRecord(record, deps.eventBusName));
      } catch (error) {
        entries.set(record, error as Error);
      }
    }
    const publishable = [...entries].filter(
      (pair): pair is [DynamoDBRecord, PutEventsRequestEntry] => !(pair[1] instanceof Error),
    );
    const delivered = await deps.publisher.publish(publishable.map(([, entry]) => entry));
    const failed = new Set(
      publishable.filter((_, index) => delivered[index] !== true).map(([record]) => record),
    );

    metrics.addMetric(metricNames.published, MetricUnit.Count, publishable.length - failed.size);
    metrics.addMetric(
      metricNames.publishFailed,
      MetricUnit.Count,
      event.Records.length - (publishable.length - failed.size),
    );
    return processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const entry = entries.get(record);
        if (entry instanceof Error) throw entry;
        if (failed.has(record))
          throw new NotPublishedError("EventBridge did not accept the event after retries");
      },
      processor,
      { context },
    );
  });
}
