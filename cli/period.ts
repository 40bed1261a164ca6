import type { ReceiptPeriod } from "../shared/adapters/dynamodb/received-notifications.ts";
import { UsageError } from "./command.ts";

/** `2026-11-29` (midnight UTC) or an ISO date-time with its zone (`Z` or `+05:00`). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function requireTime(flag: string, value: string | undefined): Date {
  if (value === undefined)
    throw new UsageError(`say from when to when (--from and --to); --${flag} is missing`);
  const time = new Date(value);
  if (!ISO_TIME.test(value) || Number.isNaN(time.getTime()))
    throw new UsageError(
      `--${flag} must be an ISO date or date-time with its zone, e.g. 2026-11-29T10:00:00Z`,
    );
  return time;
}

/** The period of receipt that `--from` (included) and `--to` (excluded) name. */
export function requirePeriod(flags: { readonly from?: string; readonly to?: string }): ReceiptPeriod {
  const period = { from: requireTime("from", flags.from), to: requireTime("to", flags.to) };
  if (period.from >= period.to) throw new UsageError("--to must come after --from");
  return period;
}
