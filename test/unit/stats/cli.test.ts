import { describe, expect, it } from "vitest";
import { bar, chartStats, describeStats, statsCsv } from "../../../cli/commands/stats.ts";
import { UTF8_BOM } from "../../../shared/domain/lists/csv.ts";
import type { StatsReport } from "../../../shared/domain/stats/statistics.ts";
import { readCsv } from "../lists/read-csv.ts";

const byKind: StatsReport = {
  deployment: "almaty",
  from: "2026-09",
  to: "2026-10",
  by: "kind",
  timeZone: "Asia/Almaty",
  months: ["2026-09", "2026-10"],
  notifications: 32,
  rows: [
    { key: "offence.admin-519", total: 30, byMonth: [12, 18] },
    { key: "stay.overstay", total: 2, byMonth: [0, 2] },
  ],
};

describe("hub stats", () => {
  it("draws bars in eighths of a character on one scale, the largest count full width", () => {
    expect(bar(40, 40)).toBe("█".repeat(40));
    expect(bar(1, 40)).toBe("█");
    expect(bar(1, 320)).toBe("▏");
    expect(bar(0, 40)).toBe("");
    expect(bar(12, 18)).toBe(`${"█".repeat(26)}▋`);
  });

  it("charts each kind's months, titled from the catalogue", () => {
    expect(chartStats(byKind)).toBe(
      [
        "almaty, notifications per month by kind, 2026-09 … 2026-10",
        "",
        "offence.admin-519: Held liable under Administrative Offences Code art. 519",
        `  2026-09  12  ${"█".repeat(26)}▋`,
        `  2026-10  18  ${"█".repeat(40)}`,
        "",
        "stay.overstay: Permitted stay ended, no exit recorded",
        "  2026-09   0",
        `  2026-10   2  ${"█".repeat(4)}▌`,
        "",
      ].join("\n"),
    );
  });

  it("charts all notifications as one bar a month by month", () => {
    const byMonth: StatsReport = {
      ...byKind,
      by: "month",
      rows: [
        { key: "2026-09", total: 12, byMonth: [12, 0] },
        { key: "2026-10", total: 20, byMonth: [0, 20] },
      ],
    };
    expect(chartStats(byMonth)).toContain(
      `all notifications\n  2026-09  12  ${"█".repeat(24)}\n  2026-10  20  ${"█".repeat(40)}`,
    );
  });

  it("prints a table with titles, totals and a column per month", () => {
    expect(describeStats(byKind).split("\n").slice(2, 6)).toEqual([
      "kind               title                                                    total  2026-09  2026-10",
      "-----------------  -------------------------------------------------------  -----  -------  -------",
      "offence.admin-519  Held liable under Administrative Offences Code art. 519  30     12       18",
      "stay.overstay      Permitted stay ended, no exit recorded                   2      0        2",
    ]);
  });

  it("writes CSV for a spreadsheet: key, total, the months", () => {
    const csv = statsCsv(byKind);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(readCsv(csv)).toEqual([
      ["kind", "total", "2026-09", "2026-10"],
      ["offence.admin-519", "30", "12", "18"],
      ["stay.overstay", "2", "0", "2"],
    ]);
  });
});
