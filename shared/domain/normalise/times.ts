import type { Normalised } from "./index.ts";

/**
 * ISO 8601 date-time → UTC instant `YYYY-MM-DDTHH:mm:ss.sssZ`. With an offset, the offset is used;
 * without one, the time is local time in `timeZone` (an IANA zone, e.g. `Asia/Almaty`).
 */
export function toUtcInstant(_raw: string, _timeZone: string): Normalised<string> {
  throw new Error("not implemented yet");
}

/** True for a real calendar date written `YYYY-MM-DD` (birth dates stay dates, never instants). */
export function isCalendarDate(_raw: string): boolean {
  throw new Error("not implemented yet");
}
