import { describe, expect, it } from "vitest";
import {
  type DeadLetterCheck,
  traceNotification,
  traceOf,
} from "../../../functions/trace/trace-notification.ts";
import { mayTrace, receiptSupervisors } from "../../../functions/trace/who-may-trace.ts";
import type {
  TracedNotification,
  TraceFacts,
  TraceStore,
} from "../../../shared/adapters/dynamodb/trace-store.ts";
import type { ExtraSubscriptions, UnitId } from "../../../shared/domain/catalogue/index.ts";
import { NotificationNotFoundError, TraceForbiddenError } from "../../../shared/domain/errors.ts";
import type { FiledBy } from "../../../shared/domain/notification.ts";
import type { Receipt, ReceiptDeadlines } from "../../../shared/domain/receipts/index.ts";

/** Urgent: 10 and 60 minutes; routine: 12 and 24 hours. */
const deadlines: ReceiptDeadlines = {
  urgent: { first: 600, second: 3600 },
  routine: { first: 43_200, second: 86_400 },
};
const receivedAt = "2026-11-29T10:00:00.000Z";
const at = (minutes: number) => new Date(Date.parse(receivedAt) + minutes * 60_000);

/** An urgent kind routed to imc, criminal-police and transport-police. */
const crossing: TracedNotification = {
  id: "01KB0000000000000000000001",
  kind: "border.illegal-crossing",
  source: "burkit",
  deployment: "almaty",
  region: "KZ-75",
  upstream: { system: "burkit", recordId: "BRK-1" },
  occurredAt: "2026-11-29T09:58:00.000Z",
  receivedAt,
};

function receipt(unit: UnitId, minutes: number, actionedMinutes?: number): Receipt {
  const by = (when: number, officer: string) => ({
    at: at(when).toISOString(),
    officer,
    principal: `arn:aws:sts::000000000000:assumed-role/Order195Hub-almaty-${unit}/${officer}`,
  });
  return {
    notificationId: crossing.id,
    unit,
    received: by(minutes, `${unit}.officer`),
    ...(actionedMinutes === undefined
      ? {}
      : { actioned: { ...by(actionedMinutes, "case.officer"), reference: "KUSP-7" } }),
  };
}

const published: TraceFacts = {
  publication: { publishedAt: at(0.02).toISOString() },
  receipts: [],
  escalations: new Map(),
};

const settings = (checkedMinutes: number, deadLettered?: ReadonlySet<UnitId>) => ({
  routed: ["imc", "criminal-police", "transport-police"] as UnitId[],
  owing: new Set<UnitId>(["imc", "criminal-police", "transport-police"]),
  deadLettered,
  deadlines,
  checkedAt: at(checkedMinutes),
});

describe("traceOf: per unit, how far the notification got and what is overdue", () => {
  it("shows a unit that acknowledged in time as acknowledged, with its officers, both deadlines met", () => {
    const trace = traceOf(crossing, { ...published, receipts: [receipt("imc", 3, 8)] }, settings(30));

    expect(trace.units[0]).toEqual({
      unit: "imc",
      delivery: "acknowledged",
      received: { at: at(3).toISOString(), officer: "imc.officer" },
      actioned: { at: at(8).toISOString(), officer: "case.officer", reference: "KUSP-7" },
      deadlines: [
        { level: "first", dueAt: at(10).toISOString(), state: "met" },
        { level: "second", dueAt: at(60).toISOString(), state: "met" },
      ],
      overdue: false,
    });
  });

  it.each([
    ["before the first deadline", 5, ["open", "open"], [undefined, undefined], false],
    ["after the first, before the second", 25, ["missed", "open"], [15 * 60, undefined], true],
    ["after both", 90, ["missed", "missed"], [80 * 60, 30 * 60], true],
  ])("counts a unit without receipt %s", (_, minutes, states, late, overdue) => {
    const unit = traceOf(crossing, published, settings(minutes)).units[1];

    expect(unit?.delivery).toBe("sent");
    expect(unit?.deadlines.map((deadline) => deadline.state)).toEqual(states);
    expect(unit?.deadlines.map((deadline) => deadline.lateSeconds)).toEqual(late);
    expect(unit?.overdue).toBe(overdue);
  });

  it("says how late a late receipt came, and names the escalation raised meanwhile; a late receipt is no longer overdue", () => {
    const escalation = { notificationId: "01KB00000000000000000000E1", raisedAt: at(11).toISOString() };
    const facts: TraceFacts = {
      ...published,
      receipts: [receipt("criminal-police", 14)],
      escalations: new Map([[`${crossing.id}.criminal-police.first`, escalation]]),
    };

    const unit = traceOf(crossing, facts, settings(90)).units[1];

    expect(unit?.deadlines[0]).toEqual({
      level: "first",
      dueAt: at(10).toISOString(),
      state: "missed",
      lateSeconds: 240,
      escalation,
    });
    expect(unit?.deadlines[1]?.state).toBe("met");
    expect(unit?.overdue).toBe(false);
  });

  it("tells pending (no publication recorded) from sent, and dead-lettered where the queues were looked into", () => {
    const unpublished = traceOf(crossing, { receipts: [], escalations: new Map() }, settings(1));
    const deadLettered = traceOf(crossing, published, settings(1, new Set<UnitId>(["transport-police"])));

    expect(unpublished.units.map((unit) => unit.delivery)).toEqual(["pending", "pending", "pending"]);
    expect(unpublished).not.toHaveProperty("publishedAt");
    expect(unpublished.deadLetters).toBe("not-checked");
    expect(deadLettered.units.map((unit) => unit.delivery)).toEqual(["sent", "sent", "dead-lettered"]);
    expect(deadLettered.deadLetters).toBe("checked");
    expect(deadLettered.publishedAt).toBe(published.publication?.publishedAt);
    expect(deadLettered.receiptClass).toBe("urgent");
  });

  it("gives a unit that owes no receipt (of the hub's own escalations) no deadlines and nothing overdue", () => {
    const trace = traceOf(crossing, published, { ...settings(90), owing: new Set<UnitId>() });

    expect(trace.units.every((unit) => unit.deadlines.length === 0 && !unit.overdue)).toBe(true);
  });
});

