import { describe, expect, it } from "vitest";
import { kindsByUnit } from "../../../shared/domain/catalogue/index.ts";
import {
  MAX_STATS_MONTHS,
  type StatsEntry,
  type StatsQuery,
  type StatsScope,
  statsCounter,
  statsQueryOf,
} from "../../../shared/domain/stats/statistics.ts";

/** The report of `entries`, counted one at a time as the stats function counts them. */
function statistics(entries: readonly StatsEntry[], query: StatsQuery, within: StatsScope) {
  const counter = statsCounter(query, within);
  for (const entry of entries) counter.add(entry);
  return counter.report();
}

const scope: StatsScope = { deployment: "almaty", timeZone: "Asia/Almaty", routing: kindsByUnit() };

const entries: StatsEntry[] = [
  { kind: "offence.admin-519", occurredAt: "2026-09-10T06:00:00.000Z", citizenships: ["TJK"] },
  { kind: "offence.admin-519", occurredAt: "2026-10-10T06:00:00.000Z", citizenships: ["TJK"] },
  // 1 October 00:30 in Almaty: October's, though September's in UTC.
  { kind: "offence.admin-519", occurredAt: "2026-09-30T19:30:00.000Z", citizenships: ["UZB"] },
  { kind: "expulsion.ordered", occurredAt: "2026-10-11T06:00:00.000Z", citizenships: ["UZB", "UZB"] },
  { kind: "stay.overstay", occurredAt: "2026-10-12T06:00:00.000Z", citizenships: ["KGZ", "UZB"] },
  { kind: "registration.migration", occurredAt: "2026-10-13T06:00:00.000Z", citizenships: [] },
  // Outside the period: ignored.
  { kind: "offence.admin-519", occurredAt: "2026-08-31T18:59:00.000Z", citizenships: ["TJK"] },
];

describe("the exchange's statistics", () => {
  const period = { from: "2026-09", to: "2026-10" };

  it("counts notifications per kind and month, on the deployment's clocks, the largest first", () => {
    const report = statistics(entries, { ...period, by: "kind" }, scope);
    expect(report).toMatchObject({
      months: ["2026-09", "2026-10"],
      notifications: 6,
      timeZone: "Asia/Almaty",
    });
    expect(report.rows).toEqual([
      { key: "offence.admin-519", total: 3, byMonth: [1, 2] },
      { key: "expulsion.ordered", total: 1, byMonth: [0, 1] },
      { key: "registration.migration", total: 1, byMonth: [0, 1] },
      { key: "stay.overstay", total: 1, byMonth: [0, 1] },
    ]);
  });

  it("counts what each unit was sent: the kinds routed to it times their counts", () => {
    const report = statistics(entries, { ...period, by: "unit" }, scope);
    expect(report.rows).toEqual([
      { key: "imc", total: 6, byMonth: [1, 5] },
      { key: "admin-police", total: 3, byMonth: [0, 3] },
      { key: "migration-service", total: 1, byMonth: [0, 1] },
      { key: "transport-police", total: 1, byMonth: [0, 1] },
    ]);
  });

  it("follows the deployment's extra subscriptions", () => {
    const routing = kindsByUnit({ "offence.admin-519": ["criminal-police"] });
    const report = statistics(entries, { ...period, by: "unit" }, { ...scope, routing });
    expect(report.rows).toContainEqual({ key: "criminal-police", total: 3, byMonth: [1, 2] });
  });

  it("counts a notification once per citizenship of the persons it is about", () => {
    const report = statistics(entries, { ...period, by: "citizenship" }, scope);
    expect(report.rows).toEqual([
      { key: "UZB", total: 3, byMonth: [0, 3] },
      { key: "TJK", total: 2, byMonth: [1, 1] },
      { key: "KGZ", total: 1, byMonth: [0, 1] },
    ]);
  });

  it("gives one row per month by month, empty months too", () => {
    const report = statistics(entries, { from: "2026-08", to: "2026-11", by: "month" }, scope);
    expect(report.rows).toEqual([
      { key: "2026-08", total: 1, byMonth: [1, 0, 0, 0] },
      { key: "2026-09", total: 1, byMonth: [0, 1, 0, 0] },
      { key: "2026-10", total: 5, byMonth: [0, 0, 5, 0] },
      { key: "2026-11", total: 0, byMonth: [0, 0, 0, 0] },
    ]);
    expect(report.notifications).toBe(7);
  });
});

describe("the statistics' parameters", () => {
  it("takes a period of months and a grouping, by kind unless told", () => {
    expect(statsQueryOf({ from: "2026-01", to: "2026-12" })).toEqual({
      ok: true,
      value: { from: "2026-01", to: "2026-12", by: "kind" },
    });
    expect(statsQueryOf({ from: "2026-01", to: "2026-01", by: "citizenship" })).toMatchObject({ ok: true });
  });

  it("names each bad parameter", () => {
    expect(statsQueryOf({ to: "2026-13", by: "region" })).toEqual({
      ok: false,
      // zod's English messages, as the contract gave them when it was written with classic zod.
      errors: [
        {
          path: "/query/from",
          code: "query.required",
          message: "Invalid input: expected string, received undefined",
        },
        { path: "/query/to", code: "query.format", message: "A month is written `YYYY-MM`." },
        {
          path: "/query/by",
          code: "query.enum",
          message: 'Invalid option: expected one of "kind"|"unit"|"month"|"citizenship"',
        },
      ],
    });
  });

  it(`refuses a period backwards or longer than ${MAX_STATS_MONTHS} months`, () => {
    expect(statsQueryOf({ from: "2026-05", to: "2026-04" })).toEqual({
      ok: false,
      errors: [{ path: "/query/to", code: "query.range", message: "`to` lies before `from`." }],
    });
    expect(statsQueryOf({ from: "2024-01", to: "2025-12" })).toMatchObject({ ok: true });
    expect(statsQueryOf({ from: "2024-01", to: "2026-01" })).toEqual({
      ok: false,
      errors: [expect.objectContaining({ path: "/query/to", code: "query.range" })],
    });
  });
});
