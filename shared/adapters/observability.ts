import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { METRICS_NAMESPACE } from "../wiring/metrics.ts";
import type { Observability } from "./observed-handler.ts";

/**
 * Powertools logger and metrics of one function, named after it. Created once per cold start. No
 * tracing SDK: X-Ray comes from Lambda's active tracing (docs/decisions/performance.md, "Tracing").
 */
export function createObservability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
  };
}
