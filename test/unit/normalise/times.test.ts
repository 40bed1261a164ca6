import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deploymentIds, deployments } from "../../../shared/domain/catalogue/index.ts";
import {
  isCalendarDate,
  isKnownTimeZone,
  isPlausibleBirthDate,
  toUtcInstant,
} from "../../../shared/domain/normalise/index.ts";
import { daysInMonthOf, RUNS } from "./arbitraries.ts";

const ALMATY = "Asia/Almaty";

function instantOf(raw: string, timeZone: string): string | undefined {
  const result = toUtcInstant(raw, timeZone);
  return result.ok ? result.value : undefined;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Wall-clock time of an instant in a zone, `YYYY-MM-DDTHH:mm:ss.sss`, computed via Intl in the test. */
function wallClockIn(timeZone: string, instantMs: number): string {
  const formatter = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
    hourCycle: "h23",
  });
  const parts = Object.fromEntries(formatter.formatToParts(instantMs).map((part) => [part.type, part.value]));
  const milliseconds = ((instantMs % 1000) + 1000) % 1000;
  return `${pad(Number(parts.year), 4)}-${pad(Number(parts.month))}-${pad(Number(parts.day))}T${pad(Number(parts.hour))}:${pad(Number(parts.minute))}:${pad(Number(parts.second))}.${pad(milliseconds, 3)}`;
}

/**
 * The instant's wall-clock time in the zone reads back as that instant, or as an earlier one that
 * shows the same wall clock (a repeated hour).
 */
function expectWallClockReadBack(timeZone: string, instantMs: number): void {
  const wallClock = wallClockIn(timeZone, instantMs);
  const result = toUtcInstant(wallClock, timeZone);
  expect(result.ok).toBe(true);
  const readBack = result.ok ? Date.parse(result.value) : Number.NaN;
  expect(readBack).toBeLessThanOrEqual(instantMs);
  expect(wallClockIn(timeZone, readBack)).toBe(wallClock);
}

describe("toUtcInstant: Kazakhstan's switch to UTC+5 (tzdata: Almaty and Qostanay went from +06 to +05 at 2024-03-01 00:00 local)", () => {
  it.each([
    ["2024-02-29T22:59", ALMATY, "2024-02-29T16:59:00.000Z", "last unambiguous minute at +06"],
    ["2024-02-29T23:00", ALMATY, "2024-02-29T17:00:00.000Z", "23:00–23:59 happened twice: the earlier (+06)"],
    ["2024-02-29T23:30", ALMATY, "2024-02-29T17:30:00.000Z", "ambiguous, the earlier instant"],
    ["2024-02-29T23:59:59.999", ALMATY, "2024-02-29T17:59:59.999Z", "ambiguous, the earlier instant"],
    ["2024-03-01T00:00", ALMATY, "2024-02-29T19:00:00.000Z", "first minute of March, +05"],
    ["2024-03-01T00:30", ALMATY, "2024-02-29T19:30:00.000Z", "unambiguous, +05"],
    ["2024-02-29T23:30", "Asia/Qostanay", "2024-02-29T17:30:00.000Z", "Qostanay switched at the same time"],
    ["2024-02-29T23:30", "Asia/Aqtobe", "2024-02-29T18:30:00.000Z", "Aqtobe was already +05"],
    ["2024-06-01T12:00", ALMATY, "2024-06-01T07:00:00.000Z", "after the switch"],
    ["2023-06-01T12:00", ALMATY, "2023-06-01T06:00:00.000Z", "before the switch"],
  ])("reads %s in %s as %s (%s)", (raw, timeZone, expected) => {
    // Act
    const instant = instantOf(raw, timeZone);

    // Assess
    expect(instant).toBe(expected);
  });

  it("reaches the second 23:30 of 29 February only with an explicit offset", () => {
    // Act
    const second = instantOf("2024-02-29T23:30+05:00", ALMATY);
    const first = instantOf("2024-02-29T23:30+06:00", ALMATY);

    // Assess
    expect(second).toBe("2024-02-29T18:30:00.000Z");
    expect(first).toBe("2024-02-29T17:30:00.000Z");
  });
});

