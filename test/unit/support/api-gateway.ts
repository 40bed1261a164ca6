/** API Gateway events, Middy requests and ingest handlers for unit tests: no network, no table. */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Request } from "@middy/core";
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { vi } from "vitest";
import { createIngestHandler } from "../../../functions/ingest/app.ts";
import { feedRequestEvent } from "../../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../../local/lambda-context.ts";
import type { NotificationStore } from "../../../shared/adapters/dynamodb/notification-store.ts";
import type { ErrorBody } from "../../../shared/api/responses.ts";
import type { FeedSourceId } from "../../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../../shared/http/webhook-signature.ts";
import { newNotificationId } from "../../../shared/ids.ts";

export function webhookKey(): string {
  return `whsec_${Buffer.from(randomUUID()).toString("base64")}`;
}

/** A feed request as API Gateway hands it over, signed with `key` unless headers are given. */
export function signedFeedEvent(
  source: string,
  body: string,
  key: string,
  headers: Record<string, string> = { "content-type": "application/json" },
): APIGatewayProxyEvent {
  return feedRequestEvent(source, body, {
    ...headers,
    ...signWebhook(key, body, { id: `msg_${randomUUID()}` }),
  });
}

/** What Middy hands a middleware, for calling one middleware on its own. */
export function middyRequest<TEvent extends APIGatewayProxyEvent>(
  event: TEvent,
  error?: Error,
): Request<TEvent, APIGatewayProxyResult, Error, Context> {
  return { event, context: localLambdaContext("ingest"), response: undefined, error, internal: {} };
}

/** The parsed body of an error response. */
export function errorBodyOf(response: APIGatewayProxyResult | null | undefined): ErrorBody["error"] {
  if (response === null || response === undefined) throw new Error("no response was set");
  return (JSON.parse(response.body) as ErrorBody).error;
}

/** A logger that logs nothing and metrics that are not printed (tests spy on them instead). */
export function quietObservability() {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  return {
    logger: new Logger({ serviceName: "ingest-unit", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "Order195HubUnit", serviceName: "ingest-unit" }),
  };
}

/** The real ingest handler, with a store fake and one key per source. */
export function ingestHandler(store: NotificationStore, keys: Partial<Record<FeedSourceId, string[]>>) {
  const handler = createIngestHandler({
    deployment: "almaty",
    store,
    keyring: { keysFor: async (source) => keys[source] ?? [] },
    now: () => new Date(),
    newId: newNotificationId,
    ...quietObservability(),
  });
  return (event: APIGatewayProxyEvent) => handler(event, localLambdaContext("ingest"));
}

/** The EMF documents of every single metric `metrics` emits, captured instead of printed. */
export function captureSingleMetrics(metrics: Metrics): ReturnType<Metrics["serializeMetrics"]>[] {
  const emitted: ReturnType<Metrics["serializeMetrics"]>[] = [];
  const singleMetric = metrics.singleMetric.bind(metrics);
  vi.spyOn(metrics, "singleMetric").mockImplementation(() => {
    const single = singleMetric();
    vi.spyOn(single, "publishStoredMetrics").mockImplementation(() => {
      emitted.push(single.serializeMetrics());
      single.clearMetrics();
      return single;
    });
    return single;
  });
  return emitted;
}
