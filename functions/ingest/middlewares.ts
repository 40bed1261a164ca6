/**
 * The middlewares peculiar to the feed route. Like those of `shared/http/middlewares.ts`, each is a
 * factory; each declares the event it leaves behind, so the handler reads `event.feedSource` typed.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import type { WebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import { type FeedSourceId, feedSourceIds, isFeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { HttpError } from "../../shared/http/http-error.ts";
import { rawBodyOf, requestIdOf } from "../../shared/http/middlewares.ts";
import { verifyWebhookSignature } from "../../shared/http/webhook-signature.ts";
import { FEEDS_PATH } from "../../shared/wiring/feed-route.ts";
import { metricDimensions, metricNames } from "../../shared/wiring/metrics.ts";

/** The event once `feedSourceRoute` has run: the feed source the request was posted to. */
export interface FeedSourceEvent extends APIGatewayProxyEvent {
  feedSource: FeedSourceId;
}

type FeedSourceMiddleware = MiddlewareObj<FeedSourceEvent, APIGatewayProxyResult, Error, Context>;

/** Where a source's own resource starts: `/v1/feeds/` (then `kqp`). */
const SOURCE_RESOURCE_PREFIX = `${FEEDS_PATH}/`;

/**
 * 404 unless the request came through a feed source's own resource (`/v1/feeds/kqp`), where the API
 * applies that source's IP allow-list and throttling. The catch-all `/v1/feeds/{source}` answers
 * the paths no source's resource matches in the hub's error format; a known source's name can reach
 * it too (percent-encoded, say), so whatever its path parameter says, it never leads further.
 * Logs carry the source and the request id from here on.
 */
export function feedSourceRoute(options: { logger: Logger }): FeedSourceMiddleware {
  return {
    before(request) {
      const { event } = request;
      const source = event.resource.startsWith(SOURCE_RESOURCE_PREFIX)
        ? event.resource.slice(SOURCE_RESOURCE_PREFIX.length)
        : undefined;
      if (!isFeedSourceId(source)) {
        throw new HttpError(
          404,
          "source.unknown",
          `Unknown feed source. Known sources: ${feedSourceIds.join(", ")}.`,
        );
      }
      event.feedSource = source;
      options.logger.appendKeys({ source, requestId: requestIdOf(event, request.context) });
    },
  };
}

/**
 * 401 unless a Standard Webhooks signature of the raw body matches an active key of the feed source.
 * Each refusal counts in `signatureFailures` by source: a broken rotation, a skewed clock or probing
 * raises that source's alarm.
 */
export function webhookSignature(options: {
  keyring: WebhookKeyring;
  metrics: Metrics;
}): FeedSourceMiddleware {
  return {
    async before({ event }) {
      const keys = await options.keyring.keysFor(event.feedSource);
      const check = verifyWebhookSignature(rawBodyOf(event), event.headers, keys);
      if (!check.ok) {
        options.metrics
          .singleMetric()
          .addDimension(metricDimensions.source, event.feedSource)
          .addMetric(metricNames.signatureFailures, MetricUnit.Count, 1);
        throw new HttpError(401, check.code, check.message);
      }
    },
  };
}
