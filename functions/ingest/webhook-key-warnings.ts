import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { WebhookKeyringOptions } from "../../shared/adapters/webhook-keyring.ts";
import type { FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";

/**
 * What the ingest function does when a source's webhook secret holds entries that are not keys:
 * counts them in `webhookKeyIgnored` on every read (the alarm stays raised while the secret is wrong;
 * one metric and alarm for every source), and logs a warning naming the source and the entries, never
 * their values, once per cold start and set of names (not on every request).
 */
export function reportIgnoredWebhookKeys(options: {
  logger: Logger;
  metrics: Metrics;
}): Required<WebhookKeyringOptions>["onIgnoredKeys"] {
  const warned = new Map<FeedSourceId, string>();
  return (source, names) => {
    options.metrics.singleMetric().addMetric(metricNames.webhookKeyIgnored, MetricUnit.Count, names.length);
    const key = JSON.stringify(names);
    if (warned.get(source) === key) return;
    warned.set(source, key);
    options.logger.warn(
      "webhook secret entries ignored: a key is whsec_ + base64 of at least 24 bytes, named current or next",
      { source, ignored: names },
    );
  };
}
