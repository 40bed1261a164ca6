import { describe, expect, it } from "vitest";
import type { RegionCode } from "../../../shared/domain/catalogue/index.ts";
import { mapFeedRequest } from "../../../shared/sources/index.ts";
import { firstRecord, type JsonObject, loadFixture, mapContext } from "./support.ts";

/** The overstay fixture (a record with no offset in its times) with times and region replaced. */
function overstayAt(
  occurredAt: string,
  region: RegionCode | null = "KZ-75",
  recordedAt = occurredAt,
): JsonObject {
  const record = structuredClone(firstRecord(loadFixture("burkit", "stay.overstay")));
  record.occurredAt = occurredAt;
  record.recordedAt = recordedAt;
  record.region = region;
  if (region === null) record.place = { transport: { mode: "rail", facility: "train 302" } };
  return { contractVersion: "1", records: [record] };
}

function mappedTimes(body: JsonObject, receivedAt?: Date) {
  const mapping = mapFeedRequest("burkit", body, mapContext("almaty", receivedAt));
  if (!mapping.ok) return { errors: mapping.errors.map((e) => [e.path, e.code]) };
  const notification = mapping.records[0]?.notification;
  return { occurredAt: notification?.occurredAt, recordedAt: notification?.upstream.recordedAt };
}

describe("record times", () => {
  it("reads a local time of February 2024 in Almaty as UTC+06:00", () => {
    // Act
    const times = mappedTimes(overstayAt("2024-02-15T12:00:00"));

    // Assess
    expect(times).toEqual({ occurredAt: "2024-02-15T06:00:00.000Z", recordedAt: "2024-02-15T06:00:00.000Z" });
  });

  it("reads a local time in Almaty from 2024-03-01 on as UTC+05:00", () => {
    // Act
    const times = mappedTimes(overstayAt("2024-03-01T12:00:00", "KZ-75", "2025-04-09T00:05:30.250"));

    // Assess
    expect(times).toEqual({ occurredAt: "2024-03-01T07:00:00.000Z", recordedAt: "2025-04-08T19:05:30.250Z" });
  });

  it("reads local times in the region's own zone (Aktobe: UTC+05:00 before and after 2024-03-01)", () => {
    // Act
    const times = mappedTimes(overstayAt("2024-02-15T12:00:00", "KZ-15"));

    // Assess
    expect(times.occurredAt).toBe("2024-02-15T07:00:00.000Z");
  });

  it("reads the local time of a record without region in Asia/Almaty", () => {
    // Act
    const times = mappedTimes(overstayAt("2024-02-15T12:00", null));

    // Assess
    expect(times.occurredAt).toBe("2024-02-15T06:00:00.000Z");
  });

  it("takes a time with an offset as it is, whatever the region", () => {
    // Act
    const times = mappedTimes(overstayAt("2024-02-15T12:00:00+05:00", "KZ-75", "2024-02-15T07:00:00Z"));

    // Assess
    expect(times).toEqual({ occurredAt: "2024-02-15T07:00:00.000Z", recordedAt: "2024-02-15T07:00:00.000Z" });
  });

  it.each([
    ["2025-04-10 12:05", "time.format"],
    ["2025-04-10", "time.format"],
    ["2025-04-10T12:05:00+0500", "time.format"],
    ["2025-04-10T25:05:00", "time.format"],
    ["2025-02-30T10:00:00", "time.date"],
    ["2023-02-29T10:00:00+05:00", "time.date"],
  ])("refuses %s (%s)", (occurredAt, code) => {
    // Act
    const times = mappedTimes(overstayAt(occurredAt, "KZ-75", "2025-04-09T00:05:00"));

    // Assess
    expect(times).toEqual({ errors: [["/records/0/occurredAt", code]] });
  });

  it("refuses a time more than 5 minutes ahead of the hub's clock, and accepts one within", () => {
    // Prepare
    const receivedAt = new Date("2025-06-02T09:00:00.000Z");

    // Act
    const ahead = mappedTimes(
      overstayAt("2025-06-02T14:06:00+05:00", "KZ-75", "2025-06-02T09:00:00Z"),
      receivedAt,
    );
    const within = mappedTimes(
      overstayAt("2025-06-02T14:04:00+05:00", "KZ-75", "2025-06-02T09:00:00Z"),
      receivedAt,
    );

    // Assess
    expect(ahead).toEqual({ errors: [["/records/0/occurredAt", "time.future"]] });
    expect(within.occurredAt).toBe("2025-06-02T09:04:00.000Z");
  });
});
