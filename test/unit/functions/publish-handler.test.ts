import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it, vi } from "vitest";
import { createPublishHandler } from "../../../functions/publish/app.ts";
import { localLambdaContext } from "../../../local/lambda-context.ts";
import type { PublishOutcome } from "../../../shared/adapters/event-publisher.ts";
import type { ParkedRecord } from "../../../shared/adapters/parking-queue.ts";
import { metricNames } from "../../../shared/wiring/metrics.ts";
import { notificationOf } from "../support/feeds.ts";
import { insertedNotificationRecord } from "../support/stream-records.ts";

const overstay = notificationOf("stay.overstay");
const crossing = notificationOf("border.illegal-crossing");
const ban = notificationOf("border.entry-ban-hit");

/** The stream record of a notification, at sequence number `n`. */
const recordOf = (stored: string | undefined, n: number) =>
  insertedNotificationRecord(stored, { sequenceNumber: String(n), partitionKey: `REC#kqp#KQP-${n}` });

/**
 * The real publish handler with a bus that answers each notification by id (`accept` if not listed)
 * and a parking queue that parks, or fails to.
 */
function publishHandler(answers: Record<string, PublishOutcome>, parkingWorks = true) {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  const logger = new Logger({ serviceName: "publish-unit", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Order195HubUnit", serviceName: "publish-unit" });
  const errors = vi.spyOn(logger, "error");
  const counted = vi.spyOn(metrics, "addMetric");
  const put: PutEventsRequestEntry[] = [];
  const parked: ParkedRecord[] = [];
  const handler = createPublishHandler({
    eventBusName: "hub-bus",
    publisher: {
      publish: async (entries) =>
        entries.map((entry) => {
          put.push(entry);
          const { id } = JSON.parse(entry.Detail ?? "{}") as { id: string };
          return answers[id] ?? { published: true };
        }),
    },
    parking: {
      park: async (records) => {
        if (parkingWorks) parked.push(...records);
        return records.map(() => parkingWorks);
      },
    },
    publications: { record: async () => 0 },
    logger,
    metrics,
  });
  return {
    invoke: (records: DynamoDBRecord[]) => handler({ Records: records }, localLambdaContext("publish")),
    put,
    parked,
    errors,
    metric: (name: string) => counted.mock.calls.find(([metric]) => metric === name)?.[2],
  };
}

describe("the publish handler", () => {
  it("parks an unreadable record with its table key and one the bus refuses with its id; the rest flow", async () => {
    // Prepare
    const refused: PublishOutcome = { published: false, errorCode: "MalformedDetail", permanent: true };
    const publish = publishHandler({ [crossing.id]: refused });

    // Act
    const response = await publish.invoke([
      recordOf("{not json", 1),
      recordOf(JSON.stringify(crossing), 2),
      recordOf(JSON.stringify(overstay), 3),
    ]);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(publish.parked).toEqual([
      { reason: "not-json", tableKey: "REC#kqp#KQP-1", sequenceNumber: "1" },
      {
        reason: "refused-by-bus",
        errorCode: "MalformedDetail",
        notificationId: crossing.id,
        kind: crossing.kind,
        receivedAt: crossing.receivedAt,
        tableKey: "REC#kqp#KQP-2",
        sequenceNumber: "2",
      },
    ]);
    expect(publish.put.map((entry) => entry.DetailType)).toEqual([crossing.kind, overstay.kind]);
    expect(publish.metric(metricNames.published)).toBe(1);
    expect(publish.metric(metricNames.publishFailed)).toBe(0);
  });

  it("logs each parked record by its ids, never its content", async () => {
    // Prepare
    const publish = publishHandler({});
    const poison = JSON.stringify({ ...crossing, kind: "no.such-kind" });

    // Act
    await publish.invoke([recordOf(poison, 1)]);

    // Assess
    expect(publish.errors).toHaveBeenCalledWith("parked a stream record that can never be published", {
      reason: "invalid-envelope",
      notificationId: crossing.id,
      kind: undefined,
      receivedAt: crossing.receivedAt,
      tableKey: "REC#kqp#KQP-1",
      sequenceNumber: "1",
    });
    const person = crossing.subject.persons[0]?.name.latin ?? "";
    expect(person.length).toBeGreaterThan(0);
    expect(JSON.stringify(publish.errors.mock.calls)).not.toContain(person);
  });

  it("hands a record the bus did not accept for now back to the stream, which retries it until its age limit", async () => {
    // Prepare
    const publish = publishHandler({
      [ban.id]: { published: false, errorCode: "ThrottlingException", permanent: false },
    });

    // Act
    const response = await publish.invoke([
      recordOf(JSON.stringify(overstay), 1),
      recordOf(JSON.stringify(ban), 2),
    ]);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "2" }]);
    expect(publish.parked).toEqual([]);
    expect(publish.metric(metricNames.publishFailed)).toBe(1);
  });

  it("hands a poison record back to the stream when it cannot be parked", async () => {
    // Prepare
    const publish = publishHandler({}, false);

    // Act
    const response = await publish.invoke([recordOf(undefined, 7), recordOf(JSON.stringify(overstay), 8)]);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "7" }]);
    expect(publish.metric(metricNames.publishFailed)).toBe(1);
  });
});
