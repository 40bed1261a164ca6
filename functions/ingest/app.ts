import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { APIGatewayProxyResult, Context } from "aws-lambda";
import type { WebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import { MAX_BODY_BYTES } from "../../shared/api/limits.ts";
import type { AcceptedBody } from "../../shared/api/responses.ts";
import { type FeedSourceId, feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import { HttpError } from "../../shared/http/http-error.ts";
import {
  bodySizeLimit,
  type JsonBodyEvent,
  jsonErrors,
  jsonResponse,
  parseJsonBody,
  rawBodyOf,
  requestIdOf,
  requireJsonContentType,
} from "../../shared/http/middlewares.ts";
import { verifyWebhookSignature } from "../../shared/http/webhook-signature.ts";
import { metricNames } from "../../shared/metrics.ts";
import { type AcceptFeedDependencies, acceptFeedRequest } from "./accept-feed-request.ts";

export interface IngestDependencies extends AcceptFeedDependencies {
  readonly keyring: WebhookKeyring;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer?: Tracer;
}

interface FeedEvent extends JsonBodyEvent {
  feedSource?: FeedSourceId;
}

function isFeedSource(value: string | undefined): value is FeedSourceId {
  return (feedSourceIds as readonly (string | undefined)[]).includes(value);
}

/**
 * The API has one resource per source (`/v1/feeds/kqp`, for per-source throttling) and a catch-all
 * `/v1/feeds/{source}` that answers unknown sources in the hub's error format.
 */
function feedSourceOfRoute(event: FeedEvent): string | undefined {
  return event.pathParameters?.source ?? event.resource.split("/").pop();
}

/**
 * `POST /v1/feeds/{source}`: normalise headers → known source (404) → size (413) → signature (401)
 * → content type (415) → JSON (400) → contract, region, normalise and store (422 / 503) → 202.
 * Size comes before the signature so an oversize body is refused before it is hashed.
 */
export function createIngestHandler(deps: IngestDependencies) {
  const { logger, metrics } = deps;
  const handler = middy<FeedEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  if (deps.tracer !== undefined) handler.use(captureLambdaHandler(deps.tracer, { captureResponse: false }));
  return handler
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
    .use({
      before(request) {
        metrics.addMetric(metricNames.requests, MetricUnit.Count, 1);
        const source = feedSourceOfRoute(request.event);
        if (!isFeedSource(source)) {
          throw new HttpError(
            404,
            "source.unknown",
            `Unknown feed source. Known sources: ${feedSourceIds.join(", ")}.`,
          );
        }
        request.event.feedSource = source;
        logger.appendKeys({ source, requestId: requestIdOf(request.event, request.context) });
      },
    })
    .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
    .use({
      async before(request) {
        const source = request.event.feedSource as FeedSourceId;
        const keys = await deps.keyring.keysFor(source);
        const check = verifyWebhookSignature(rawBodyOf(request.event), request.event.headers, keys);
        if (!check.ok) throw new HttpError(401, check.code, check.message);
      },
    })
    .use(requireJsonContentType())
    .use(parseJsonBody())
    .handler(async (event, context) => {
      const started = performance.now();
      const results = await acceptFeedRequest(event.feedSource as FeedSourceId, event.jsonBody, deps);
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
    });
}
