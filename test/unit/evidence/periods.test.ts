import { describe, expect, it } from "vitest";
import { type PeriodPlan, periodsDue } from "../../../shared/evidence/periods.ts";

const MINUTE = 60_000;
const plan = (now: string, latestTo: string | null, maxPeriods = 48): PeriodPlan => ({
  latest: latestTo === null ? null : { to: latestTo },
  now: new Date(now),
  intervalMs: 5 * MINUTE,
  settleMs: 2 * MINUTE,
  maxPeriods,
});

describe("periods due for a checkpoint", () => {
  it.each([
    // [now, the chain's end, the periods due]
    [
      "the first: the last whole period on the grid that settled",
      "2026-11-29T10:08:00.000Z",
      null,
      [["10:00", "10:05"]],
    ],
    ["the first, a moment before the next settles", "2026-11-29T10:06:59.999Z", null, [["09:55", "10:00"]]],
    ["the next, once settled", "2026-11-29T10:12:00.000Z", "2026-11-29T10:05:00.000Z", [["10:05", "10:10"]]],
    ["none while the next has not settled", "2026-11-29T10:11:59.999Z", "2026-11-29T10:05:00.000Z", []],
    [
      "every one missed, oldest first",
      "2026-11-29T10:27:00.000Z",
      "2026-11-29T10:05:00.000Z",
      [
        ["10:05", "10:10"],
        ["10:10", "10:15"],
        ["10:15", "10:20"],
        ["10:20", "10:25"],
      ],
    ],
  ] as const)("%s", (_, now, latestTo, expected) => {
    // Act
    const due = periodsDue(plan(now, latestTo));

    // Assess
    const at = (clock: string) => `2026-11-29T${clock}:00.000Z`;
    expect(due).toEqual(expected.map(([from, to]) => ({ from: at(from), to: at(to) })));
  });

  it("continues a chain off the grid (the interval changed) from where it ended", () => {
    // Act
    const due = periodsDue(plan("2026-11-29T10:20:00.000Z", "2026-11-29T10:03:30.000Z"));

    // Assess
    expect(due.map((period) => period.from)).toEqual([
      "2026-11-29T10:03:30.000Z",
      "2026-11-29T10:08:30.000Z",
    ]);
  });

  it("closes at most maxPeriods in one run; the next run goes on from there", () => {
    // Act
    const due = periodsDue(plan("2026-11-30T10:00:00.000Z", "2026-11-29T10:00:00.000Z", 48));

    // Assess
    expect(due).toHaveLength(48);
    expect(due.at(-1)?.to).toBe("2026-11-29T14:00:00.000Z");
  });

  it("refuses an interval that is not a positive whole number of ms", () => {
    expect(() => periodsDue({ ...plan("2026-11-29T10:00:00.000Z", null), intervalMs: 0 })).toThrow(
      RangeError,
    );
  });
});
