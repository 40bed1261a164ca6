/** The pure receipt rules: deadlines per class, the windows a check reads, who is overdue, the escalation. */
import { describe, expect, it } from "vitest";
import { type KindId, kinds, orderKindIds, type UnitId } from "../../../shared/domain/catalogue/index.ts";
import { canonicalNotificationSchema } from "../../../shared/domain/notification.ts";
import {
  deadlinesProblem,
  deadlineWindows,
  dueAt,
  type EscalationLevel,
  escalationKinds,
  type ReceiptDeadlines,
} from "../../../shared/domain/receipts/deadlines.ts";
import {
  type DueNotification,
  escalationOf,
  escalationRecordId,
  overdueReceipts,
  unitsOwingReceipt,
} from "../../../shared/domain/receipts/escalation.ts";

const MINUTE = 60;
const deadlines: ReceiptDeadlines = {
  urgent: { first: 10 * MINUTE, second: 60 * MINUTE },
  routine: { first: 12 * 60 * MINUTE, second: 24 * 60 * MINUTE },
};
const receivedAt = new Date("2026-11-29T10:00:00.000Z");
const at = (minutes: number) => new Date(receivedAt.getTime() + minutes * 60_000);
const NOTIFICATION_ID = "01KB0000000000000000000000";

describe("receipt classes in the catalogue", () => {
  it("gives the hits, illegal crossings, evaded expulsions and undocumented persons the urgent class", () => {
    const urgent = orderKindIds.filter((kind) => kinds[kind].receipt === "urgent");
    expect(urgent).toEqual([
      "expulsion.evaded",
      "border.illegal-crossing",
      "border.entry-ban-hit",
      "biometric.watchlist-hit",
      "foreigner.undocumented",
    ]);
  });

  it("routes the first escalation to duty and imc, the second to kpd", () => {
    expect(kinds["receipt.overdue"].subscribers).toEqual(["duty", "imc"]);
    expect(kinds["receipt.escalated"].subscribers).toEqual(["kpd"]);
  });
});

