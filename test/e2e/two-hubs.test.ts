import { randomUUID } from "node:crypto";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { subscribersOf, type UnitId } from "../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { localHubClient } from "../support/local-hub-client.ts";

// Two hubs in one process: each must run with its own deployment, keys, table and bus, never the first one's.
let almaty: LocalHub;
let shymkent: LocalHub;
let clients: { almaty: ReturnType<typeof localHubClient>; shymkent: ReturnType<typeof localHubClient> };

beforeAll(async () => {
  // One after the other: synthesis blocks the event loop, and two at once starve both JVMs' start-up probes.
  almaty = await startLocalHub({ deployment: "almaty" });
  shymkent = await startLocalHub({ deployment: "shymkent" });
  clients = { almaty: localHubClient(almaty), shymkent: localHubClient(shymkent) };
});
afterAll(async () => {
  clients?.almaty.close();
  clients?.shymkent.close();
  await Promise.all([almaty?.stop(), shymkent?.stop()]);
});

const fixture = feedFixture("stay.overstay");
/** The overstay sample, as a new record of one region (KZ-75 is Almaty, KZ-79 Shymkent). */
const overstayIn = (region: string) => {
  const body = withFreshRecordIds(fixture, randomUUID());
  return JSON.stringify({ ...body, records: body.records.map((record) => ({ ...record, region })) });
};

async function notificationIdOf(response: { status: number; text: string }): Promise<string> {
  expect(response.status).toBe(202);
  const { results } = JSON.parse(response.text) as { results: { notificationId: string }[] };
  const id = results[0]?.notificationId;
  if (id === undefined) throw new Error("no notification in the answer");
  return id;
}

/** Waits until the notification is in the unit's queue of that hub. */
function delivered(hub: LocalHub, client: ReturnType<typeof localHubClient>, unit: UnitId, id: string) {
  const url = hub.connection.queues[unit]?.url ?? "";
  return waitUntil(
    async () => {
      const page = await client.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      return (page.Messages ?? []).some(
        (message) => (JSON.parse(message.Body ?? "{}") as { detail?: { id?: string } }).detail?.id === id,
      );
    },
    { timeoutMs: 30_000, what: `${id} in ${hub.connection.deployment}'s ${unit} queue` },
  );
}

describe("two local hubs in one process", () => {
  it("each has its own keys, table and queues", () => {
    expect(almaty.connection.deployment).toBe("almaty");
    expect(shymkent.connection.deployment).toBe("shymkent");
    expect(almaty.connection.secrets.burkit).not.toBe(shymkent.connection.secrets.burkit);
    expect(almaty.tableName).not.toBe(shymkent.tableName);
    expect(almaty.connection.dynamodbEndpoint).not.toBe(shymkent.connection.dynamodbEndpoint);
  });

  it("each accepts its own region's records with its own keys, and stores and routes them itself", async () => {
    const source = fixture.source;
    const almatyRecord = overstayIn("KZ-75");

    // Shymkent's hub judges by its own deployment and verifies with its own keys.
    const elsewhere = await clients.shymkent.sendSigned(source, almatyRecord);
    const almatyKey = almaty.connection.secrets[source] ?? "";
    const foreignKey = await clients.shymkent.post(`/v1/feeds/${source}`, almatyRecord, {
      "content-type": "application/json",
      ...signWebhook(almatyKey, almatyRecord, { id: `msg_${randomUUID()}` }),
    });
    expect(elsewhere.status).toBe(422);
    expect(foreignKey.status).toBe(401);

    const inAlmaty = await notificationIdOf(await clients.almaty.sendSigned(source, almatyRecord));
    const inShymkent = await notificationIdOf(await clients.shymkent.sendSigned(source, overstayIn("KZ-79")));

    const unit = subscribersOf(fixture.kind).find(
      (candidate) =>
        almaty.connection.queues[candidate] !== undefined &&
        shymkent.connection.queues[candidate] !== undefined,
    );
    if (unit === undefined) throw new Error(`no unit of both deployments subscribes to ${fixture.kind}`);
    await delivered(almaty, clients.almaty, unit, inAlmaty);
    await delivered(shymkent, clients.shymkent, unit, inShymkent);
    expect(await clients.almaty.notificationCount()).toBe(1);
    expect(await clients.shymkent.notificationCount()).toBe(1);
  });
});
