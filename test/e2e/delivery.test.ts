import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_HUB_FILE, writeConnectionFile } from "../../local/connection-file.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { localCredentials } from "../../local/local-aws.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { recordPartitionKey } from "../../shared/adapters/dynamodb/notification-items.ts";
import {
  type FeedKindId,
  feedKindIds,
  subscribersOf,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import { canonicalNotificationSchema } from "../../shared/domain/notification.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { admin519FeedRequest } from "../support/admin-519-offences.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";

const hubCli = new URL("../../bin/hub.mjs", import.meta.url).pathname;
let hub: LocalHub;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
const started = performance.now();
let startupMs = 0;

beforeAll(async () => {
  hub = await startLocalHub({ targetRetry: { baseMs: 5, maxMs: 20 } });
  startupMs = performance.now() - started;
  const aws = { region: hub.connection.region, credentials: localCredentials };
  sqs = new SQSClient({ ...aws, endpoint: hub.connection.sqsEndpoint });
  dynamodb = new DynamoDBClient({ ...aws, endpoint: hub.connection.dynamodbEndpoint });
});
afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await hub?.stop();
});

const units = () => Object.keys(hub.connection.queues) as UnitId[];
const queueUrl = (unit: UnitId) => hub.connection.queues[unit]?.url ?? "";

async function post(source: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${hub.connection.apiUrl}/v1/feeds/${source}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function signedPost(source: string, payload: unknown, extra: { timestamp?: Date } = {}) {
  const body = JSON.stringify(payload);
  const key = hub.connection.secrets[source as "kqp"] ?? "";
  return post(
    source,
    body,
    signWebhook(key, body, { id: `msg_${randomUUID()}`, timestamp: extra.timestamp }),
  );
}

/** Everything in every unit queue right now, consumed: the notifications each unit holds. */
async function drainAll(): Promise<Map<UnitId, { message: Message; detail: { id: string } }[]>> {
  const drained = new Map<UnitId, { message: Message; detail: { id: string } }[]>();
  await Promise.all(
    units().map(async (unit) => {
      const got: { message: Message; detail: { id: string } }[] = [];
      for (;;) {
        const page = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl(unit), MaxNumberOfMessages: 10 }),
        );
        const messages = page.Messages ?? [];
        if (messages.length === 0) break;
        for (const message of messages) {
          got.push({
            message,
            detail: (JSON.parse(message.Body ?? "{}") as { detail: { id: string } }).detail,
          });
          await sqs.send(
            new DeleteMessageCommand({ QueueUrl: queueUrl(unit), ReceiptHandle: message.ReceiptHandle }),
          );
        }
      }
      drained.set(unit, got);
    }),
  );
  return drained;
}

/** Polls the unit queues until every (notification, unit) pair expected has arrived and the bus is quiet. */
async function collectDeliveries(expected: Map<string, UnitId[]>) {
  const seen = new Map<string, Map<UnitId, number>>();
  const bodies = new Map<string, unknown>();
  const complete = () =>
    [...expected].every(([id, wanted]) => wanted.every((unit) => (seen.get(id)?.get(unit) ?? 0) > 0));
  await waitUntil(
    async () => {
      for (const [unit, messages] of await drainAll()) {
        for (const { message, detail } of messages) {
          const perUnit = seen.get(detail.id) ?? new Map<UnitId, number>();
          perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
          seen.set(detail.id, perUnit);
          bodies.set(detail.id, JSON.parse(message.Body ?? "{}"));
        }
      }
      return complete() && hub.deliveriesSettled();
    },
    { timeoutMs: 30_000, what: "every subscribing queue to receive its notifications" },
  );
  // Quiet bus: anything still on its way would already be in a queue; read once more for strays.
  for (const [unit, messages] of await drainAll()) {
    for (const { detail } of messages) {
      const perUnit = seen.get(detail.id) ?? new Map<UnitId, number>();
      perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
      seen.set(detail.id, perUnit);
    }
  }
  return { seen, bodies };
}

