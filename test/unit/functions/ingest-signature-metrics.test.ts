/**
 * The `signatureFailures` metric behind the per-source alarm (infra/constructs/observability.ts):
 * emitted on every 401 of the signature check, with exactly the dimensions the alarm selects.
 */
import { describe, expect, it } from "vitest";
import { type FeedSourceEvent, webhookSignature } from "../../../functions/ingest/middlewares.ts";
import { feedRequestEvent } from "../../../local/api-gateway-event.ts";
import type { FeedSourceId } from "../../../shared/domain/catalogue/index.ts";
import { metricDimensions, metricNames } from "../../../shared/wiring/metrics.ts";
import {
  captureSingleMetrics,
  middyRequest,
  quietObservability,
  signedFeedEvent,
  webhookKey,
} from "../support/api-gateway.ts";

describe("webhookSignature: the signatureFailures metric", () => {
  const key = webhookKey();
  const keyring = { keysFor: async (source: FeedSourceId) => (source === "kqp" ? [key] : []) };
  const routed = (event: ReturnType<typeof feedRequestEvent>, source: FeedSourceId) =>
    middyRequest<FeedSourceEvent>({ ...event, feedSource: source });

  it.each([
    ["no signature headers", () => feedRequestEvent("kqp", "{}", {}), "kqp"],
    ["another key", () => signedFeedEvent("kqp", "{}", webhookKey()), "kqp"],
    ["a source without a key", () => signedFeedEvent("burkit", "{}", key), "burkit"],
  ] as const)(
    "counts one failure of the source, by service and source only, for %s",
    async (_, event, source) => {
      // Prepare
      const { metrics } = quietObservability();
      const emitted = captureSingleMetrics(metrics);

      // Act
      const refused = webhookSignature({ keyring, metrics }).before?.(routed(event(), source));

      // Assess
      await expect(refused).rejects.toMatchObject({ status: 401 });
      expect(emitted).toHaveLength(1);
      expect(emitted[0]).toMatchObject({
        _aws: {
          CloudWatchMetrics: [
            {
              Dimensions: [["service", metricDimensions.source]],
              Metrics: [{ Name: metricNames.signatureFailures, Unit: "Count" }],
            },
          ],
        },
        [metricDimensions.source]: source,
        [metricNames.signatureFailures]: 1,
      });
    },
  );

  it("counts nothing when the signature verifies", async () => {
    // Prepare
    const { metrics } = quietObservability();
    const emitted = captureSingleMetrics(metrics);

    // Act
    await webhookSignature({ keyring, metrics }).before?.(routed(signedFeedEvent("kqp", "{}", key), "kqp"));

    // Assess
    expect(emitted).toEqual([]);
  });
});
