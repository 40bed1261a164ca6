/**
 * A child process of the hot-path section: the real ingest handler in-process with a store stub that
 * only builds the items (no I/O), timed in a fresh process. Ids are the production
 * `newNotificationId`. Prints one JSON line:
 * `{"usPerRecord": …}`.
 */
import "./env.ts";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { createIngestHandler } from "../../functions/ingest/app.ts";
import { feedRequestEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { notificationItems } from "../../shared/adapters/dynamodb/notification-items.ts";
import { isFeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { feedBody, newWebhookKey, signedHeaders } from "./feeds.ts";
import { timeCall } from "./timing.ts";

const batch = Number(process.env.BENCH_BATCH ?? "1");
const requestedSource = process.env.BENCH_SOURCE;
const probeSource = isFeedSourceId(requestedSource) ? requestedSource : "kqp";
const quick = process.env.BENCH_QUICK === "true";
const key = newWebhookKey();
const handler = createIngestHandler({
  deployment: "almaty",
  store: {
    async storeOnce(notification) {
      notificationItems(notification, 30);
      return { status: "stored", notificationId: notification.id };
    },
  },
  keyring: { keysFor: async () => [key] },
  now: () => new Date(),
  newId: newNotificationId,
  logger: new Logger({ serviceName: "ingest" }),
  metrics: new Metrics({ namespace: "Order195Hub", serviceName: "ingest" }),
});
const events = Array.from({ length: batch === 1 ? 36 : 6 }, (_, p) => {
  const { source, body } = feedBody(probeSource, batch, `probe-${p}`, p * 7);
  return feedRequestEvent(source, body, signedHeaders(key, body, `msg_probe_${p}`));
});
const context = localLambdaContext("ingest");
const fallback = events[0];
if (fallback === undefined) throw new Error("no events");
const timing = await timeCall(
  {
    name: "handler",
    unitsPerCall: batch,
    call: (i) => handler(events[i % events.length] ?? fallback, context),
    async: true,
  },
  { warmupMs: quick ? 400 : 1_500, sampleMs: 10, samples: quick ? 30 : 80 },
);
process.stdout.write(`${JSON.stringify({ usPerRecord: timing.medianUs })}\n`);
