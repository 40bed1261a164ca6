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

/** The items one notification is stored as; `retentionDays` after receipt, TTL removes them all. */
export function notificationItems(
  notification: CanonicalNotification,
  retentionDays: number,
): NotificationItems {
  const { partitionKey, sortKey, timeToLiveAttribute, indexes } = notificationTable;
  const pk = recordPartitionKey(notification.upstream.system, notification.upstream.recordId);
  const expiresAt = Math.floor(Date.parse(notification.receivedAt) / 1000) + retentionDays * SECONDS_PER_DAY;
  const occurredSort = `${notification.occurredAt}#${notification.id}`;
  const shared: Item = {
    [partitionKey]: { S: pk },
    notificationId: { S: notification.id },
    kind: { S: notification.kind },
    [indexes.bySubject.sortKey]: { S: occurredSort },
    [timeToLiveAttribute]: { N: String(expiresAt) },
  };
  const month = notification.occurredAt.slice(0, 7);
  const citizenships = subjectCitizenships(notification);
  return {
    notification: {
      ...shared,
      [sortKey]: { S: notificationTable.notificationSortKey },
      [indexes.byKindRegionMonth.partitionKey]: {
        S: kindRegionMonthPartition(notification.kind, notification.region, month),
      },
      // A string set cannot be empty: no citizenship, no attribute.
      ...(citizenships.length === 0
        ? {}
        : { [notificationTable.citizenshipsAttribute]: { SS: citizenships } }),
      [indexes.byReceivedDay.partitionKey]: { S: receivedDayPartition(notification.receivedAt.slice(0, 10)) },
      [indexes.byReceivedDay.sortKey]: { S: receivedSortKey(notification.receivedAt, notification.id) },
      [indexes.byId.partitionKey]: { S: notification.id },
      notification: { S: notificationJson(notification) },
    },
    subjects: subjectKeys(notification).map((key) => ({
      ...shared,
      [sortKey]: { S: `SUBJECT#${key}` },
      [indexes.bySubject.partitionKey]: { S: key },
    })),
  };
}
