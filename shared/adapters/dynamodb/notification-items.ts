import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { CanonicalNotification } from "../../domain/notification.ts";
import { notificationTable } from "./notification-table.ts";

export type Item = Record<string, AttributeValue>;

export interface NotificationItems {
  /** The item whose conditional write decides whether the record is new. */
  readonly notification: Item;
  /** One entry per subject identifier, written in the same transaction. */
  readonly subjects: Item[];
}

const SECONDS_PER_DAY = 86_400;

/**
 * The identifiers under which a notification can be found "about this person or organisation".
 * Documents include their type and issuing country because numbers are only unique within those.
 */
export function subjectKeys(notification: CanonicalNotification): string[] {
  const keys = new Set<string>();
  for (const person of notification.subject.persons) {
    if (person.iin !== undefined) keys.add(`IIN#${person.iin}`);
    for (const document of person.documents) {
      keys.add(`DOC#${document.issuingCountry}#${document.type}#${document.number}`);
    }
    if (person.birthDate !== undefined && person.name.latin.length > 0) {
      keys.add(`NAME#${person.name.latin}#${person.birthDate}`);
    }
  }
  const bin = notification.subject.organisation?.bin;
  if (bin !== undefined) keys.add(`BIN#${bin}`);
  return [...keys];
}

export function recordPartitionKey(source: string, recordId: string): string {
  return `REC#${source}#${recordId}`;
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
  return {
    notification: {
      ...shared,
      [sortKey]: { S: notificationTable.notificationSortKey },
      [indexes.byKindRegionMonth.partitionKey]: {
        S: `${notification.kind}#${notification.region ?? "none"}#${month}`,
      },
      notification: { S: JSON.stringify(notification) },
    },
    subjects: subjectKeys(notification).map((key) => ({
      ...shared,
      [sortKey]: { S: `SUBJECT#${key}` },
      [indexes.bySubject.partitionKey]: { S: key },
    })),
  };
}
