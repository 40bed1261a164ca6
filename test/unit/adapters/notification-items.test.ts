import { describe, expect, it } from "vitest";
import {
  notificationItems,
  recordPartitionKey,
  subjectKeys,
} from "../../../shared/adapters/dynamodb/notification-items.ts";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import { notificationTable } from "../../../shared/wiring/notification-table.ts";
import { notificationOf } from "../support/feeds.ts";

const receivedAt = new Date("2025-06-02T09:00:00.000Z");
const notification = notificationOf("expulsion.ordered", receivedAt);
const { partitionKey, sortKey, timeToLiveAttribute, indexes } = notificationTable;

describe("notificationItems", () => {
  it("keys the notification item by its upstream record, for the conditional put", () => {
    // Act
    const items = notificationItems(notification, 30);

    // Assess
    expect(items.notification[partitionKey]).toEqual({ S: "REC#kqp#KQP-EXP-2025-000266" });
    expect(items.notification[sortKey]).toEqual({ S: notificationTable.notificationSortKey });
    expect(JSON.parse(items.notification.notification?.S ?? "")).toEqual(notification);
  });

  it("expires every item the retention period after receipt", () => {
    // Act
    const items = notificationItems(notification, 30);

    // Assess
    const expiresAt = String(receivedAt.getTime() / 1000 + 30 * 86_400);
    for (const item of [items.notification, ...items.subjects]) {
      expect(item[timeToLiveAttribute]).toEqual({ N: expiresAt });
    }
  });

  it("files the notification under kind, region and month of occurrence", () => {
    // Act
    const { notification: item } = notificationItems(notification, 30);

    // Assess
    expect(item[indexes.byKindRegionMonth.partitionKey]).toEqual({ S: "expulsion.ordered#KZ-75#2025-04" });
    expect(item[indexes.byKindRegionMonth.sortKey]?.S).toBe(`${notification.occurredAt}#${notification.id}`);
  });

  it("files the notification, and only it, under its UTC day of receipt, sorted by receipt time", () => {
    // Act
    const items = notificationItems(notification, 30);

    // Assess
    const { partitionKey: day, sortKey: sort } = indexes.byReceivedDay;
    expect(items.notification[day]).toEqual({ S: "RECEIVED#2025-06-02" });
    expect(items.notification[sort]).toEqual({ S: `2025-06-02T09:00:00.000Z#${notification.id}` });
    for (const subject of items.subjects) expect(subject[day]).toBeUndefined();
  });

  it("files a notification without a region under `none`", () => {
    // Act
    const { notification: item } = notificationItems({ ...notification, region: null }, 30);

    // Assess
    expect(item[indexes.byKindRegionMonth.partitionKey]?.S).toMatch(/^expulsion\.ordered#none#/);
  });

  it("writes one subject item per identifier of the person, in the record's partition", () => {
    // Act
    const { subjects } = notificationItems(notification, 30);

    // Assess
    expect(subjects.map((item) => item[indexes.bySubject.partitionKey]?.S)).toEqual([
      "DOC#UZB#FA7654321",
      "NAME#TURSUNOV ZHAMSHID#1992-06-30",
    ]);
    for (const item of subjects) {
      expect(item[partitionKey]).toEqual({ S: recordPartitionKey("kqp", notification.upstream.recordId) });
      expect(item[sortKey]?.S).toBe(`SUBJECT#${item[indexes.bySubject.partitionKey]?.S}`);
      expect(item.notificationId).toEqual({ S: notification.id });
    }
  });
});

describe("subjectKeys", () => {
  it("lists an identifier shared by two persons once, and the organisation's BIN", () => {
    // Prepare
    const [person] = notification.subject.persons;
    if (person === undefined) throw new Error("the sample names a person");
    const twice: CanonicalNotification = {
      ...notification,
      subject: {
        ...notification.subject,
        persons: [person, person],
        organisation: { role: "employer", name: "ТОО", bin: "123456789012" },
      },
    };

    // Act
    const keys = subjectKeys(twice);

    // Assess
    expect(keys).toEqual([...subjectKeys(notification), "BIN#123456789012"]);
  });
});
