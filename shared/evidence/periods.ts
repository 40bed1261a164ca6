/**
 * Which periods a checkpoint run closes. Periods are `interval` long, one after the other from the
 * first checkpoint's start, which lies on the interval's grid (10:00, 10:05, …); a period is closed
 * only once it ended at least `settle` ago, so that the writes stamped inside it (a request's
 * `receivedAt` precedes its write by up to the function's timeout; an index lags its table) are all
 * readable. A run that finds several periods due (after an outage) closes them all, oldest first, up
 * to `maxPeriods`; a run that finds none does nothing, which makes a repeated run harmless.
 */
import type { Checkpoint } from "./checkpoint.ts";

export interface PeriodPlan {
  /** The deployment's last checkpoint, or null before its first. */
  readonly latest: Pick<Checkpoint, "to"> | null;
  readonly now: Date;
  readonly intervalMs: number;
  readonly settleMs: number;
  readonly maxPeriods: number;
}

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The periods due, oldest first: each starts where the one before ended. */
export function periodsDue(plan: PeriodPlan): Period[] {
  const { intervalMs } = plan;
  if (!(Number.isSafeInteger(intervalMs) && intervalMs > 0))
    throw new RangeError("the interval must be positive");
  const closable = plan.now.getTime() - plan.settleMs;
  // The first period is the last whole one on the grid that may close now.
  let from =
    plan.latest === null
      ? Math.floor(closable / intervalMs) * intervalMs - intervalMs
      : Date.parse(plan.latest.to);
  const periods: Period[] = [];
  while (periods.length < plan.maxPeriods && from + intervalMs <= closable) {
    periods.push({ from: new Date(from).toISOString(), to: new Date(from + intervalMs).toISOString() });
    from += intervalMs;
  }
  return periods;
}
