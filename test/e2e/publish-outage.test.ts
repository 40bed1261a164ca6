/**
 * Nothing stored is lost when the bus is down for long, and `hub republish` puts a period back: the
 * local hub's real path (HTTP → ingest → DynamoDB Local's stream → poller → publish → local bus → SQS).
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_HUB_FILE } from "../../local/connection-file.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { localCredentials } from "../../local/local-aws.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { defaultPublishRetry } from "../../shared/adapters/event-publisher.ts";
import {
  type FeedKindId,
  feedKindIds,
  subscribersOf,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient } from "../support/hub-harness.ts";

const hubCli = new URL("../../bin/hub.mjs", import.meta.url).pathname;
let hub: LocalHub;
let sqs: SQSClient;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "hub-outage-"));
  hub = await startLocalHub({
    targetRetry: { baseMs: 5, maxMs: 20 },
    connectionFile: join(folder, LOCAL_HUB_FILE),
  });
  sqs = new SQSClient({
    region: hub.connection.region,
    credentials: localCredentials,
    endpoint: hub.connection.sqsEndpoint,
  });
});
afterAll(async () => {
  sqs?.destroy();
  await hub?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Notification id → the kind and the units that must receive it. */
type Expected = Map<string, { kind: FeedKindId; units: UnitId[] }>;

/** Posts every feed kind's sample, signed, with fresh record ids. */
async function ingestEveryKind(): Promise<Expected> {
  const expected: Expected = new Map();
  for (const kind of feedKindIds) {
    const fixture = feedFixture(kind);
    const body = JSON.stringify(withFreshRecordIds(fixture, randomUUID()));
    const key = hub.connection.secrets[fixture.source] ?? "";
    const response = await fetch(`${hub.connection.apiUrl}/v1/feeds/${fixture.source}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...signWebhook(key, body, { id: `msg_${randomUUID()}` }),
      },
      body,
    });
    expect(response.status, kind).toBe(202);
    const { results } = (await response.json()) as { results: { notificationId: string }[] };
    for (const { notificationId } of results)
      expected.set(notificationId, { kind, units: subscribersOf(kind) });
  }
  return expected;
}

/** Everything in a queue right now, consumed. */
async function drain(queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    const messages = page.Messages ?? [];
    if (messages.length === 0) return bodies;
    for (const message of messages) {
      bodies.push(message.Body ?? "");
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}

/**
 * Polls the unit queues until every expected (notification, unit) pair has arrived and the bus is
 * quiet; returns, per notification id, the units that received it (anything unexpected included).
 */
async function collectDeliveries(expected: Expected): Promise<Map<string, UnitId[]>> {
  const seen = new Map<string, UnitId[]>();
  const readAll = async () => {
    for (const [unit, queues] of Object.entries(hub.connection.queues) as [UnitId, { url: string }][]) {
      for (const body of await drain(queues.url)) {
        const { id } = (JSON.parse(body) as { detail: { id: string } }).detail;
        seen.set(id, [...(seen.get(id) ?? []), unit]);
      }
    }
  };
  await waitUntil(
    async () => {
      await readAll();
      const complete = [...expected].every(([id, { units }]) =>
        units.every((unit) => seen.get(id)?.includes(unit)),
      );
      return complete && hub.deliveriesSettled();
    },
    { timeoutMs: 60_000, what: "every subscribing queue to receive its notifications" },
  );
  await readAll();
  return seen;
}

const sorted = (units: readonly string[] = []) => [...units].sort();

/** An instant after every receipt so far and before any to come: the clock has passed it when this returns. */
async function boundary(): Promise<Date> {
  const instant = new Date(Date.now() + 1);
  await waitUntil(() => Date.now() > instant.getTime(), { timeoutMs: 1_000, what: "the clock to pass" });
  return instant;
}

describe("publishing through a long bus outage", () => {
  it("retries longer than 10 retries would cover, then delivers every notification to every subscribing queue, parking none", async () => {
    const outage = hub.startBusOutage("InternalFailure");
    const expected = await ingestEveryKind();

    // A mapping of 10 retries would have given up on a record after 11 invocations of 4 attempts each.
    const givenUpByTenRetries = 11 * defaultPublishRetry.attempts;
    await waitUntil(() => Math.max(0, ...outage.refusals.values()) > givenUpByTenRetries, {
      timeoutMs: 90_000,
      what: "the bus to refuse the first notifications longer than 10 retries would cover",
    });
    outage.end();
    const seen = await collectDeliveries(expected);

    for (const [id, { kind, units }] of expected) expect(sorted(seen.get(id)), kind).toEqual(sorted(units));
    expect(await drain(hub.publishFailureQueueUrl)).toEqual([]);
  });

  it("parks a poison record with its notification id; the notifications behind it are delivered", async () => {
    const dynamodb = dynamoDbClient(hub.connection.dynamodbEndpoint);
    const poisonId = "01KB0000000000000000000009";
    await dynamodb.send(
      new PutItemCommand({
        TableName: hub.tableName,
        Item: {
          [notificationTable.partitionKey]: { S: `REC#kqp#poison-${randomUUID()}` },
          [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
          notification: { S: JSON.stringify({ id: poisonId, kind: "no.such-kind" }) },
        },
      }),
    );
    dynamodb.destroy();
    const expected = await ingestEveryKind();

    const seen = await collectDeliveries(expected);
    const parked: string[] = [];
    await waitUntil(async () => parked.push(...(await drain(hub.publishFailureQueueUrl))) > 0, {
      timeoutMs: 10_000,
      what: "the poison record to be parked",
    });

    for (const [id, { units }] of expected) expect(sorted(seen.get(id))).toEqual(sorted(units));
    expect(parked.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({ parkedBy: "publish", reason: "invalid-envelope", notificationId: poisonId }),
    ]);
  });
});

describe("hub republish", () => {
  const republish = (...args: string[]) =>
    promisify(execFile)(process.execPath, [hubCli, "republish", ...args], { cwd: folder });

  it("puts exactly the notifications of a period (and kind) back, with their ids, to their subscribing queues", async () => {
    const from = await boundary();
    const expected = await ingestEveryKind();
    const to = await boundary();
    const later = await ingestEveryKind();
    await collectDeliveries(new Map([...expected, ...later]));
    const [kind] = [...expected.values()].map((e) => e.kind);
    const ofKind: Expected = new Map([...expected].filter(([, e]) => e.kind === kind));

    const byKind = await republish(
      "--from",
      from.toISOString(),
      "--to",
      to.toISOString(),
      "--kind",
      `${kind}`,
    );
    const againOfKind = await collectDeliveries(ofKind);
    const whole = await republish("--from", from.toISOString(), "--to", to.toISOString());
    const again = await collectDeliveries(expected);

    expect(byKind.stdout).toContain(`${ofKind.size} put`);
    expect(sorted([...againOfKind.keys()])).toEqual(sorted([...ofKind.keys()]));
    for (const [id, { units }] of ofKind) expect(sorted(againOfKind.get(id))).toEqual(sorted(units));
    expect(whole.stdout).toContain(`${expected.size} put`);
    expect(sorted([...again.keys()])).toEqual(sorted([...expected.keys()]));
    for (const [id, { units }] of expected) expect(sorted(again.get(id))).toEqual(sorted(units));
  });
});
