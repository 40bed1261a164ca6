import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";
import { type CheckpointDependencies, type CheckpointRun, makeCheckpoints } from "./make-checkpoints.ts";

export interface CheckpointHandlerDependencies extends CheckpointDependencies, Observability {}

/** What a run reports: sequences and periods only, never a leaf (leaves name notifications). */
function summaryOf(run: CheckpointRun) {
  const first = run.appended[0];
  const last = run.appended.at(-1);
  return {
    appended: run.appended.length,
    ...(first === undefined || last === undefined
      ? {}
      : { sequences: [first.sequence, last.sequence], from: first.from, to: last.to }),
    lostRace: run.lostRace,
    skipped: run.skipped,
    lagSeconds: Math.round(run.lagMs / 1000),
  };
}

/**
 * The scheduled checkpoint run (EventBridge Scheduler; its event carries nothing the run needs):
 * closes the periods due and reports how far behind the chain is, which the "checkpoints stopped"
 * alarm watches.
 */
export function createCheckpointHandler(deps: CheckpointHandlerDependencies) {
  const { logger, metrics } = deps;
  return observedHandler<unknown, ReturnType<typeof summaryOf>>(deps).handler(async () => {
    const run = await makeCheckpoints(deps);
    const summary = summaryOf(run);
    metrics.addMetric(metricNames.checkpointLagSeconds, MetricUnit.Seconds, summary.lagSeconds);
    metrics.addMetric(metricNames.checkpointSkippedRecords, MetricUnit.Count, run.skipped);
    if (run.skipped > 0) logger.warn("stored records left out of the evidence log", summary);
    else logger.info("checkpoint run", summary);
    return summary;
  });
}
