import { describe, expect, it } from "vitest";
import { eventSourceOf, subscribersOf } from "../../../shared/domain/catalogue/index.ts";
import { buildAdmin519List } from "../../../shared/domain/lists/admin-519-list.ts";
import {
  MONTHLY_LIST_KIND,
  monthlyListNotification,
  monthlyListRecordId,
} from "../../../shared/domain/lists/list-notification.ts";
import { periodOfMonths } from "../../../shared/domain/lists/months.ts";
import { canonicalNotificationSchema } from "../../../shared/domain/notification.ts";
import { newNotificationId } from "../../../shared/ids.ts";
import { admin519ListKeys } from "../../../shared/wiring/monthly-lists.ts";
import { offence, persons } from "./support.ts";

const timeZone = "Asia/Almaty";
const list = buildAdmin519List(
  [
    offence(persons.rakhimov, "2026-10-02T06:00:00.000Z", "AC-1"),
    offence(persons.rakhimov, "2026-10-09T06:00:00.000Z", "AC-2"),
    offence(persons.karimova, "2026-10-03T06:00:00.000Z", "AC-3"),
  ],
  {
    deployment: "almaty",
    region: "KZ-75",
    month: "2026-10",
    timeZone,
    period: periodOfMonths("2026-10", "2026-10", timeZone),
  },
);
const files = { bucket: "order195hub-almaty-lists", ...admin519ListKeys("2026-10") };

describe("the monthly list's notification", () => {
  it("is a canonical notification for imc alone: counts, citizenships and files, no person", () => {
    const notification = monthlyListNotification(list, files, {
      id: newNotificationId(),
      receivedAt: new Date("2026-10-31T23:00:00.000Z"),
    });

    expect(canonicalNotificationSchema.parse(notification)).toEqual(notification);
    expect(notification).toMatchObject({
      kind: MONTHLY_LIST_KIND,
      source: "hub",
      region: "KZ-75",
      occurredAt: "2026-10-31T18:59:59.999Z",
      subject: { persons: [] },
      facts: {
        month: "2026-10",
        offences: 3,
        persons: 2,
        repeatOffenders: 1,
        byCitizenship: [
          { citizenship: "TJK", offences: 2, persons: 1 },
          { citizenship: "UZB", offences: 1, persons: 1 },
        ],
        files,
      },
      upstream: { system: "lists", recordId: "almaty.519.2026-10" },
    });
    expect(subscribersOf(MONTHLY_LIST_KIND)).toEqual(["imc"]);
    expect(eventSourceOf(MONTHLY_LIST_KIND)).toBe("kz.mvd.hub.lists");
  });

  it("has one upstream record id per deployment and month, so a rebuilt month is a duplicate", () => {
    const again = monthlyListNotification(list, files, { id: newNotificationId(), receivedAt: new Date() });
    expect(again.upstream.recordId).toBe(monthlyListRecordId(list));
    expect(monthlyListRecordId({ deployment: "transport", month: "2026-10" })).toBe("transport.519.2026-10");
  });
});
