/**
 * The observability every function starts with, declared once. Apart from `observability.ts` (which
 * constructs the Powertools utilities) so that tests and benchmarks give a function's app their own.
 * X-Ray is Lambda's active tracing, without a tracing SDK in the bundle (docs/decisions/performance.md).
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * A Middy handler whose outermost middlewares are the logger's Lambda context (keys reset per
 * invocation) and the metrics (flushed after every invocation, cold start counted). Outermost, so
 * that their `onError` runs after every other middleware's.
 */
export function observedHandler<TEvent, TResult>({ logger, metrics }: Observability) {
  return middy<TEvent, TResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
