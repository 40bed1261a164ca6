import { MetricUnit } from "@aws-lambda-powertools/metrics";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { type Observability, observedHandler } from "../../shared/adapters/observed-handler.ts";
import type { WebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import type { AcceptedBody } from "../../shared/api/responses.ts";
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
import { type AcceptFeedDependencies, acceptFeedRequest } from "./accept-feed-request.ts";
import { feedSourceRoute, webhookSignature } from "./middlewares.ts";

export interface IngestDependencies extends AcceptFeedDependencies, Observability {
  readonly keyring: WebhookKeyring;
}

/**
 * `POST /v1/feeds/{source}`: normalise headers → known source (404) → size (413) → signature (401)
 * → content type (415) → JSON (400) → contract, region, normalise and store (422 / 503) → 202.
 * Size comes before the signature so an oversize body is refused before it is hashed.
 */
export function createIngestHandler(deps: IngestDependencies) {
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
      .use(feedSourceRoute({ logger }))
      .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
      .use(webhookSignature({ keyring: deps.keyring, metrics }))
      .use(requireJsonContentType())
      .use(parseJsonBody())
      // Invoked with API Gateway's event; the middlewares above have added `feedSource` and `jsonBody`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const started = performance.now();
        const results = await acceptFeedRequest(event.feedSource, event.jsonBody, deps);
        const stored = results.filter((r) => r.status === "stored").length;
        metrics.addMetric(metricNames.accepted, MetricUnit.Count, stored);
        metrics.addMetric(metricNames.duplicates, MetricUnit.Count, results.length - stored);
        metrics.addMetric(metricNames.ingestLatency, MetricUnit.Milliseconds, performance.now() - started);
        logger.info("request accepted", {
          records: results.length,
          stored,
          duplicates: results.length - stored,
        });
        const body: AcceptedBody = { requestId: requestIdOf(event, context), results };
        return jsonResponse(202, body);
      })
  );
}
