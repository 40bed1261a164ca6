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
import { DynamoPublicationLog } from "../../shared/adapters/dynamodb/trace-publications.ts";
import {
  EventBridgePublisher,
  type FailedEntries,
  MAX_ENTRIES_PER_REQUEST,
} from "../../shared/adapters/event-publisher.ts";
import type { ParkedRecord } from "../../shared/adapters/parking-queue.ts";
import { feedSources } from "../../shared/domain/catalogue/index.ts";
import { fullJitterBackoff } from "../../shared/retry.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { feedFixtures, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness, LOCAL_REGION } from "../support/hub-harness.ts";

const client = dynamoDbClient();
const eventBridge = mockClient(EventBridgeClient);
const BUS = "hub-test-bus";

/** What the fake bus decides for one entry on one attempt: accept it, or fail it with an error code. */
type EntryVerdict = "accept" | "fail" | "malformed";
let verdict: (entry: PutEventsRequestEntry, callNumber: number) => EntryVerdict = () => "accept";
let throttledCalls = 0;
let calls = 0;
const accepted: PutEventsRequestEntry[] = [];
const requestSizes: number[] = [];
const failures: { records: DynamoDBRecord[]; reason: string }[] = [];
const parked: ParkedRecord[] = [];
const failedEntryReports: FailedEntries[] = [];
let tableName: string;
let poller: StreamPoller;

beforeEach(async () => {
  verdict = () => "accept";
  throttledCalls = 0;
  calls = 0;
  accepted.length = 0;
  requestSizes.length = 0;
  failures.length = 0;
  parked.length = 0;
  failedEntryReports.length = 0;
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
      const decided = verdict(entry, calls);
      if (decided === "fail") return { ErrorCode: "InternalFailure", ErrorMessage: "injected" };
      if (decided === "malformed") return { ErrorCode: "MalformedDetail", ErrorMessage: "injected" };
      accepted.push(entry);
      return { EventId: randomUUID() };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length, Entries: results };
  });
  tableName = await freshTable(client);
  const handler = createPublishHandler({
    eventBusName: BUS,
    publisher: new EventBridgePublisher(
      new EventBridgeClient({ region: LOCAL_REGION }),
      { attempts: 4, backoff: fullJitterBackoff({ baseDelayMs: 5, maxDelayMs: 20 }) },
      (failed) => failedEntryReports.push(failed),
    ),
    parking: {
      park: async (records) => {
        parked.push(...records);
        return records.map(() => true);
      },
    },
    publications: new DynamoPublicationLog(client, tableName),
    // Parked records are logged as errors: asserted through the parking queue, not printed.
    logger: new Logger({ serviceName: "publish-test", logLevel: "SILENT" }),
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
    // The mapping's own settings: retry until the record's age limit (a day), whatever the count.
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

  it("still delivers every notification when PutEvents is throttled, and logs the failures by code", async () => {
    throttledCalls = 6;
    const stored = await ingestAllFixtures();

    await waitUntil(() => new Set(publishedIds()).size >= stored.size, {
      timeoutMs: 30_000,
      what: "delivery after throttling",
    });

    expect(new Set(publishedIds())).toEqual(new Set(stored.keys()));
    expect(throttledCalls).toBe(0);
    expect(failedEntryReports.length).toBeGreaterThan(0);
    for (const report of failedEntryReports)
      expect(Object.keys(report.errorCodes)).toEqual(["ThrottlingException"]);
    expect(failures).toEqual([]);
    expect(parked).toEqual([]);
  });

  it("keeps retrying through a bus outage longer than 10 retries would cover, then delivers everything", async () => {
    const refusals = new Map<string, number>();
    let outage = true;
    verdict = (entry) => {
      if (!outage) return "accept";
      const id = (JSON.parse(entry.Detail ?? "{}") as { id: string }).id;
      refusals.set(id, (refusals.get(id) ?? 0) + 1);
      return "fail";
    };
    const stored = await ingestAllFixtures();

    // A mapping of 10 retries would have given up after 11 invocations of 4 attempts each. As in Lambda,
    // the records behind the first failing batch wait for it: those tried first show the outage's length.
    const givenUpByTenRetries = 11 * 4;
    await waitUntil(() => Math.max(0, ...refusals.values()) > givenUpByTenRetries, {
      timeoutMs: 40_000,
      what: "the first notifications to be refused longer than 10 retries would cover",
    });
    outage = false;
    await waitUntil(() => new Set(publishedIds()).size >= stored.size, {
      timeoutMs: 30_000,
      what: "delivery once the bus is back",
    });

    expect(new Set(publishedIds())).toEqual(new Set(stored.keys()));
    expect(failures).toEqual([]);
    expect(parked).toEqual([]);
  });

  it("parks poison records with their notification id and table key; the records behind them flow", async () => {
    const put = (pk: string, notification: string) =>
      client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            [notificationTable.partitionKey]: { S: pk },
            [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
            notification: { S: notification },
          },
        }),
      );
    const unknownKind = {
      id: "01KB0000000000000000000001",
      kind: "no.such-kind",
      receivedAt: new Date().toISOString(),
    };
    await put("REC#kqp#unreadable", "{not json");
    await put("REC#kqp#unknown-kind", JSON.stringify(unknownKind));
    let refusedId: string | undefined;
    verdict = (entry) => {
      const id = (JSON.parse(entry.Detail ?? "{}") as { id: string }).id;
      refusedId ??= id;
      return id === refusedId ? "malformed" : "accept";
    };
    const stored = await ingestAllFixtures();

    await waitUntil(() => parked.length >= 3 && new Set(publishedIds()).size >= stored.size - 1, {
      timeoutMs: 30_000,
      what: "the poison records to be parked and the others published",
    });

    expect(parked).toEqual([
      expect.objectContaining({ reason: "not-json", tableKey: "REC#kqp#unreadable" }),
      expect.objectContaining({
        reason: "invalid-envelope",
        notificationId: unknownKind.id,
        receivedAt: unknownKind.receivedAt,
        tableKey: "REC#kqp#unknown-kind",
      }),
      expect.objectContaining({
        reason: "refused-by-bus",
        errorCode: "MalformedDetail",
        notificationId: refusedId,
        kind: stored.get(refusedId ?? ""),
      }),
    ]);
    expect(new Set(publishedIds())).toEqual(new Set([...stored.keys()].filter((id) => id !== refusedId)));
    expect(failures).toEqual([]);
  });
});
