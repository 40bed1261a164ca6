import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  type FeedKindId,
  feedKindIds,
  kinds,
  subscribersOf,
  type UnitId,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import type { Command } from "../command.ts";
import { postFeed } from "../feed-client.ts";
import { localSqsClient, requireLocalHub } from "../hub-config.ts";
import { acknowledge, receive } from "../queue-client.ts";
import { renderTable } from "../table.ts";

const DEMO_TIMEOUT_MS = 30_000;

function fixtureBody(kind: FeedKindId, source: string): string {
  const url = new URL(`../../test/fixtures/feeds/${source}/${kind}.json`, import.meta.url);
  const body = JSON.parse(readFileSync(url, "utf8")) as { records: { recordId: string }[] };
  // Fresh record ids, so a second demo is new records rather than duplicates.
  const run = randomUUID().slice(0, 8);
  return JSON.stringify({
    ...body,
    records: body.records.map((r) => ({ ...r, recordId: `${r.recordId}-demo-${run}` })),
  });
}

export const demoCommand: Command = {
  name: "demo",
  summary: "Send one sample of every feed kind to the local hub and show which unit queues each reached",
  usage: "hub demo",
  options: {},
  async run({ out }) {
    const local = requireLocalHub();
    const sent = new Map<string, FeedKindId>();
    for (const kind of feedKindIds) {
      const origin = kinds[kind].origin;
      const source = "feed" in origin ? origin.feed : undefined;
      const key = source === undefined ? undefined : local.secrets[source];
      if (source === undefined || key === undefined) continue;
      const response = await postFeed(local.apiUrl, key, source, fixtureBody(kind, source));
      if (response.status !== 202) {
        out.write(`${kind}: ${response.status} ${JSON.stringify(response.body)}\n`);
        process.exitCode = 1;
        continue;
      }
      for (const r of (response.body as { results: { notificationId: string }[] }).results)
        sent.set(r.notificationId, kind);
    }
    out.write(
      `sent ${sent.size} notifications (${feedKindIds.length} kinds); reading them back from the unit queues…\n`,
    );

    const landed = new Map<FeedKindId, Set<UnitId>>(feedKindIds.map((kind) => [kind, new Set<UnitId>()]));
    const expected = (kind: FeedKindId) =>
      subscribersOf(kind).filter((unit) => local.queues[unit] !== undefined);
    const complete = () =>
      feedKindIds.every((kind) => expected(kind).every((unit) => landed.get(kind)?.has(unit)));
    const sqs = localSqsClient(local);
    const deadline = Date.now() + DEMO_TIMEOUT_MS;
    try {
      while (!complete() && Date.now() < deadline) {
        // One short long-poll per queue, all queues at once.
        await Promise.all(
          unitIds.map(async (unit) => {
            const url = local.queues[unit]?.url;
            if (url === undefined) return;
            for (const { message, notification } of await receive(sqs, url, 1)) {
              const kind = sent.get(notification.id);
              if (kind === undefined) continue; // someone else's message: leave it for them
              landed.get(kind)?.add(unit);
              await acknowledge(sqs, url, message);
            }
          }),
        );
      }
    } finally {
      sqs.destroy();
    }

    const columns = unitIds.filter((unit) => local.queues[unit] !== undefined);
    let mismatches = 0;
    const rows = feedKindIds.map((kind) => {
      const want = new Set(expected(kind));
      return [
        kind,
        ...columns.map((unit) => {
          const got = landed.get(kind)?.has(unit) ?? false;
          if (got !== want.has(unit)) mismatches += 1;
          return got ? (want.has(unit) ? "●" : "✗ extra") : want.has(unit) ? "✗ missing" : "";
        }),
      ];
    });
    out.write(renderTable(["kind", ...columns], rows));
    out.write(
      mismatches === 0
        ? "every feed kind reached exactly the units the order names\n"
        : `${mismatches} cell(s) differ from the routing the order requires\n`,
    );
    if (mismatches > 0) process.exitCode = 1;
  },
};
