/**
 * The `webhookKeyIgnored` metric behind its alarm (infra/constructs/observability.ts):
 * emitted whenever the ingest function reads a secret holding values that are not keys, with exactly
 * the dimensions the alarm selects; the warning names the entries, never their values.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { reportIgnoredWebhookKeys } from "../../../functions/ingest/webhook-key-warnings.ts";
import { createWebhookKeyring } from "../../../shared/adapters/webhook-keyring.ts";
import { metricDimensions, metricNames } from "../../../shared/wiring/metrics.ts";
import { captureSingleMetrics, quietObservability } from "../support/api-gateway.ts";

describe("reportIgnoredWebhookKeys", () => {
  const badValue = "whsec_MjAyNQ==";
  const goodKey = `whsec_${randomBytes(32).toString("base64")}`;
  const setUp = () => {
    const { logger, metrics } = quietObservability();
    const emitted = captureSingleMetrics(metrics);
    const warn = vi.spyOn(logger, "warn");
    const keyring = createWebhookKeyring(
      { kind: "inline", keys: { burkit: [goodKey, badValue] } },
      { onIgnoredKeys: reportIgnoredWebhookKeys({ logger, metrics }) },
    );
    return { emitted, warn, keyring };
  };

  it("counts the ignored values, by service only (one alarm for every source), on every read", async () => {
    // Prepare
    const { emitted, keyring } = setUp();

    // Act
    await keyring.keysFor("burkit");
    await keyring.keysFor("burkit");

    // Assess
    expect(emitted).toHaveLength(2);
    expect(emitted[0]).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Dimensions: [["service"]],
            Metrics: [{ Name: metricNames.webhookKeyIgnored, Unit: "Count" }],
          },
        ],
      },
      [metricNames.webhookKeyIgnored]: 1,
    });
    expect(emitted[0]).not.toHaveProperty(metricDimensions.source);
  });

  it("warns once per source and set of ignored names, naming entries and never a value", async () => {
    // Prepare
    const { warn, keyring } = setUp();

    // Act
    await keyring.keysFor("burkit");
    await keyring.keysFor("burkit");

    // Assess
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[1]).toEqual({ source: "burkit", ignored: ["entry 2"] });
    expect(JSON.stringify(warn.mock.calls)).not.toContain(badValue);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(goodKey);
  });

  it("emits nothing for a source without ignored entries", async () => {
    // Prepare
    const { emitted, warn, keyring } = setUp();

    // Act
    await keyring.keysFor("kqp");

    // Assess
    expect(emitted).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
