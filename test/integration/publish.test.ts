import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from "@aws-sdk/client-eventbridge";
import type { DynamoDBRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createPublishHandler } from "../../functions/publish/app.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { type StreamPoller, startStreamPoller } from "../../local/stream-poller.ts";
import { notificationTable } from "../../shared/adapters/dynamodb/notification-table.ts";
import { EventBridgePublisher, MAX_ENTRIES_PER_REQUEST } from "../../shared/adapters/event-publisher.ts";
import { feedSources } from "../../shared/domain/catalogue/index.ts";
import { feedFixtures, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness, LOCAL_REGION } from "../support/hub-harness.ts";

const client = dynamoDbClient();
const eventBridge = mockClient(EventBridgeClient);
const BUS = "hub-test-bus";

/** What the fake bus decides for one entry on one attempt. */
type EntryVerdict = "accept" | "fail";
let verdict: (entry: PutEventsRequestEntry, callNumber: number) => EntryVerdict = () => "accept";
let throttledCalls = 0;
let calls = 0;
const accepted: PutEventsRequestEntry[] = [];
const requestSizes: number[] = [];
const failures: { records: DynamoDBRecord[]; reason: string }[] = [];
let tableName: string;
let poller: StreamPoller;

beforeEach(async () => {
  verdict = () => "accept";
  throttledCalls = 0;
  calls = 0;
  accepted.length = 0;
  requestSizes.length = 0;
  failures.length = 0;
  eventBridge.reset();
  eventBridge.on(PutEventsCommand).callsFake(async (input: { Entries?: PutEventsRequestEntry[] }) => {
    calls += 1;
    if (throttledCalls > 0) {
      throttledCalls -= 1;
      throw Object.assign(new Error("Rate exceeded"), {
        name: "ThrottlingException",
        $metadata: { httpStatusCode: 400 },
      });
    }
    const entries = input.Entries ?? [];
    requestSizes.push(entries.length);
    const results: PutEventsResultEntry[] = entries.map((entry) => {
      if (verdict(entry, calls) === "fail") return { ErrorCode: "InternalFailure", ErrorMessage: "injected" };
      accepted.push(entry);
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
  });
  tableName = await freshTable(client);
  const handler = createPublishHandler({
    eventBusName: BUS,
    publisher: new EventBridgePublisher(new EventBridgeClient({ region: LOCAL_REGION }), {
      attempts: 4,
      baseDelayMs: 5,
    }),
    logger: new Logger({ serviceName: "publish-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "publish-test" }),
  });
  poller = await startStreamPoller({
    endpoint: inject("dynamodbEndpoint"),
    region: LOCAL_REGION,
    tableName,
    handler: (event) => handler(event, localLambdaContext("publish")),
    onFailure: async (records, reason) => {
      failures.push({ records, reason });
    },
    retryDelayMs: 5,
  });
});
afterEach(async () => poller.stop());
afterAll(() => {
  eventBridge.restore();
  client.destroy();
});

/** Ingests every feed fixture through the real ingest handler; returns the notification ids stored. */
async function ingestAllFixtures(): Promise<Map<string, string>> {
  const hub = ingestHarness({ client, tableName });
  const kindById = new Map<string, string>();
  for (const fixture of feedFixtures) {
    const response = await hub.send(fixture.source, withFreshRecordIds(fixture, randomUUID()));
    expect(response.status).toBe(202);
    for (const result of response.body.results as { notificationId: string }[])
      kindById.set(result.notificationId, fixture.kind);
  }
  return kindById;
}

const publishedIds = () => accepted.map((entry) => (JSON.parse(entry.Detail ?? "{}") as { id: string }).id);

describe("publish: stream → EventBridge", () => {
  it("publishes every stored notification once, as its kind, from its source, with the notification as detail", async () => {
    const stored = await ingestAllFixtures();

    await waitUntil(() => accepted.length >= stored.size, {
      timeoutMs: 30_000,
      what: "every notification to be published",
    });

    expect(publishedIds().sort()).toEqual([...stored.keys()].sort());
    for (const entry of accepted) {
      const detail = JSON.parse(entry.Detail ?? "{}") as {
        id: string;
        kind: string;
        source: keyof typeof feedSources;
      };
      expect(entry.EventBusName).toBe(BUS);
      expect(entry.DetailType).toBe(stored.get(detail.id));
      expect(entry.DetailType).toBe(detail.kind);
      expect(entry.Source).toBe(feedSources[detail.source].eventSource);
    }
    expect(Math.max(...requestSizes)).toBeLessThanOrEqual(MAX_ENTRIES_PER_REQUEST);
    expect(failures).toEqual([]);
  });

  it("still delivers every notification when PutEvents fails some entries for a while", async () => {
    const failedOnce = new Set<string>();
    verdict = (entry) => {
      const id = (JSON.parse(entry.Detail ?? "{}") as { id: string }).id;
      if (failedOnce.has(id) || id.charCodeAt(id.length - 1) % 3 !== 0) return "accept";
      failedOnce.add(id);
      return "fail";
    };
    const stored = await ingestAllFixtures();

    await waitUntil(() => new Set(publishedIds()).size >= stored.size, {
      timeoutMs: 30_000,
      what: "delivery after failures",
    });

    expect(new Set(publishedIds())).toEqual(new Set(stored.keys()));
    expect(failedOnce.size).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it("still delivers every notification when PutEvents is throttled", async () => {
    throttledCalls = 6;
    const stored = await ingestAllFixtures();

    await waitUntil(() => new Set(publishedIds()).size >= stored.size, {
      timeoutMs: 30_000,
      what: "delivery after throttling",
    });

    expect(new Set(publishedIds())).toEqual(new Set(stored.keys()));
    expect(throttledCalls).toBe(0);
  });

  it("sends a poison record to the on-failure destination while the others flow", async () => {
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          [notificationTable.partitionKey]: { S: "REC#kqp#poison" },
          [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
          notification: { S: "{not json" },
        },
      }),
    );
    const stored = await ingestAllFixtures();

    await waitUntil(() => failures.length > 0 && new Set(publishedIds()).size >= stored.size, {
      timeoutMs: 60_000,
      what: "the poison record to reach the on-failure destination",
    });

    // As in Lambda, a reported failure checkpoints before it and retries from it: the destination
    // names the batch from the poison record on. Records after it were still published.
    const failedKeys = failures.flatMap((f) => f.records.map((r) => r.dynamodb?.Keys?.pk?.S));
    expect(failedKeys[0]).toBe("REC#kqp#poison");
    expect(new Set(publishedIds())).toEqual(new Set(stored.keys()));
  });
});
