import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { METRICS_NAMESPACE } from "../wiring/metrics.ts";
import type { Observability } from "./observed-handler.ts";

/** Powertools logger, metrics and tracer of one function, named after it. Created once per cold start. */
export function createObservability(serviceName: string): Required<Observability> {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}
