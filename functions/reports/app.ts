import { MetricUnit } from "@aws-lambda-powertools/metrics";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import type { ReportsAcceptedBody } from "../../shared/api/responses.ts";
import { unitCaller } from "../../shared/http/iam-caller.ts";
import {
  bodySizeLimit,
  countRequests,
  jsonErrors,
  jsonResponse,
  parseJsonBody,
  requestIdOf,
  requireJsonContentType,
} from "../../shared/http/middlewares.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type AcceptReportsDependencies, acceptReportsRequest } from "./accept-reports-request.ts";

export interface ReportsDependencies extends AcceptReportsDependencies, Observability {}

/**
 * `POST /v1/reports`, after API Gateway's IAM authorization: normalise headers → a unit's role of this
 * deployment (403) → size (413) → content type (415) → JSON (400) → contract, filing unit (403),
 * region, quota (429), normalise and store (422 / 503) → 202.
 */
export function createReportsHandler(deps: ReportsDependencies) {
  const { logger, metrics } = deps;
  return (
    observedHandler<APIGatewayProxyEvent, APIGatewayProxyResult>(deps)
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
      .use(countRequests({ metrics }))
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
      .use(requireJsonContentType())
      .use(parseJsonBody())
      // Invoked with API Gateway's event; the middlewares above have added `caller` and `jsonBody`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const started = performance.now();
        const results = await acceptReportsRequest(event.caller, event.jsonBody, deps);
        const stored = results.filter((r) => r.status === "stored").length;
        metrics.addMetric(metricNames.accepted, MetricUnit.Count, stored);
        metrics.addMetric(metricNames.duplicates, MetricUnit.Count, results.length - stored);
        metrics.addMetric(metricNames.ingestLatency, MetricUnit.Milliseconds, performance.now() - started);
        logger.info("reports accepted", {
          reports: results.length,
          stored,
          duplicates: results.length - stored,
        });
        const body: ReportsAcceptedBody = { requestId: requestIdOf(event, context), results };
        return jsonResponse(202, body);
      })
  );
}
