/** Calendar-date arithmetic for the queries: dates stay `YYYY-MM-DD` strings, which compare correctly. */
import { timeZoneOf } from "../catalogue/index.ts";
import type { CanonicalNotification } from "../notification.ts";

const DAY_MS = 86_400_000;
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of a UTC instant on the clocks of `timeZone` (an IANA zone). */
export function localDateOf(instant: string, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (formatter === undefined) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

/** The date a notification happened on, on the clocks of its region. */
export function occurredOn(notification: CanonicalNotification): string {
  return localDateOf(notification.occurredAt, timeZoneOf(notification.region));
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