describe("the local hub, end to end", () => {
  it("starts and reports the deployment's unit queues", () => {
    expect(hub.connection.deployment).toBe("almaty");
    expect(units().length).toBeGreaterThan(0);
    console.info(`local hub ready in ${Math.round(startupMs)} ms`);
  });

  it("delivers every feed kind to exactly its subscribing units' queues, with the notification as detail", async () => {
    const expected = new Map<string, UnitId[]>();
    const kindOf = new Map<string, FeedKindId>();
    const sentAt = performance.now();
    for (const kind of feedKindIds) {
      const fixture = feedFixture(kind);
      const response = await signedPost(fixture.source, withFreshRecordIds(fixture, randomUUID()));
      expect(response.status, kind).toBe(202);
      for (const result of response.body.results as { notificationId: string }[]) {
        expected.set(result.notificationId, subscribersOf(kind));
        kindOf.set(result.notificationId, kind);
      }
    }

    const { seen, bodies } = await collectDeliveries(expected);
    console.info(
      `${expected.size} notifications delivered to all subscribers in ${Math.round(performance.now() - sentAt)} ms`,
    );

    for (const [id, wanted] of expected) {
      const got = seen.get(id) ?? new Map();
      expect([...got.keys()].sort(), kindOf.get(id)).toEqual([...wanted].sort());
      const event = bodies.get(id) as { "detail-type": string; source: string; detail: unknown };
      expect(event["detail-type"]).toBe(kindOf.get(id));
      expect(canonicalNotificationSchema.safeParse(event.detail).success).toBe(true);
    }
  });

  it("delivers a duplicated request once per subscribing unit", async () => {
    const fixture = feedFixture("expulsion.ordered");
    const body = withFreshRecordIds(fixture, randomUUID());

    const first = await signedPost(fixture.source, body);
    const second = await signedPost(fixture.source, body);

    const ids = (first.body.results as { notificationId: string }[]).map((r) => r.notificationId);
    expect((second.body.results as { status: string }[]).map((r) => r.status)).toEqual(
      ids.map(() => "duplicate"),
    );
    const { seen } = await collectDeliveries(
      new Map(ids.map((id) => [id, subscribersOf("expulsion.ordered")])),
    );
    for (const id of ids) {
      for (const unit of subscribersOf("expulsion.ordered")) expect(seen.get(id)?.get(unit), unit).toBe(1);
    }
  });

  it("refuses tampered and expired signatures with 401, delivering nothing", async () => {
    const fixture = feedFixture("border.illegal-crossing");
    const body = JSON.stringify(withFreshRecordIds(fixture, randomUUID()));
    const key = hub.connection.secrets.burkit ?? "";
    const headers = signWebhook(key, body, { id: "msg_e2e_tamper" });
    const stale = signWebhook(key, body, {
      id: "msg_e2e_stale",
      timestamp: new Date(Date.now() - 10 * 60_000),
    });

    const tampered = await post("burkit", body.replace("KZ-75", "KZ-79"), headers);
    const expired = await post("burkit", body, stale);

    expect([tampered.status, expired.status]).toEqual([401, 401]);
    await waitUntil(() => hub.deliveriesSettled(), { timeoutMs: 5_000, what: "a quiet bus" });
    const drained = await drainAll();
    expect([...drained.values()].flat()).toEqual([]);
  });

  it("refuses a record of another region with 422 and stores nothing", async () => {
    const fixture = feedFixture("stay.overstay");
    const body = withFreshRecordIds(fixture, randomUUID());

    const response = await signedPost(fixture.source, {
      ...body,
      records: body.records.map((r) => ({ ...r, region: "KZ-79" })),
    });

    expect(response.status).toBe(422);
    expect(JSON.stringify(response.body)).toContain("shymkent");
    // Nothing under the records' partitions (the hub's own jobs may store other things meanwhile).
    for (const record of body.records) {
      const stored = await dynamodb.send(
        new QueryCommand({
          TableName: hub.tableName,
          KeyConditionExpression: "#pk = :pk",
          ExpressionAttributeNames: { "#pk": notificationTable.partitionKey },
          ExpressionAttributeValues: {
            ":pk": { S: recordPartitionKey(fixture.source, String(record.recordId)) },
          },
          Select: "COUNT",
        }),
      );
      expect(stored.Count, String(record.recordId)).toBe(0);
    }
  });

  it("keeps messages for a consumer that is away for 14 days, the queues' retention", async () => {
    for (const unit of units()) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl(unit),
          AttributeNames: ["MessageRetentionPeriod"],
        }),
      );
      expect(Number(Attributes.MessageRetentionPeriod), unit).toBe(14 * 24 * 60 * 60);
    }
  });

  it("puts an event whose target queue fails into the rule's dead-letter queue, and the CLI redrives it back", async () => {
    const unit: UnitId = "imc";
    const queues = hub.connection.queues[unit];
    if (queues === undefined) throw new Error("no imc queue");
    const name = queues.url.split("/").pop() ?? "";
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queues.url }));
    try {
      const fixture = feedFixture("citizenship.granted");
      const response = await signedPost(fixture.source, withFreshRecordIds(fixture, randomUUID()));
      const id = (response.body.results as { notificationId: string }[])[0]?.notificationId;

      const dead = await waitUntil(
        async () => {
          const page = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queues.dlqUrl,
              MaxNumberOfMessages: 10,
              MessageAttributeNames: ["All"],
            }),
          );
          return (page.Messages ?? []).find(
            (m) => (JSON.parse(m.Body ?? "{}") as { detail: { id: string } }).detail.id === id,
          );
        },
        { timeoutMs: 30_000, what: "the event to reach the dead-letter queue" },
      );

      expect(dead.MessageAttributes?.RULE_ARN?.StringValue).toBeDefined();
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queues.dlqUrl,
          ReceiptHandle: dead.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
      await sqs.send(new CreateQueueCommand({ QueueName: name }));

      // The unit's operator moves the dead letters back with the CLI, as against AWS (flags + SDK environment).
      // Asynchronously: the emulator it talks to runs in this very process.
      await promisify(execFile)(
        process.execPath,
        [hubCli, "redrive", "--unit", unit, "--queue-url", queues.url, "--dlq-url", queues.dlqUrl],
        {
          env: {
            ...process.env,
            AWS_ENDPOINT_URL_SQS: hub.connection.sqsEndpoint,
            AWS_REGION: hub.connection.region,
            AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
          },
        },
      );
      const back = await waitUntil(
        async () => {
          const page = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl: queues.url, MaxNumberOfMessages: 10 }),
          );
          return (page.Messages ?? []).find(
            (m) => (JSON.parse(m.Body ?? "{}") as { detail: { id: string } }).detail.id === id,
          );
        },
        { timeoutMs: 10_000, what: "the redriven event in the unit's queue" },
      );
      expect(back).toBeDefined();
    } finally {
      await sqs.send(new CreateQueueCommand({ QueueName: name }));
    }
  });
});