describe("toUtcInstant: other transitions (rule: Temporal's 'compatible')", () => {
  it.each([
    [
      "2004-03-28T02:30",
      ALMATY,
      "2004-03-27T20:30:00.000Z",
      "skipped in Almaty's last DST start: moved forward",
    ],
    ["2004-10-31T02:30", ALMATY, "2004-10-30T19:30:00.000Z", "repeated at Almaty's last DST end: earlier"],
    ["2024-03-10T02:30", "America/New_York", "2024-03-10T07:30:00.000Z", "skipped: read as 03:30 EDT"],
    ["2024-11-03T01:30", "America/New_York", "2024-11-03T05:30:00.000Z", "repeated: 01:30 EDT, the earlier"],
    ["2024-10-06T02:15", "Australia/Lord_Howe", "2024-10-05T15:45:00.000Z", "30-minute DST gap"],
  ])("reads %s in %s as %s (%s)", (raw, timeZone, expected) => {
    // Act
    const instant = instantOf(raw, timeZone);

    // Assess
    expect(instant).toBe(expected);
  });
});

describe("toUtcInstant: offsets, fractions and syntax", () => {
  it.each([
    ["2024-05-01T10:00Z", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:05+05:00", "2024-05-01T05:00:05.000Z"],
    ["2024-05-01T10:00:05.5-03:30", "2024-05-01T13:30:05.500Z"],
    ["2024-05-01T10:00:05.123456789+00:00", "2024-05-01T10:00:05.123Z"],
    ["2024-05-01T10:00:05.9999999Z", "2024-05-01T10:00:05.999Z"],
    ["2024-05-01T10:00-00:00", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T00:00+14:00", "2024-04-30T10:00:00.000Z"],
    ["2024-05-01T00:00-14:00", "2024-05-01T14:00:00.000Z"],
    ["2024-12-31T23:59:59.999-01:00", "2025-01-01T00:59:59.999Z"],
    ["0000-01-01T00:00Z", "0000-01-01T00:00:00.000Z"],
    ["0099-06-15T12:00Z", "0099-06-15T12:00:00.000Z"],
  ])("converts %s to %s, whatever the zone", (raw, expected) => {
    // Act
    const instant = instantOf(raw, ALMATY);

    // Assess
    expect(instant).toBe(expected);
  });

  it.each([["+14:01"], ["-14:01"], ["+15:00"], ["+05:60"], ["-99:99"]])(
    "rejects the offset %s as time.offset",
    (offset) => {
      // Act
      const result = toUtcInstant(`2024-05-01T10:00${offset}`, ALMATY);

      // Assess
      expect(result).toMatchObject({ ok: false, code: "time.offset" });
    },
  );

  it.each([
    ["a space instead of T", "2024-05-01 10:00"],
    ["a lower-case t", "2024-05-01t10:00"],
    ["a lower-case z", "2024-05-01T10:00z"],
    ["no minutes", "2024-05-01T10"],
    ["a date only", "2024-05-01"],
    ["an offset without colon", "2024-05-01T10:00+0500"],
    ["an hours-only offset", "2024-05-01T10:00+05"],
    ["a comma fraction", "2024-05-01T10:00:00,5"],
    ["a fraction without seconds", "2024-05-01T10:00.5"],
    ["ten fraction digits", "2024-05-01T10:00:00.1234567890"],
    ["basic format", "20240501T1000"],
    ["a two-digit year", "24-05-01T10:00"],
    ["surrounding whitespace", " 2024-05-01T10:00 "],
    ["a zone name suffix", "2024-05-01T10:00[Asia/Almaty]"],
    ["full-width digits", "２０２４-05-01T10:00"],
    ["one-digit month", "2024-5-01T10:00"],
    ["empty", ""],
  ])("rejects %s as time.format", (_label, raw) => {
    // Act
    const result = toUtcInstant(raw, ALMATY);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "time.format" });
  });

  it.each([
    ["30 February", "2024-02-30T10:00"],
    ["29 February of a common year", "2023-02-29T10:00"],
    ["29 February 1900", "1900-02-29T10:00Z"],
    ["31 April", "2024-04-31T10:00"],
    ["month 13", "2024-13-01T10:00"],
    ["month 00", "2024-00-01T10:00"],
    ["day 00", "2024-01-00T10:00"],
    ["hour 24", "2024-05-01T24:00"],
    ["minute 60", "2024-05-01T10:60"],
    ["leap second 60", "2016-12-31T23:59:60Z"],
  ])("rejects %s as time.date", (_label, raw) => {
    // Act
    const result = toUtcInstant(raw, ALMATY);

    // Assess
    expect(result).toMatchObject({ ok: false, code: "time.date" });
  });

  it("accepts 29 February of a leap year", () => {
    // Act
    const instant = instantOf("2000-02-29T12:00Z", ALMATY);

    // Assess
    expect(instant).toBe("2000-02-29T12:00:00.000Z");
  });

  it.each([["0000-01-01T00:00+00:01"], ["9999-12-31T23:59-00:01"]])(
    "rejects %s, outside years 0000–9999 in UTC, as time.range",
    (raw) => {
      // Act
      const result = toUtcInstant(raw, ALMATY);

      // Assess
      expect(result).toMatchObject({ ok: false, code: "time.range" });
    },
  );

  it.each([["Asia/Nowhere"], [""], ["UTC+5"], ["+05:00"], ["Asia/Almaty\u0000"]])(
    "rejects the zone %j as time.zone, even when the time has an offset",
    (timeZone) => {
      // Act
      const withoutOffset = toUtcInstant("2024-05-01T10:00", timeZone);
      const withOffset = toUtcInstant("2024-05-01T10:00Z", timeZone);

      // Assess
      expect(withoutOffset).toMatchObject({ ok: false, code: "time.zone" });
      expect(withOffset).toMatchObject({ ok: false, code: "time.zone" });
    },
  );

  it("knows the zones Intl knows, including UTC and Kazakhstan's zones", () => {
    // Act
    const known = ["UTC", "Asia/Almaty", "Asia/Qostanay", "Asia/Aqtobe", "Asia/Aqtau", "Asia/Oral"].map(
      isKnownTimeZone,
    );

    // Assess
    expect(known).toEqual([true, true, true, true, true, true]);
    expect(isKnownTimeZone("Asia/Nowhere")).toBe(false);
  });

  it("does not echo the input in error messages", () => {
    // Act
    const result = toUtcInstant("2024-05-01 10:00 secret", ALMATY);

    // Assess
    expect(result.ok ? "" : result.message).not.toContain("secret");
  });
});