describe("who may trace", () => {
  it("names the units that receive the escalations as the receipts' supervisors", () => {
    expect([...receiptSupervisors({})].sort()).toEqual(["duty", "imc", "kpd"]);
  });

  const cases: [UnitId, ExtraSubscriptions, boolean, string][] = [
    ["criminal-police", {}, true, "routed to it"],
    ["duty", {}, true, "a supervisor of receipts"],
    ["kpd", {}, true, "a supervisor of receipts"],
    ["migration-service", {}, false, "neither"],
    [
      "migration-service",
      { "border.illegal-crossing": ["migration-service"] },
      true,
      "routed by an extra subscription",
    ],
    ["admin-police", {}, false, "neither"],
  ];
  it.each(cases)("%s with extras %j: %s (%s)", (unit, extras, allowed) => {
    expect(mayTrace(unit, crossing, extras)).toBe(allowed);
  });

  it("lets the unit that filed a report trace it, though it is not routed to it", () => {
    const detention = { kind: "foreigner.detained" as const, filedBy: { unit: "admin-police" as const } };

    expect(mayTrace("admin-police", detention, {})).toBe(true);
    expect(mayTrace("migration-service", detention, {})).toBe(false);
  });
});

describe("traceNotification", () => {
  const caller = (unit: UnitId): FiledBy => ({
    unit,
    officer: "a.officer",
    principal: `arn:aws:sts::000000000000:assumed-role/Order195Hub-almaty-${unit}/a.officer`,
  });
  const store: TraceStore = {
    byId: async (id) => (id === crossing.id ? crossing : undefined),
    byRecord: async (system, recordId) =>
      system === "burkit" && recordId === "BRK-1" ? crossing : undefined,
    factsOf: async (_, sought) => {
      expect(sought).toHaveLength(6);
      return published;
    },
  };
  const deps = { store, extraSubscriptions: {}, deadlines, now: () => at(1) };

  it("traces by id or by upstream record to the same answer", async () => {
    const byId = await traceNotification(caller("imc"), { by: "id", id: crossing.id }, deps);
    const byRecord = await traceNotification(
      caller("imc"),
      { by: "record", system: "burkit", recordId: "BRK-1" },
      deps,
    );

    expect(byRecord).toEqual(byId);
    expect(byId.units.map((unit) => unit.unit)).toEqual(["imc", "criminal-police", "transport-police"]);
  });

  it("refuses an unknown notification (404) before asking who the caller is, and a unit that may not follow it (403)", async () => {
    await expect(traceNotification(caller("imc"), { by: "id", id: "01KB9" }, deps)).rejects.toThrow(
      NotificationNotFoundError,
    );
    await expect(
      traceNotification(caller("admin-police"), { by: "id", id: crossing.id }, deps),
    ).rejects.toThrow(TraceForbiddenError);
  });

  it("looks into the dead-letter queues of the routed units where it can", async () => {
    const asked: UnitId[][] = [];
    const deadLetters: DeadLetterCheck = {
      unitsHolding: async (_, units) => {
        asked.push([...units]);
        return new Set<UnitId>(["imc"]);
      },
    };

    const trace = await traceNotification(
      caller("duty"),
      { by: "id", id: crossing.id },
      { ...deps, deadLetters },
    );

    expect(asked).toEqual([["imc", "criminal-police", "transport-police"]]);
    expect(trace.units[0]?.delivery).toBe("dead-lettered");
  });
});
