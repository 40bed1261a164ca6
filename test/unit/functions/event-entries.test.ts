import { describe, expect, it } from "vitest";
import {
  entryOfStoredNotification,
  entryOfStreamRecord,
  PoisonRecordError,
} from "../../../functions/publish/event-entries.ts";
import {
  feedSources,
  unitReportEventSource,
  unitReportKindIds,
} from "../../../shared/domain/catalogue/index.ts";
import { notificationOf } from "../support/feeds.ts";
import { insertedNotificationRecord } from "../support/stream-records.ts";

const notification = notificationOf("border.illegal-crossing");
const stored = JSON.stringify(notification);

/** The error `entryOfStoredNotification` throws for `text`. */
function poisonOf(text: string | undefined): PoisonRecordError {
  try {
    entryOfStoredNotification(text, "hub-bus");
  } catch (error) {
    if (error instanceof PoisonRecordError) return error;
    throw error;
  }
  throw new Error("the notification was publishable");
}

describe("entryOfStoredNotification", () => {
  it("makes the stored notification the detail, its kind the detail-type, its feed the source, its receipt the time", () => {
    // Act
    const { entry, head } = entryOfStoredNotification(stored, "hub-bus");

    // Assess
    expect(entry).toEqual({
      EventBusName: "hub-bus",
      Source: feedSources.burkit.eventSource,
      DetailType: "border.illegal-crossing",
      Detail: stored,
      Time: new Date(notification.receivedAt),
    });
    expect(head).toEqual({
      id: notification.id,
      kind: notification.kind,
      deployment: "almaty",
      receivedAt: notification.receivedAt,
    });
  });

  it("gives a report a unit filed the units' event source", () => {
    // Prepare
    const [kind] = unitReportKindIds;
    const report = JSON.stringify({ ...notification, kind, source: "units" });

    // Act
    const { entry } = entryOfStoredNotification(report, "hub-bus");

    // Assess
    expect(entry.Source).toBe(unitReportEventSource);
  });

  it.each([
    ["no stored notification", undefined, "no-notification"],
    ["a notification that is not JSON", "{not json", "not-json"],
    ["JSON that is no object", "42", "not-json"],
    ["a notification without its head", JSON.stringify({ id: "x", kind: "y" }), "invalid-envelope"],
  ])("refuses %s as poison", (_, text, reason) => {
    // Act and Assess
    expect(poisonOf(text).reason).toBe(reason);
  });

  it.each([
    [
      "an unknown kind",
      { kind: "no.such-kind" },
      { id: notification.id, receivedAt: notification.receivedAt },
    ],
    ["a source that is not its kind's", { source: "kqp" }, { id: notification.id, kind: notification.kind }],
    ["an unknown deployment", { deployment: "atlantis" }, { id: notification.id }],
    ["a receipt time that is no UTC instant", { receivedAt: "yesterday" }, { id: notification.id }],
    ["an id that is no ULID", { id: "Aigerim Nurlanovna" }, { kind: notification.kind }],
  ])("refuses a notification with %s, naming only the head fields it could read", (_, change, known) => {
    // Act
    const poison = poisonOf(JSON.stringify({ ...notification, ...change }));

    // Assess
    expect(poison.reason).toBe("invalid-envelope");
    expect(poison.known).toMatchObject(known);
    expect(JSON.stringify(poison.known)).not.toContain("Aigerim");
  });
});

describe("entryOfStreamRecord", () => {
  it("builds the entry from the inserted item's notification attribute", () => {
    // Act and Assess
    expect(entryOfStreamRecord(insertedNotificationRecord(stored), "hub-bus")).toEqual(
      entryOfStoredNotification(stored, "hub-bus"),
    );
  });

  it("refuses an item without one as poison", () => {
    // Act and Assess
    expect(() => entryOfStreamRecord(insertedNotificationRecord(undefined), "hub-bus")).toThrow(
      PoisonRecordError,
    );
  });
});
