import { randomUUID } from "node:crypto";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { republish } from "../../cli/commands/republish.ts";
import { entryOfStoredNotification } from "../../functions/publish/event-entries.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { ReceivedNotificationReader } from "../../shared/adapters/dynamodb/received-notifications.ts";
import type { EventPublisher } from "../../shared/adapters/event-publisher.ts";
import type { FeedKindId } from "../../shared/domain/catalogue/index.ts";
import { feedFixtures, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";

const client = dynamoDbClient();
let tableName: string;
afterAll(() => client.destroy());

/** A bus that takes every entry and remembers it. */
function recordingBus(): EventPublisher & { readonly entries: PutEventsRequestEntry[] } {
  const entries: PutEventsRequestEntry[] = [];
  return {
    entries,
    publish: async (batch) => {
      entries.push(...batch);
      return batch.map(() => ({ published: true }));
    },
  };
}
const idsOf = (entries: readonly PutEventsRequestEntry[]) =>
  entries.map((entry) => (JSON.parse(entry.Detail ?? "{}") as { id: string }).id);

/** Ingests every feed fixture `rounds` times; returns the notification ids stored, with their kinds. */
async function ingest(rounds: number): Promise<Map<string, FeedKindId>> {
  const hub = ingestHarness({ client, tableName });
  const kindById = new Map<string, FeedKindId>();
  for (let round = 0; round < rounds; round++) {
    for (const fixture of feedFixtures) {
      const response = await hub.send(fixture.source, withFreshRecordIds(fixture, randomUUID()));
      expect(response.status).toBe(202);
      for (const result of response.body.results as { notificationId: string }[])
        kindById.set(result.notificationId, fixture.kind);
    }
  }
  return kindById;
}

/** An instant after every receipt so far, and before any to come: the clock has passed it when this returns. */
async function boundary(): Promise<Date> {
  const instant = new Date(Date.now() + 1);
  await waitUntil(() => Date.now() > instant.getTime(), { timeoutMs: 1_000, what: "the clock to pass" });
  return instant;
}

let before: Map<string, FeedKindId>;
let within: Map<string, FeedKindId>;
let after: Map<string, FeedKindId>;
let period: { from: Date; to: Date };

beforeAll(async () => {
  tableName = await freshTable(client);
  before = await ingest(1);
  const from = await boundary();
  // More than a query page (100) and a BatchGetItem (100 keys): the reader must page.
  within = await ingest(6);
  const to = await boundary();
  after = await ingest(1);
  period = { from, to };
});

describe("republish: stored notifications of a period back on the bus", () => {
  it("puts exactly the notifications received in the period, once each, as the publish function built them", async () => {
    const bus = recordingBus();

    const tally = await republish({
      reader: new ReceivedNotificationReader(client, tableName),
      publisher: bus,
      eventBusName: "hub-bus",
      period,
    });

    expect(within.size).toBeGreaterThan(100);
    expect(idsOf(bus.entries).sort()).toEqual([...within.keys()].sort());
    expect(tally).toEqual({ put: within.size, failed: {}, unreadable: 0, otherDeployment: 0 });
    for (const entry of bus.entries) {
      expect(entry).toEqual(entryOfStoredNotification(entry.Detail, "hub-bus").entry);
      expect(entry.DetailType).toBe(within.get(idsOf([entry])[0] ?? ""));
    }
    expect(idsOf(bus.entries).some((id) => before.has(id) || after.has(id))).toBe(false);
  });

  it("puts only the notifications of one kind when asked", async () => {
    const bus = recordingBus();
    const [kind] = [...within.values()];
    if (kind === undefined) throw new Error("nothing was ingested");

    await republish({
      reader: new ReceivedNotificationReader(client, tableName),
      publisher: bus,
      eventBusName: "hub-bus",
      period,
      kind,
    });

    const expected = [...within].filter(([, k]) => k === kind).map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(bus.entries).sort()).toEqual(expected.sort());
  });

  it("puts nothing of another deployment than the one asked for", async () => {
    const bus = recordingBus();

    const tally = await republish({
      reader: new ReceivedNotificationReader(client, tableName),
      publisher: bus,
      eventBusName: "hub-bus",
      period,
      deployment: "astana",
    });

    expect(bus.entries).toEqual([]);
    expect(tally.otherDeployment).toBe(within.size);
  });
});
