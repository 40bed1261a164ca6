/**
 * Calendar months `YYYY-MM` on a deployment's clocks: the monthly lists and the statistics count by
 * the month a notification happened in where it happened, not by UTC (in Almaty the first five hours
 * of a month are still the previous month in UTC).
 */
import { toUtcInstant } from "../normalise/times.ts";
import { localDateOf } from "../queries/dates.ts";

/** `YYYY-MM`, months 01–12. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
  return typeof value === "string" && MONTH_PATTERN.test(value);
}

/** The month `offset` months after `month` (before it when negative). */
export function addMonths(month: string, offset: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + offset;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included, in order (empty when `to` is earlier). */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The month a UTC instant falls in on the clocks of `timeZone` (an IANA zone). */
export function monthOf(instant: string, timeZone: string): string {
  return localDateOf(instant, timeZone).slice(0, 7);
}

/** The month before the one `now` falls in on the clocks of `timeZone`: what a run on the 1st builds. */
export function previousMonth(now: Date, timeZone: string): string {
  return addMonths(monthOf(now.toISOString(), timeZone), -1);
}

/** A half-open period of UTC instants `[from, to)`. */
export interface InstantPeriod {
  readonly from: string;
  readonly to: string;
}

function startOf(month: string, timeZone: string): string {
  const start = toUtcInstant(`${month}-01T00:00`, timeZone);
  if (!start.ok) throw new RangeError(`no start of ${month} in ${timeZone}: ${start.message}`);
  return start.value;
}

/** From local midnight of the 1st of `from` to local midnight of the 1st after `to`, as UTC instants. */
export function periodOfMonths(from: string, to: string, timeZone: string): InstantPeriod {
  return { from: startOf(from, timeZone), to: startOf(addMonths(to, 1), timeZone) };
}

/**
 * The UTC months a period touches: the partitions of an index keyed by UTC month that hold it (the
 * period's end is excluded).
 */
export function utcMonthsOf(period: InstantPeriod): string[] {
  const last = new Date(Date.parse(period.to) - 1).toISOString();
  return monthsFrom(period.from.slice(0, 7), last.slice(0, 7));
}