describe("toUtcInstant: properties", () => {
  const instantMs = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });
  /** Every zone of the catalogue, and zones whose transitions fall at a half or quarter hour. */
  const zones = fc.constantFrom(
    ...new Set(deploymentIds.map((id) => deployments[id].timeZone)),
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Asia/Kolkata",
  );

  it("reads back an instant written with any offset within ±14:00", () => {
    fc.assert(
      fc.property(instantMs, fc.integer({ min: -840, max: 840 }), (instant, offsetMinutes) => {
        // Prepare
        const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? "-" : "+";
        const offset = `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;

        // Act
        const result = toUtcInstant(`${local}${offset}`, ALMATY);

        // Assess
        expect(result).toEqual({ ok: true, value: new Date(instant).toISOString() });
      }),
      RUNS,
    );
  });

  it("reads a zone's wall-clock time back as that instant, or as the earlier one when the time repeats", () => {
    fc.assert(
      fc.property(instantMs, zones, (instant, timeZone) => {
        expectWallClockReadBack(timeZone, instant);
      }),
      RUNS,
    );
  });

  it("reads wall-clock times back in any order within days of a transition, where offsets are cached per hour", () => {
    // Transitions (UTC) of a zone; some fall inside a UTC hour, which must then not be cached whole.
    const transitions = fc.constantFrom<readonly [number, string]>(
      [Date.UTC(2024, 1, 29, 18), "Asia/Almaty"], // +06 → +05
      [Date.UTC(2024, 1, 29, 18), "Asia/Qostanay"],
      [Date.UTC(1991, 2, 30, 20), "Asia/Aqtobe"], // Kazakhstan's last DST spring
      [Date.UTC(2004, 9, 30, 21), "Asia/Oral"], // and its last autumn
      [Date.UTC(1924, 4, 1, 18, 52, 12), "Asia/Almaty"], // LMT +05:07:48 → +05, 18:52:12 UTC
      [Date.UTC(2025, 2, 9, 7), "America/New_York"],
      [Date.UTC(2025, 3, 5, 15), "Australia/Lord_Howe"], // half an hour back
      [Date.UTC(2025, 2, 9, 5, 30), "America/St_Johns"], // at 05:30 UTC
      [Date.UTC(1986, 0, 1, 18, 30), "Asia/Kathmandu"], // +05:30 → +05:45 at 18:30 UTC
    );
    const skew = fc.oneof(
      fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }),
      fc.integer({ min: -2 * 3_600_000, max: 2 * 3_600_000 }),
    );
    const aroundTransitions = fc.tuple(transitions, skew, fc.option(zones, { freq: 4 }));
    fc.assert(
      fc.property(aroundTransitions, ([[transition, zoneOfTransition], skewMs, otherZone]) => {
        const instant = transition + skewMs;
        expectWallClockReadBack(otherZone ?? zoneOfTransition, instant);
      }),
      { numRuns: 2_000 },
    );
  });

  it("returns the one instant of every wall-clock time around Almaty's 2024 switch, or the earlier of two", () => {
    const minuteOfTheNight = fc.integer({ min: 0, max: 4 * 60 - 1 });
    fc.assert(
      fc.property(minuteOfTheNight, (minute) => {
        // Prepare: local 2024-02-29 21:00 + minute
        const localAsUtc = Date.UTC(2024, 1, 29, 21, 0) + minute * 60_000;
        const local = new Date(localAsUtc).toISOString().slice(0, 16);
        const isRepeated = local >= "2024-02-29T23:00" && local < "2024-03-01T00:00";
        const hoursAhead = isRepeated || local < "2024-02-29T23:00" ? 6 : 5;

        // Act
        const result = toUtcInstant(local, ALMATY);

        // Assess
        expect(result).toEqual({
          ok: true,
          value: new Date(localAsUtc - hoursAhead * 3_600_000).toISOString(),
        });
      }),
      RUNS,
    );
  });
});

describe("isCalendarDate", () => {
  it.each([
    ["2024-02-29", true],
    ["2000-02-29", true],
    ["1900-02-29", false],
    ["2023-02-29", false],
    ["2024-02-30", false],
    ["2024-04-31", false],
    ["2024-12-31", true],
    ["2024-13-01", false],
    ["2024-00-10", false],
    ["2024-01-00", false],
    ["0000-01-01", true],
    ["9999-12-31", true],
    ["2024-1-01", false],
    ["24-01-01", false],
    ["2024-01-01T00:00", false],
    [" 2024-01-01", false],
    ["2024/01/01", false],
    ["２０２４-01-01", false],
    ["", false],
  ])("says %j is a calendar date: %s", (raw, expected) => {
    // Act
    const isDate = isCalendarDate(raw);

    // Assess
    expect(isDate).toBe(expected);
  });

  it("agrees with an independent day count for every year, month and day number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          // Prepare
          const written = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          const expected = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonthOf(year, month);

          // Act
          const isDate = isCalendarDate(written);

          // Assess
          expect(isDate).toBe(expected);
        },
      ),
      RUNS,
    );
  });
});

describe("isPlausibleBirthDate", () => {
  it.each([
    ["1990-01-01", "2026-11-01", true],
    ["2026-11-01", "2026-11-01", true],
    ["2026-11-02", "2026-11-01", false],
    ["1900-01-01", "2026-11-01", true],
    ["1899-12-31", "2026-11-01", false],
    ["1990-02-30", "2026-11-01", false],
    ["1990-01-01", "not a date", false],
  ])("says %s is plausible on %s: %s", (date, today, expected) => {
    // Act
    const plausible = isPlausibleBirthDate(date, today);

    // Assess
    expect(plausible).toBe(expected);
  });
});
