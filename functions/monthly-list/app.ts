import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import { buildMonthlyList, type MonthlyListDependencies, type MonthlyListRun } from "./build-monthly-list.ts";

export interface MonthlyListHandlerDependencies extends MonthlyListDependencies, Observability {}

/**
 * The monthly list run: by its schedule on the 1st (EventBridge Scheduler, input `{}`: the month just
 * ended), or by hand with `{ "month": "YYYY-MM" }`. Logs the month, counts and outcome, never a row.
 * A failure fails the invocation: the schedule retries it, then parks it in its dead-letter queue.
 */
export function createMonthlyListHandler(deps: MonthlyListHandlerDependencies) {
  const { logger } = deps;
  return observedHandler<unknown, MonthlyListRun>(deps).handler(async (event) => {
    const run = await buildMonthlyList(event, deps);
    logger.info("monthly list built", {
      month: run.month,
      status: run.status,
      notificationId: run.notificationId,
      ...run.counts,
    });
    return run;
  });
}
