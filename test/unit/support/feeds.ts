/** Feed request bodies and the canonical notifications they map to, built from the sample requests. */
import type { FeedKindId } from "../../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import { newNotificationId } from "../../../shared/ids.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { type FeedFixture, feedFixture } from "../../support/fixtures.ts";

/** A request of `count` records: the sample's first record again and again, each with its own record id. */
export function feedRequestOf(kind: FeedKindId, count: number): FeedFixture {
  const fixture = feedFixture(kind);
  const [record] = fixture.body.records;
  if (record === undefined) throw new Error(`the ${kind} sample has no record`);
  const records = Array.from({ length: count }, (_, index) => ({
    ...record,
    recordId: `${String(record.recordId)}-${index}`,
  }));
  return { ...fixture, body: { ...fixture.body, records } };
}

/** The canonical notification of a kind's sample request (received in Almaty's deployment). */
export function notificationOf(
  kind: FeedKindId,
  receivedAt = new Date("2025-06-02T09:00:00.000Z"),
): CanonicalNotification {
  const { source, body } = feedFixture(kind);
  const mapped = mapFeedRequest(source, body, { deployment: "almaty", receivedAt, newId: newNotificationId });
  const notification = mapped.ok ? mapped.records[0]?.notification : undefined;
  if (notification === undefined) throw new Error(`the ${kind} sample does not map`);
  return notification;
}
