/**
 * 10,000 notifications through the local hub with concurrent requests: every notification is stored
 * once and reaches every subscribing unit's queue, and the counts reconcile exactly per unit.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { type FeedKindId, subscribersOf, type UnitId } from "../../shared/domain/catalogue/index.ts";
import { feedFixtures } from "../support/fixtures.ts";
import { localHubClient } from "../support/local-hub-client.ts";

const NOTIFICATIONS = Number(process.env.LOAD_NOTIFICATIONS ?? 10_000);
const BATCH = 100;
const CONCURRENCY = 4;

let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;
beforeAll(async () => {
  hub = await startLocalHub();
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
});

describe("load through the local hub", () => {
  it(`stores ${NOTIFICATIONS} notifications once and delivers each to exactly its subscribers`, async () => {
    const units = Object.keys(hub.connection.queues) as UnitId[];
    const requests = Array.from({ length: Math.ceil(NOTIFICATIONS / BATCH) }, (_, r) => {
      const fixture = feedFixtures[r % feedFixtures.length];
      if (fixture === undefined) throw new Error("no fixtures");
      const template = fixture.body.records[0] ?? {};
      const size = Math.min(BATCH, NOTIFICATIONS - r * BATCH);
      const records = Array.from({ length: size }, (_, i) => ({ ...template, recordId: `load-${r}-${i}` }));
      return { fixture, body: JSON.stringify({ ...fixture.body, records }) };
    });
    const expectedPerUnit = new Map<UnitId, Set<string>>(units.map((unit) => [unit, new Set<string>()]));
    const started = performance.now();

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const request = requests[next++];
          if (request === undefined) break;
          const response = await client.sendSigned(request.fixture.source, request.body);
          expect(response.status).toBe(202);
          const results = (
            JSON.parse(response.text) as { results: { notificationId: string; status: string }[] }
          ).results;
          for (const result of results) {
            expect(result.status).toBe("stored");
            for (const unit of subscribersOf(request.fixture.kind as FeedKindId))
              expectedPerUnit.get(unit)?.add(result.notificationId);
          }
        }
      }),
    );
    const ingested = performance.now();

    const receivedPerUnit = new Map<UnitId, Map<string, number>>(
      units.map((unit) => [unit, new Map<string, number>()]),
    );
    const complete = () =>
      units.every((unit) => (receivedPerUnit.get(unit)?.size ?? 0) >= (expectedPerUnit.get(unit)?.size ?? 0));
    await waitUntil(
      async () => {
        await Promise.all(
          units.map(async (unit) => {
            for (const message of await client.drain(unit, 50)) {
              const id = (JSON.parse(message.Body ?? "{}") as { detail: { id: string } }).detail.id;
              const seen = receivedPerUnit.get(unit);
              seen?.set(id, (seen.get(id) ?? 0) + 1);
            }
          }),
        );
        return complete() && hub.deliveriesSettled();
      },
      { timeoutMs: 300_000, what: "every notification in every subscribing queue" },
    );
    const delivered = performance.now();

    expect(await client.notificationCount()).toBe(NOTIFICATIONS);
    let duplicates = 0;
    for (const unit of units) {
      const received = receivedPerUnit.get(unit) ?? new Map<string, number>();
      const expected = expectedPerUnit.get(unit) ?? new Set<string>();
      expect([...received.keys()].sort(), unit).toEqual([...expected].sort());
      duplicates += [...received.values()].reduce((sum, count) => sum + count - 1, 0);
    }
    const messages = [...expectedPerUnit.values()].reduce((sum, ids) => sum + ids.size, 0);
    console.info(
      `load: ${NOTIFICATIONS} notifications stored in ${((ingested - started) / 1000).toFixed(1)} s ` +
        `(${Math.round(NOTIFICATIONS / ((ingested - started) / 1000))}/s), ${messages} unit messages delivered after ` +
        `${((delivered - started) / 1000).toFixed(1)} s, ${duplicates} duplicate deliveries`,
    );
  });
});
