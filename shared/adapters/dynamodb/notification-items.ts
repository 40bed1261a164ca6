import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { CanonicalNotification } from "../../domain/notification.ts";
import { notificationJson } from "../../domain/notification-json.ts";
import { personKeys } from "../../domain/queries/person-store-keys.ts";
import { notificationTable } from "../../wiring/notification-table.ts";

export type Item = Record<string, AttributeValue>;

export interface NotificationItems {
  /** The item whose conditional write decides whether the record is new. */
  readonly notification: Item;
  /** One entry per subject identifier, written in the same transaction. */
  readonly subjects: Item[];
}

const SECONDS_PER_DAY = 86_400;

/**
 * The identifiers under which a notification can be found "about this person or organisation": the
 * persons' keys as the person queries read them (`personKeys`), and the organisation's BIN.
 */
export function subjectKeys(notification: CanonicalNotification): string[] {
  const keys = new Set(notification.subject.persons.flatMap(personKeys));
  const bin = notification.subject.organisation?.bin;
  if (bin !== undefined) keys.add(`BIN#${bin}`);
  return [...keys];
}

export function recordPartitionKey(source: string, recordId: string): string {
  return `${notificationTable.recordPartitionPrefix}${source}#${recordId}`;
}

/** The "received per day" index partition of a UTC day `YYYY-MM-DD`. */
export function receivedDayPartition(day: string): string {
  return `RECEIVED#${day}`;
}

/** The "received per day" sort key: ISO instants of one format sort as they happen. */
export function receivedSortKey(receivedAt: string, notificationId: string): string {
  return `${receivedAt}#${notificationId}`;
}

/** The "kind × region × month" index partition of a kind, a region (`null`: none) and a UTC month `YYYY-MM`. */
export function kindRegionMonthPartition(kind: string, region: string | null, month: string): string {
  return `${kind}#${region ?? "none"}#${month}`;
}

/** The distinct citizenships of the persons a notification is about (`subject` role), for the statistics. */
export function subjectCitizenships(notification: CanonicalNotification): string[] {
  const citizenships = notification.subject.persons.flatMap((person) =>
    person.role === "subject" && person.citizenship !== undefined ? [person.citizenship] : [],
  );
  return [...new Set(citizenships)].sort();
}

/**
 * The items one notification is stored as; `retentionDays` after receipt, TTL removes them all.
 * Each item is one object literal: spreading a shared part into each made this ≈ 5× slower, the
 * largest share of the hot path's item building (bench/hot-path.ts).
 */
export function notificationItems(
  notification: CanonicalNotification,
  retentionDays: number,
): NotificationItems {
  const { partitionKey, sortKey, timeToLiveAttribute, indexes, citizenshipsAttribute } = notificationTable;
  const pk = { S: recordPartitionKey(notification.upstream.system, notification.upstream.recordId) };
  const id = { S: notification.id };
  const kind = { S: notification.kind };
  const occurredSort = { S: `${notification.occurredAt}#${notification.id}` };
  const expiresAt = {
    N: String(Math.floor(Date.parse(notification.receivedAt) / 1000) + retentionDays * SECONDS_PER_DAY),
  };
  const month = notification.occurredAt.slice(0, 7);
  const item: Item = {
    [partitionKey]: pk,
    [sortKey]: { S: notificationTable.notificationSortKey },
    notificationId: id,
    kind,
    [indexes.bySubject.sortKey]: occurredSort,
    [timeToLiveAttribute]: expiresAt,
    [indexes.byKindRegionMonth.partitionKey]: {
      S: kindRegionMonthPartition(notification.kind, notification.region, month),
    },
    [indexes.byReceivedDay.partitionKey]: { S: receivedDayPartition(notification.receivedAt.slice(0, 10)) },
    [indexes.byReceivedDay.sortKey]: { S: receivedSortKey(notification.receivedAt, notification.id) },
    [indexes.byId.partitionKey]: id,
    notification: { S: notificationJson(notification) },
  };
  // A string set cannot be empty: no citizenship, no attribute.
  const citizenships = subjectCitizenships(notification);
  if (citizenships.length > 0) item[citizenshipsAttribute] = { SS: citizenships };
  return {
    notification: item,
    subjects: subjectKeys(notification).map(
      (key): Item => ({
        [partitionKey]: pk,
        [sortKey]: { S: `SUBJECT#${key}` },
        notificationId: id,
        kind,
        [indexes.bySubject.partitionKey]: { S: key },
        [indexes.bySubject.sortKey]: occurredSort,
        [timeToLiveAttribute]: expiresAt,
      }),
    ),
  };
}
