/** The publish function records when it put each notification on the bus, for its trace (best effort). */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { createPublishHandler } from "../../../functions/publish/app.ts";
import { localLambdaContext } from "../../../local/lambda-context.ts";
import type { PublishedNotification } from "../../../shared/adapters/dynamodb/trace-publications.ts";
import type { PublishOutcome } from "../../../shared/adapters/event-publisher.ts";
import { metricNames } from "../../../shared/wiring/metrics.ts";
import { notificationOf } from "../support/feeds.ts";
import { insertedNotificationRecord } from "../support/stream-records.ts";

const crossing = notificationOf("border.illegal-crossing");
const overstay = notificationOf("stay.overstay");
const ban = notificationOf("border.entry-ban-hit");
const EXPIRES_AT = 1_796_000_000;

/** A stream record as DynamoDB delivers it: with the item's TTL. */
function streamRecord(stored: string, n: number): DynamoDBRecord {
  const record = insertedNotificationRecord(stored, {
    sequenceNumber: String(n),
    partitionKey: `REC#kqp#KQP-${n}`,
  });
  const image = record.dynamodb?.NewImage ?? {};
  return {
    ...record,
    dynamodb: {
      ...record.dynamodb,
      NewImage: { ...image, expiresAt: { N: String(EXPIRES_AT) } },
    },
  };
}

function publishHandler(answers: Record<string, PublishOutcome>, unrecorded = 0) {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  const logger = new Logger({ serviceName: "publish-unit", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Order195HubUnit", serviceName: "publish-unit" });
  const warnings = vi.spyOn(logger, "warn");
  const counted = vi.spyOn(metrics, "addMetric");
  const recorded: PublishedNotification[][] = [];
  const handler = createPublishHandler({
    eventBusName: "hub-bus",
    publisher: {
      publish: async (entries) =>
        entries.map(
          (entry) => answers[(JSON.parse(entry.Detail ?? "{}") as { id: string }).id] ?? { published: true },
        ),
    },
    parking: { park: async (records) => records.map(() => true) },
    publications: {
      record: async (published) => {
        recorded.push([...published]);
        return unrecorded;
      },
    },
    logger,
    metrics,
  });
  return {
    invoke: (records: DynamoDBRecord[]) => handler({ Records: records }, localLambdaContext("publish")),
    recorded,
    warnings,
    metric: (name: string) => counted.mock.calls.find(([metric]) => metric === name)?.[2],
  };
}

describe("the publish function's publication marks", () => {
  it("records the notifications the bus accepted, with their TTL; not the others", async () => {
    // Prepare: one refused for good (parked), one for now (handed back)
    const publish = publishHandler({
      [overstay.id]: { published: false, errorCode: "MalformedDetail", permanent: true },
      [ban.id]: { published: false, errorCode: "ThrottlingException", permanent: false },
    });

    // Act
    await publish.invoke([
      streamRecord(JSON.stringify(crossing), 1),
      streamRecord(JSON.stringify(overstay), 2),
      streamRecord(JSON.stringify(ban), 3),
    ]);

    // Assess
    expect(publish.recorded).toEqual([[{ notificationId: crossing.id, expiresAt: EXPIRES_AT }]]);
    expect(publish.metric(metricNames.publicationsNotRecorded)).toBe(0);
  });

  it("counts and logs the marks it could not write, and still reports the batch published", async () => {
    const publish = publishHandler({}, 1);

    const response = await publish.invoke([streamRecord(JSON.stringify(crossing), 1)]);

    expect(response.batchItemFailures).toEqual([]);
    expect(publish.metric(metricNames.publicationsNotRecorded)).toBe(1);
    expect(publish.warnings).toHaveBeenCalledWith("could not record when some notifications were published", {
      unrecorded: 1,
    });
  });

  it("asks nothing of the log when nothing was published", async () => {
    const publish = publishHandler({
      [crossing.id]: { published: false, errorCode: "ThrottlingException", permanent: false },
    });

    // Every record failed for now: the whole batch goes back to the stream.
    await expect(publish.invoke([streamRecord(JSON.stringify(crossing), 1)])).rejects.toThrow(
      /All records failed/,
    );

    expect(publish.recorded).toEqual([]);
  });
});
