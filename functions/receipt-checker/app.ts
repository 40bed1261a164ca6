import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import { metricDimensions, metricNames } from "../../shared/wiring/metrics.ts";
import { type CheckReceiptsDependencies, type CheckSummary, checkReceipts } from "./check-receipts.ts";

export interface ReceiptCheckerDependencies extends CheckReceiptsDependencies, Observability {}

/** What the schedule sends (nothing the checker needs), or an operator's `{ "recheckFrom": "<ISO instant>" }`. */
function recheckFromOf(event: unknown): Date | undefined {
  if (event === null || typeof event !== "object" || !("recheckFrom" in event)) return undefined;
  const value = event.recheckFrom;
  const instant = typeof value === "string" ? new Date(value) : undefined;
  if (instant === undefined || Number.isNaN(instant.getTime()))
    throw new TypeError("recheckFrom must be an ISO instant");
  return instant;
}

/**
 * The scheduled receipt checker (every minute): checks the deadlines that fell since its last run and
 * counts the receipts newly overdue per unit (the alarms' metric) and those newly escalated to kpd; every
 * run reports how far behind its clock the checked span ends (a checker catching up, or stopped).
 */
export function createReceiptCheckerHandler(deps: ReceiptCheckerDependencies) {
  const { logger, metrics } = deps;
  return observedHandler<unknown, CheckSummary>(deps).handler(async (event) => {
    const summary = await checkReceipts(deps, { recheckFrom: recheckFromOf(event) });
    const lagSeconds = (deps.now().getTime() - Date.parse(summary.checkedUntil)) / 1000;
    metrics.addMetric(metricNames.receiptCheckLagSeconds, MetricUnit.Seconds, Math.max(0, lagSeconds));
    const raised = summary.escalations.filter((escalation) => escalation.status === "stored");
    // Overdue: one data point per unit, which its alarm watches. Escalated: one for the run, all units
    // together (each escalation names its unit to duty and imc; a per-unit count would be 11 metrics).
    const overdueByUnit = new Map<string, number>();
    let escalated = 0;
    for (const { unit, level } of raised) {
      if (level === "first") overdueByUnit.set(unit, (overdueByUnit.get(unit) ?? 0) + 1);
      else escalated += 1;
    }
    for (const [unit, count] of overdueByUnit) {
      metrics
        .singleMetric()
        .addDimension(metricDimensions.unit, unit)
        .addMetric(metricNames.receiptsOverdue, MetricUnit.Count, count);
    }
    if (escalated > 0) metrics.addMetric(metricNames.receiptsEscalated, MetricUnit.Count, escalated);
    logger.info("receipts checked", {
      checkedFrom: summary.checkedFrom,
      checkedUntil: summary.checkedUntil,
      escalated: raised.length,
      alreadyEscalated: summary.escalations.length - raised.length,
    });
    return summary;
  });
}
