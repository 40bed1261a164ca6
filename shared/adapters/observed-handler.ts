/**
 * The observability every function starts with, declared once. Apart from `observability.ts` (which
 * constructs the Powertools utilities) so that importing a function's app loads no Tracer, whose
 * X-Ray SDK installs async hooks every promise of the process then pays for.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Absent in tests and benchmarks that run a function in-process. */
  readonly tracer?: Tracer;
}

/**
 * A Middy handler whose outermost middlewares are the logger's Lambda context (keys reset per
 * invocation), the metrics (flushed after every invocation, cold start counted) and the tracer's
 * handler segment. Outermost, so that their `onError` runs after every other middleware's.
 */
export function observedHandler<TEvent, TResult>({ logger, metrics, tracer }: Observability) {
  const handler = middy<TEvent, TResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
  return tracer === undefined
    ? handler
    : handler.use(captureLambdaHandler(tracer, { captureResponse: false }));
}
