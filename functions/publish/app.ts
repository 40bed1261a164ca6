import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type {
  PublicationLog,
  PublishedNotification,
} from "../../shared/adapters/dynamodb/trace-publications.ts";
import type { EventPublisher, FailedEntries } from "../../shared/adapters/event-publisher.ts";
import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import type { ParkedRecord, ParkingQueue } from "../../shared/adapters/parking-queue.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import {
  entryOfStreamRecord,
  type NotificationHead,
  PoisonRecordError,
  type PublishableNotification,
} from "./event-entries.ts";

export interface PublishDependencies extends Observability {
  readonly eventBusName: string;
  readonly publisher: EventPublisher;
  /** Where records that can never be published go, so that the records behind them flow. */
  readonly parking: ParkingQueue;
  /** Where the time each notification went on the bus is kept, for its trace (best effort). */
  readonly publications: PublicationLog;
}

class NotPublishedError extends Error {}

/** The publisher's failed entries, logged by error code and count: never an entry, which is personal data. */
export function logFailedEntries(logger: Logger): (failed: FailedEntries) => void {
  return (failed) => logger.warn("EventBridge did not accept some entries", { ...failed });
}

/** Where a stream record is, to find it again (the table key names an upstream record, not a person). */
function placeOf(record: DynamoDBRecord): Pick<ParkedRecord, "tableKey" | "sequenceNumber"> {
  return {
    tableKey: record.dynamodb?.Keys?.[notificationTable.partitionKey]?.S,
    sequenceNumber: record.dynamodb?.SequenceNumber,
  };
}

function unreadable(record: DynamoDBRecord, error: PoisonRecordError): ParkedRecord {
  const { id, kind, receivedAt } = error.known;
  return { reason: error.reason, notificationId: id, kind, receivedAt, ...placeOf(record) };
}

/** What a notification's trace keeps of its publication; undefined for an item without a TTL (kept by no one). */
function publishedNotification(
  record: DynamoDBRecord,
  head: NotificationHead,
): PublishedNotification | undefined {
  const expiresAt = Number(record.dynamodb?.NewImage?.[notificationTable.timeToLiveAttribute]?.N);
  return Number.isInteger(expiresAt) ? { notificationId: head.id, expiresAt } : undefined;
}

function refused(record: DynamoDBRecord, head: NotificationHead, errorCode: string): ParkedRecord {
  const { id, kind, receivedAt } = head;
  return { reason: "refused-by-bus", errorCode, notificationId: id, kind, receivedAt, ...placeOf(record) };
}

/**
 * DynamoDB stream → EventBridge. All entries of the batch are put together (≤ 10 per request). A
 * record that can never be published (unreadable, or an entry EventBridge refuses for what it is) is
 * parked with its notification id and counts as done, so it blocks nothing behind it. A record whose
 * event was not accepted for now (throttling, an outage of the bus or its key) is reported as a
 * batch-item failure: the mapping retries it until the record's age limit.
 */
export function createPublishHandler(deps: PublishDependencies) {
  const { logger, metrics } = deps;
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return observedHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>(deps).handler(async (event, context) => {
    const readable: [DynamoDBRecord, PublishableNotification][] = [];
    const poison: [DynamoDBRecord, ParkedRecord][] = [];
    for (const record of event.Records) {
      try {
        readable.push([record, entryOfStreamRecord(record, deps.eventBusName)]);
      } catch (error) {
        if (!(error instanceof PoisonRecordError)) throw error;
        poison.push([record, unreadable(record, error)]);
      }
    }

    const outcomes = await deps.publisher.publish(readable.map(([, notification]) => notification.entry));
    const handedBack = new Set<DynamoDBRecord>();
    const published: PublishedNotification[] = [];
    readable.forEach(([record, notification], index) => {
      const outcome = outcomes[index];
      if (outcome?.published === true) {
        const mark = publishedNotification(record, notification.head);
        if (mark !== undefined) published.push(mark);
        return;
      }
      if (outcome?.permanent === true)
        poison.push([record, refused(record, notification.head, outcome.errorCode)]);
      else handedBack.add(record);
    });

    const parked = poison.length === 0 ? [] : await deps.parking.park(poison.map(([, parking]) => parking));
    poison.forEach(([record, parking], index) => {
      if (parked[index] === true)
        logger.error("parked a stream record that can never be published", { ...parking });
      else handedBack.add(record);
    });

    const unrecorded = published.length === 0 ? 0 : await deps.publications.record(published);
    if (unrecorded > 0)
      logger.warn("could not record when some notifications were published", { unrecorded });

    metrics.addMetric(metricNames.published, MetricUnit.Count, outcomes.filter((o) => o.published).length);
    metrics.addMetric(metricNames.publicationsNotRecorded, MetricUnit.Count, unrecorded);
    metrics.addMetric(metricNames.publishFailed, MetricUnit.Count, handedBack.size);
    return processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        if (handedBack.has(record)) throw new NotPublishedError("not published yet: the stream retries it");
      },
      processor,
      { context },
    );
  });
}
