import type { Normalised } from "./results.ts";

/**
 * The one accepted date-time syntax (ISO 8601 extended format, strict):
 * `YYYY-MM-DDTHH:mm`, optionally `:ss`, optionally `.fraction` (1–9 digits, only after seconds),
 * then `Z`, `±HH:MM` or nothing. Upper-case `T` and `Z` only; no space instead of `T`, no comma
 * decimal sign, no `±HHMM` / `±HH` offsets, no hour 24, no leap second 60.
 */
const LOCAL_DATE_TIME =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const CALENDAR_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Largest UTC offset accepted (±14:00, the widest in use: Pacific/Kiritimati). */
const MAX_OFFSET_MINUTES = 14 * 60;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Instants whose UTC year has four digits: the output format has no room for more. */
const EARLIEST_INSTANT_MS = utcMs(0, 1, 1, 0, 0, 0, 0);
const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * True only for a real date written `YYYY-MM-DD` (ASCII digits, proleptic Gregorian calendar,
 * years 0000–9999, leap years by the 4/100/400 rule). Birth dates stay dates, never instants.
 */
export function isCalendarDate(raw: string): boolean {
  if (typeof raw !== "string") {
    return false;
  }
  const match = CALENDAR_DATE.exec(raw);
  if (match === null) {
    return false;
  }
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Earliest birth date considered plausible for a living person in a notification. */
export const EARLIEST_PLAUSIBLE_BIRTH_DATE = "1900-01-01";

/**
 * True when `date` is a calendar date from {@link EARLIEST_PLAUSIBLE_BIRTH_DATE} up to `today`
 * inclusive (both `YYYY-MM-DD`; `today` is a parameter so the check stays pure). False when either
 * is not a calendar date.
 */
export function isPlausibleBirthDate(date: string, today: string): boolean {
  // Same-length ISO dates compare correctly as strings.
  return (
    isCalendarDate(date) && isCalendarDate(today) && date >= EARLIEST_PLAUSIBLE_BIRTH_DATE && date <= today
  );
}

/** Time-zone validation and wall-clock formatters, cached per zone name (valid zones only, bounded). */
const MAX_CACHED_ZONES = 64;
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

export function wallClockFormatter(timeZone: string): Intl.DateTimeFormat | undefined {
  const cached = wallClockFormatters.get(timeZone);
  if (cached !== undefined) {
    return cached;
  }
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
  } catch {
    // RangeError for a zone Intl does not know.
    return undefined;
  }
  if (wallClockFormatters.size < MAX_CACHED_ZONES) {
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA time-zone name (or alias) that this runtime's ICU knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  return typeof timeZone === "string" && timeZone !== "" && wallClockFormatter(timeZone) !== undefined;
}

const HOUR_MS = 3_600_000;
/** Hours cached per zone before the zone's cache starts afresh (a day of traffic reads a few dozen). */
const MAX_CACHED_HOURS = 4096;
const offsetsByHour = new WeakMap<Intl.DateTimeFormat, Map<number, number>>();

/**
 * The zone's UTC offset in ms at an instant, cached per UTC hour: a local time costs four reads of
 * `formatToParts` (≈ 3 µs each), and the times of a request fall in a few hours. An hour is cached only
 * when the offset at its first and its last second agree, i.e. when no transition falls inside it (a
 * zone never changes offset twice within one hour); an hour holding a transition — at a half or
 * quarter hour, or an LMT offset with seconds — is computed second by second, as before.
 */
function offsetAt(formatter: Intl.DateTimeFormat, instantMs: number): number {
  let hours = offsetsByHour.get(formatter);
  if (hours === undefined) {
    hours = new Map();
    offsetsByHour.set(formatter, hours);
  }
  const hour = Math.floor(instantMs / HOUR_MS);
  const cached = hours.get(hour);
  if (cached !== undefined) return cached;
  const start = hour * HOUR_MS;
  const offset = offsetAtSecond(formatter, start);
  if (offsetAtSecond(formatter, start + HOUR_MS - 1000) !== offset)
    return offsetAtSecond(formatter, instantMs);
  if (hours.size >= MAX_CACHED_HOURS) hours.clear();
  hours.set(hour, offset);
  return offset;
}

/** The zone's UTC offset in ms at an instant (wall clock minus UTC; seconds precision, as ICU gives). */
function offsetAtSecond(formatter: Intl.DateTimeFormat, instantMs: number): number {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  let isBeforeCommonEra = false;
  for (const part of formatter.formatToParts(wholeSecondMs)) {
    if (part.type === "era") {
      isBeforeCommonEra = part.value.startsWith("B");
    } else if (part.type !== "literal") {
      fields[part.type] = Number(part.value);
    }
  }
  const year = fields.year ?? 0;
  const wallClockAsUtc = utcMs(
    isBeforeCommonEra ? 1 - year : year,
    fields.month ?? 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
    0,
  );
  return wallClockAsUtc - wholeSecondMs;
}

/** Date.UTC without its two-digit-year quirk (years 0–99 would become 1900–1999). */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

/**
 * The instant of a wall-clock time in a zone. Rule for the times a transition makes ambiguous or
 * impossible — the same as Temporal's `disambiguation: "compatible"` (and java.time, moment-timezone):
 * - repeated local time (clocks went back): the EARLIER of the two instants;
 * - skipped local time (clocks went forward): the time is moved forward by the length of the gap,
 *   i.e. read with the offset in force before the transition.
 * The candidates come from the offsets one day before and one day after: real zones never change
 * offset twice within two days.
 */
function instantOfWallClock(formatter: Intl.DateTimeFormat, wallClockAsUtc: number): number {
  const offsetBefore = offsetAt(formatter, wallClockAsUtc - DAY_MS);
  const offsetAfter = offsetAt(formatter, wallClockAsUtc + DAY_MS);
  const candidates = [wallClockAsUtc - offsetBefore, wallClockAsUtc - offsetAfter].filter(
    (instant) => wallClockAsUtc - offsetAt(formatter, instant) === instant,
  );
  if (candidates.length === 0) {
    return wallClockAsUtc - offsetBefore;
  }
  return Math.min(...candidates);
}

/**
 * ISO 8601 date-time → UTC instant `YYYY-MM-DDTHH:mm:ss.sssZ` (fractions beyond milliseconds are
 * truncated). Syntax: see {@link LOCAL_DATE_TIME}; anything else → `time.format`. Feb 30, month 13,
 * hour 24, minute or second 60 → `time.date`. With `Z` or an offset (at most ±14:00, minutes < 60,
 * else `time.offset`) the offset is used; `-00:00` is read as UTC. Without an offset the time is
 * local time in `timeZone`, an IANA zone such as `Asia/Almaty` (unknown zone → `time.zone`, checked
 * even when the input carries an offset, as it signals a configuration error); ambiguous and
 * skipped local times: see {@link instantOfWallClock}. A result outside years 0000–9999 UTC →
 * `time.range`.
 */
export function toUtcInstant(raw: string, timeZone: string): Normalised<string> {
  const formatter =
    typeof timeZone === "string" && timeZone !== "" ? wallClockFormatter(timeZone) : undefined;
  if (formatter === undefined) {
    return { ok: false, code: "time.zone", message: "The time zone is not a known IANA time-zone name." };
  }
  const match = typeof raw === "string" ? LOCAL_DATE_TIME.exec(raw) : null;
  if (match === null) {
    return {
      ok: false,
      code: "time.format",
      message:
        "The time must be an ISO 8601 date-time YYYY-MM-DDTHH:mm[:ss[.fraction]] with Z, ±HH:MM or no offset.",
    };
  }
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fractionText, offsetText] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? "0");
  // Truncate to milliseconds: rounding up could carry into the next second, minute… or year.
  const millisecond = Number((fractionText ?? "").padEnd(3, "0").slice(0, 3));
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return {
      ok: false,
      code: "time.date",
      message: "The date-time names a day or time of day that does not exist.",
    };
  }
  const wallClockAsUtc = utcMs(year, month, day, hour, minute, second, millisecond);
  let instantMs: number;
  if (offsetText === undefined) {
    instantMs = instantOfWallClock(formatter, wallClockAsUtc);
  } else {
    const offsetMinutes = parseOffsetMinutes(offsetText);
    if (offsetMinutes === undefined) {
      return {
        ok: false,
        code: "time.offset",
        message: "The UTC offset must be Z or ±HH:MM between -14:00 and +14:00.",
      };
    }
    instantMs = wallClockAsUtc - offsetMinutes * MINUTE_MS;
  }
  if (!(instantMs >= EARLIEST_INSTANT_MS && instantMs <= LATEST_INSTANT_MS)) {
    return {
      ok: false,
      code: "time.range",
      message: "The instant falls outside the years 0000–9999 in UTC.",
    };
  }
  return { ok: true, value: new Date(instantMs).toISOString() };
}

function parseOffsetMinutes(offsetText: string): number | undefined {
  if (offsetText === "Z") {
    return 0;
  }
  const sign = offsetText.startsWith("-") ? -1 : 1;
  const hours = Number(offsetText.slice(1, 3));
  const minutes = Number(offsetText.slice(4, 6));
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > MAX_OFFSET_MINUTES) {
    return undefined;
  }
  return sign * total;
}
