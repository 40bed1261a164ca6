import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { DynamoDBRecord } from "aws-lambda";
import {
  type FeedSourceId,
  feedSources,
  unitReportEventSource,
} from "../../shared/domain/catalogue/index.ts";

/** What the publish function needs of a stored notification; the rest travels untouched as `detail`. */
interface StoredNotificationHead {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  readonly receivedAt: string;
}

export class PoisonRecordError extends Error {}

function isHead(value: unknown): value is StoredNotificationHead {
  if (value === null || typeof value !== "object") return false;
  const head = value as Record<string, unknown>;
  return ["id", "kind", "source", "receivedAt"].every((field) => typeof head[field] === "string");
}

function eventSourceOf(source: string): string {
  return source in feedSources ? feedSources[source as FeedSourceId].eventSource : unitReportEventSource;
}

/**
 * The EventBridge entry of one inserted notification item: `detail-type` = kind, `source` = the
 * hub's name for the upstream, `detail` = the canonical notification exactly as stored.
 */
export function entryOfStreamRecord(record: DynamoDBRecord, eventBusName: string): PutEventsRequestEntry {
  const stored = record.dynamodb?.NewImage?.notification?.S;
  if (stored === undefined) throw new PoisonRecordError("stream record without a stored notification");
  let notification: unknown;
  try {
    notification = JSON.parse(stored);
  } catch {
    throw new PoisonRecordError("stored notification is not JSON");
  }
  if (!isHead(notification))
    throw new PoisonRecordError("stored notification lacks id, kind, source or receivedAt");
  return {
    EventBusName: eventBusName,
    Source: eventSourceOf(notification.source),
    DetailType: notification.kind,
    Detail: stored,
    Time: new Date(notification.receivedAt),
  };
}
