/**
 * What every JSON API function of the hub (feeds, reports) does around its own steps: observability
 * outermost, the hub's error body (each refusal logged with its code and status), normalised headers;
 * and the 202 that counts what was stored. Requests, refusals and latency are not counted here: API
 * Gateway's per-API Count, 4XXError and IntegrationLatency and Lambda's Duration say it for free.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { type Observability, observedHandler } from "../adapters/observed-handler.ts";
import { metricNames } from "../wiring/metrics.ts";
import { jsonErrors, jsonResponse } from "./middlewares.ts";

export function jsonApiHandler(observability: Observability) {
  return observedHandler<APIGatewayProxyEvent, APIGatewayProxyResult>(observability)
    .use(jsonErrors({ logger: observability.logger }))
    .use(httpHeaderNormalizer());
}

/** 202 with every record's outcome, after counting the stored and the duplicates. */
export function acceptedResponse<Outcome extends { readonly status: "stored" | "duplicate" }>(
  { logger, metrics }: Observability,
  accepted: {
    readonly requestId: string;
    readonly results: Outcome[];
    /** What the log line says was accepted, and under which key it counts them. */
    readonly log: { readonly message: string; readonly countKey: "records" | "reports" };
  },
): APIGatewayProxyResult {
  const { requestId, results, log } = accepted;
  const stored = results.filter((r) => r.status === "stored").length;
  metrics.addMetric(metricNames.accepted, MetricUnit.Count, stored);
  metrics.addMetric(metricNames.duplicates, MetricUnit.Count, results.length - stored);
  logger.info(log.message, { [log.countKey]: results.length, stored, duplicates: results.length - stored });
  return jsonResponse(202, { requestId, results });
}
