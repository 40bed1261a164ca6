import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { DynamoDBRecord } from "aws-lambda";
import {
  type DeploymentId,
  eventSourceOf,
  isDeploymentId,
  isKindId,
  type KindId,
  sourceOf,
} from "../../shared/domain/catalogue/index.ts";

/**
 * What identifies a stored notification without its personal data: the event's routing fields, and
 * what the logs and the parking queue may name it by.
 */
export interface NotificationHead {
  readonly id: string;
  readonly kind: KindId;
  readonly deployment: DeploymentId;
  readonly receivedAt: string;
}

/** Why a stored notification can never become an event, however often it is retried. */
export type UnreadableReason = "no-notification" | "not-json" | "invalid-envelope";

/** A notification that can never be published; `known` holds the head fields that could be read. */
export class PoisonRecordError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    readonly known: Partial<Pick<NotificationHead, "id" | "kind" | "receivedAt">> = {},
  ) {
    super(`stored notification is poison: ${reason}`);
    this.name = "PoisonRecordError";
  }
}

export interface PublishableNotification {
  readonly entry: PutEventsRequestEntry;
  readonly head: NotificationHead;
}

/** A ULID, as the hub's notification ids are. */
const NOTIFICATION_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** The canonical notification's instants: UTC, milliseconds. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isInstant = (value: unknown): value is string =>
  typeof value === "string" && UTC_INSTANT.test(value) && !Number.isNaN(Date.parse(value));

/**
 * The head of a stored notification, checked as far as the event depends on it: a known kind with its
 * own source, a notification id, the deployment and the receipt time. The full canonical schema is
 * not re-checked here: the mappers that build notifications are typed by it and tested against it,
 * and parsing it would add 140 KB and 50 ms to every cold start of this function (measured).
 */
function headOf(notification: unknown): NotificationHead {
  if (notification === null || typeof notification !== "object") throw new PoisonRecordError("not-json");
  const { id, kind, source, deployment, receivedAt } = notification as Record<string, unknown>;
  const known = {
    ...(typeof id === "string" && NOTIFICATION_ID.test(id) ? { id } : {}),
    ...(isKindId(kind) ? { kind } : {}),
    ...(isInstant(receivedAt) ? { receivedAt } : {}),
  };
  if (
    known.id === undefined ||
    known.kind === undefined ||
    known.receivedAt === undefined ||
    source !== sourceOf(known.kind) ||
    !isDeploymentId(deployment)
  )
    throw new PoisonRecordError("invalid-envelope", known);
  return { id: known.id, kind: known.kind, deployment, receivedAt: known.receivedAt };
}

/**
 * The EventBridge entry of one stored notification (the `notification` attribute of its item):
 * `detail-type` = kind, `source` = the hub's name for the upstream, `detail` = the canonical
 * notification exactly as stored, `time` = its receipt. The publish function and `hub republish`
 * both build their events here, so a republished event is the same event. Throws
 * `PoisonRecordError` for a notification that can never be published.
 */
export function entryOfStoredNotification(
  stored: string | undefined,
  eventBusName: string,
): PublishableNotification {
  if (stored === undefined) throw new PoisonRecordError("no-notification");
  let notification: unknown;
  try {
    notification = JSON.parse(stored);
  } catch {
    throw new PoisonRecordError("not-json");
  }
  const head = headOf(notification);
  return {
    head,
    entry: {
      EventBusName: eventBusName,
      Source: eventSourceOf(head.kind),
      DetailType: head.kind,
      Detail: stored,
      Time: new Date(head.receivedAt),
    },
  };
}

/** The entry of an inserted notification item, from its stream record. */
export function entryOfStreamRecord(record: DynamoDBRecord, eventBusName: string): PublishableNotification {
  return entryOfStoredNotification(record.dynamodb?.NewImage?.notification?.S, eventBusName);
}