describe("deadlines", () => {
  it.each([
    ["biometric.watchlist-hit", "first", 10],
    ["biometric.watchlist-hit", "second", 60],
    ["registration.migration", "first", 12 * 60],
    ["registration.migration", "second", 24 * 60],
    ["foreigner.undocumented", "first", 10],
  ] as const)("%s: the %s deadline falls %d minutes after receipt", (kind, level, minutes) => {
    expect(dueAt(kind, receivedAt, level, deadlines)).toEqual(at(minutes));
  });

  it.each([
    [{ urgent: { first: 600, second: 3600 }, routine: { first: 60, second: 120 } }, undefined],
    [{ urgent: { first: 600, second: 600 }, routine: { first: 60, second: 120 } }, "urgent: the second"],
    [{ urgent: { first: 600, second: 3600 }, routine: { first: 0, second: 120 } }, "routine: deadlines are"],
    [{ urgent: { first: 1.5, second: 3600 }, routine: { first: 60, second: 120 } }, "urgent: deadlines are"],
  ] as const)("refuses unusable durations: %j → %s", (durations, problem) => {
    const found = deadlinesProblem(durations);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe("deadline windows", () => {
  it("reads, per class and level, the receipts whose deadline fell in the checked span", () => {
    const windows = deadlineWindows(at(30), at(31), deadlines);

    expect(windows.map((w) => [w.receiptClass, w.level, w.receivedFrom, w.receivedTo])).toEqual([
      ["urgent", "first", at(20), at(21)],
      ["urgent", "second", at(-30), at(-29)],
      ["routine", "first", at(30 - 12 * 60), at(31 - 12 * 60)],
      ["routine", "second", at(30 - 24 * 60), at(31 - 24 * 60)],
    ]);
  });

  it("checks each deadline once across consecutive spans, and nothing for an empty span", () => {
    const spans = [0, 1, 2, 3].map((start) => deadlineWindows(at(start), at(start + 1), deadlines));
    const urgentFirst = spans.map((windows) => windows[0]);

    for (let index = 1; index < urgentFirst.length; index++)
      expect(urgentFirst[index]?.receivedFrom).toEqual(urgentFirst[index - 1]?.receivedTo);
    expect(deadlineWindows(at(5), at(5), deadlines)).toEqual([]);
  });
});

describe("who is overdue", () => {
  const due = (kind: KindId): DueNotification => ({ id: NOTIFICATION_ID, kind, receivedAt });
  const settings = { extras: {}, deadlines };

  it.each<[string, KindId, EscalationLevel, UnitId[], number, UnitId[]]>([
    ["no unit acknowledged", "biometric.watchlist-hit", "first", [], 11, ["imc", "criminal-police", "duty"]],
    ["one unit acknowledged", "biometric.watchlist-hit", "first", ["imc"], 11, ["criminal-police", "duty"]],
    [
      "every unit acknowledged",
      "biometric.watchlist-hit",
      "first",
      ["imc", "criminal-police", "duty"],
      11,
      [],
    ],
    ["the deadline has not come", "biometric.watchlist-hit", "first", [], 9, []],
    [
      "exactly at the deadline",
      "biometric.watchlist-hit",
      "first",
      [],
      10,
      ["imc", "criminal-police", "duty"],
    ],
    ["the second deadline", "foreigner.undocumented", "second", ["imc"], 61, ["migration-service"]],
    ["a routine kind before its 12 hours", "registration.migration", "first", [], 11, []],
    ["a routine kind after them", "registration.migration", "first", ["admin-police"], 12 * 60, ["imc"]],
    ["an escalation itself", "receipt.overdue", "first", [], 11, []],
  ])("%s: %s, %s deadline", (_, kind, level, acknowledged, minutes, overdue) => {
    const found = overdueReceipts(due(kind), level, new Set(acknowledged), settings, at(minutes));

    expect(found.map((receipt) => receipt.unit)).toEqual(overdue);
    for (const receipt of found) expect(receipt.dueAt).toEqual(dueAt(kind, receivedAt, level, deadlines));
  });

  it("owes receipts from the deployment's extra subscribers too, and none for an escalation", () => {
    const extras = { "foreigner.detained": ["migration-service"] } as const;

    expect(unitsOwingReceipt("foreigner.detained", extras)).toEqual(["imc", "migration-service"]);
    for (const kind of Object.values(escalationKinds)) expect(unitsOwingReceipt(kind, extras)).toEqual([]);
  });
});

describe("the escalation", () => {
  const overdue = {
    notification: { id: NOTIFICATION_ID, kind: "biometric.watchlist-hit", receivedAt },
    unit: "criminal-police",
    level: "first",
    dueAt: at(10),
    checkedAt: new Date(at(10).getTime() + 42_500),
  } as const;

  it("names the unit, the notification and how late, and no person", () => {
    const escalation = escalationOf(overdue, "almaty", "01KB0000000000000000000001");

    expect(escalation).toMatchObject({
      kind: "receipt.overdue",
      source: "hub",
      deployment: "almaty",
      region: "KZ-75",
      occurredAt: at(10).toISOString(),
      receivedAt: overdue.checkedAt.toISOString(),
      subject: { persons: [] },
      facts: {
        notification: {
          id: NOTIFICATION_ID,
          kind: "biometric.watchlist-hit",
          receivedAt: receivedAt.toISOString(),
        },
        unit: "criminal-police",
        receiptClass: "urgent",
        dueAt: at(10).toISOString(),
        overdueSeconds: 42,
      },
      upstream: { system: "receipts", recordId: `${NOTIFICATION_ID}.criminal-police.first` },
    });
    expect(canonicalNotificationSchema.parse(escalation)).toEqual(escalation);
  });

  it("is raised as `receipt.escalated` at the second deadline, and in the transport deployment without region", () => {
    const escalation = escalationOf(
      { ...overdue, level: "second" },
      "transport",
      "01KB0000000000000000000002",
    );

    expect([escalation.kind, escalation.region]).toEqual(["receipt.escalated", null]);
    expect(canonicalNotificationSchema.parse(escalation).kind).toBe("receipt.escalated");
  });

  it("has one record id per notification, unit and deadline: what makes a second run a duplicate", () => {
    const ids = [
      escalationRecordId(NOTIFICATION_ID, "imc", "first"),
      escalationRecordId(NOTIFICATION_ID, "imc", "second"),
      escalationRecordId(NOTIFICATION_ID, "duty", "first"),
    ];

    expect(new Set(ids).size).toBe(3);
    expect(escalationOf(overdue, "almaty", "01KB0000000000000000000003").upstream.recordId).toBe(
      escalationOf(overdue, "almaty", "01KB0000000000000000000004").upstream.recordId,
    );
  });

  it("refuses a person in the subject of an escalation", () => {
    const escalation = escalationOf(overdue, "almaty", "01KB0000000000000000000005");
    const withPerson = {
      ...escalation,
      subject: { persons: [{ role: "subject", name: { surname: "X", latin: "X" }, documents: [] }] },
    };

    expect(canonicalNotificationSchema.safeParse(withPerson).success).toBe(false);
  });
});
