import { describe, expect, it } from "vitest";
import {
  addMonths,
  isMonth,
  monthOf,
  monthsFrom,
  periodOfMonths,
  previousMonth,
  utcMonthsOf,
} from "../../../shared/domain/lists/months.ts";

describe("months on a deployment's clocks", () => {
  it("counts months across year ends, both ways", () => {
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-10", -13)).toBe("2025-09");
    expect(monthsFrom("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsFrom("2026-02", "2026-01")).toEqual([]);
  });

  it("accepts YYYY-MM only", () => {
    for (const good of ["2026-01", "2026-12"]) expect(isMonth(good)).toBe(true);
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", 202601])
      expect(isMonth(bad)).toBe(false);
  });

  it("puts the first hours of a month in that month in Almaty, though UTC is still in the last one", () => {
    expect(monthOf("2026-09-30T19:00:00.000Z", "Asia/Almaty")).toBe("2026-10");
    expect(monthOf("2026-09-30T18:59:59.999Z", "Asia/Almaty")).toBe("2026-09");
  });

  it("builds the month before the run: a run early on the 1st builds the month that just ended", () => {
    // 1 November 2026, 03:00 in Almaty (UTC+5) is still 31 October in UTC.
    expect(previousMonth(new Date("2026-10-31T22:00:00.000Z"), "Asia/Almaty")).toBe("2026-10");
    expect(previousMonth(new Date("2027-01-01T00:00:00.000Z"), "Asia/Almaty")).toBe("2026-12");
  });

  it("bounds months by local midnights, with the offset in force then (Almaty: UTC+6 until 1 March 2024)", () => {
    expect(periodOfMonths("2026-10", "2026-10", "Asia/Almaty")).toEqual({
      from: "2026-09-30T19:00:00.000Z",
      to: "2026-10-31T19:00:00.000Z",
    });
    expect(periodOfMonths("2024-01", "2024-02", "Asia/Almaty")).toEqual({
      from: "2023-12-31T18:00:00.000Z",
      // At 00:00 on 1 March 2024 (UTC+6) the clocks went back to 23:00: that midnight came an hour later.
      to: "2024-02-29T19:00:00.000Z",
    });
  });

  it("names the UTC months a local period touches, its end excluded", () => {
    expect(utcMonthsOf(periodOfMonths("2026-10", "2026-10", "Asia/Almaty"))).toEqual(["2026-09", "2026-10"]);
    expect(utcMonthsOf({ from: "2026-10-01T00:00:00.000Z", to: "2026-11-01T00:00:00.000Z" })).toEqual([
      "2026-10",
    ]);
  });
});
