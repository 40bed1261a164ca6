/**
 * What every JSON API function of the hub (feeds, reports) does around its own steps: observability
 * outermost, the hub's error body with each refusal counted by code and status, normalised headers,
 * every request counted; and the 202 that counts what was stored.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { type Observability, observedHandler } from "../adapters/observed-handler.ts";
import { metricNames } from "../wiring/metrics.ts";
import { countRequests, jsonErrors, jsonResponse } from "./middlewares.ts";

export function jsonApiHandler(observability: Observability) {
  const { logger, metrics } = observability;
  return observedHandler<APIGatewayProxyEvent, APIGatewayProxyResult>(observability)
    .use(
      jsonErrors({
        logger,
        onRejected: (code, status) =>
          metrics
            .singleMetric()
            .addDimension("code", code)
            .addDimension("status", String(status))
            .addMetric(metricNames.rejected, MetricUnit.Count, 1),
      }),
    )
    .use(httpHeaderNormalizer())
    .use(countRequests({ metrics }));
}

/** 202 with every record's outcome, after counting the stored and the duplicates and the latency. */
export function acceptedResponse<Outcome extends { readonly status: "stored" | "duplicate" }>(
  { logger, metrics }: Observability,
  accepted: {
    readonly requestId: string;
    readonly results: Outcome[];
    readonly startedAt: number;
    /** What the log line says was accepted, and under which key it counts them. */
    readonly log: { readonly message: string; readonly countKey: "records" | "reports" };
  },
): APIGatewayProxyResult {
  const { requestId, results, startedAt, log } = accepted;
  const stored = results.filter((r) => r.status === "stored").length;
  metrics.addMetric(metricNames.accepted, MetricUnit.Count, stored);
  metrics.addMetric(metricNames.duplicates, MetricUnit.Count, results.length - stored);
  metrics.addMetric(metricNames.ingestLatency, MetricUnit.Milliseconds, performance.now() - startedAt);
  logger.info(log.message, { [log.countKey]: results.length, stored, duplicates: results.length - stored });
  return jsonResponse(202, { requestId, results });
}