describe("the monthly art.-519 list and the statistics, through the local hub and the CLI", () => {
  /** Runs `hub <args>` as an officer would, against this hub's connection file (in a folder of its own). */
  async function hubCommand(folder: string, args: readonly string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(process.execPath, [hubCli, ...args], { cwd: folder });
    return stdout;
  }

  it("lists October's offences for imc once, however often the month is built, and counts them", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hub-lists-"));
    writeConnectionFile(hub.connection, join(folder, LOCAL_HUB_FILE));
    const response = await signedPost("kqp", admin519FeedRequest(randomUUID().slice(0, 8)));
    expect(response.status).toBe(202);
    const offenceIds = (response.body.results as { notificationId: string }[]).map((r) => r.notificationId);
    await collectDeliveries(new Map(offenceIds.map((id) => [id, ["imc" as UnitId]])));

    const first = await hubCommand(folder, ["lists", "519", "--month", "2026-10", "--download", "lists"]);
    const again = await hubCommand(folder, ["lists", "519", "--month", "2026-10"]);

    expect(first).toMatch(/^built 2026-10: notification \w+ stored, imc is notified$/m);
    expect(again).toMatch(/^built 2026-10 again: the same list/m);
    expect(first).toContain("18 offences, 14 persons, 2 with more than one");
    const csv = readFileSync(join(folder, "lists", "2026-10.csv"));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8")).toContain("Әбдірахманов,Нұрсұлтан,Қайратұлы");
    // One notification of the list reached imc (and only imc), for both builds.
    const listId = /notification (\w+) stored/.exec(first)?.[1] ?? "";
    const { seen, bodies } = await collectDeliveries(new Map([[listId, ["imc" as UnitId]]]));
    expect(seen.get(listId)).toEqual(new Map([["imc", 1]]));
    const lists = [...bodies.values()].filter(
      (event) => (event as { "detail-type": string })["detail-type"] === "offence.admin-519.monthly-list",
    );
    expect(lists).toHaveLength(1);
    console.info(`hub lists 519 --month 2026-10, first rows:\n${first}`);

    const chart = await hubCommand(folder, [
      "stats",
      "--from",
      "2026-09",
      "--to",
      "2026-10",
      "--by",
      "kind",
      "--chart",
    ]);
    expect(chart).toMatch(/offence\.admin-519: Held liable/);
    expect(chart).toMatch(/2026-10\s+18\s+█+/);
    console.info(`hub stats --chart:\n${chart}`);
  });
});
