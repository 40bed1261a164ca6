/**
 * A notification's trace and the per-unit replay, end to end on one local hub: `hub trace` shows every
 * hop of a notification (received, published, delivered, acknowledged, overdue and escalated, dead
 * letters), refuses a unit it was not routed to (403) and an unknown id (404); `hub replay` puts
 * exactly one unit's notifications of a period back on its queue, through its rule, and nothing on any
 * other queue. The receipt checker runs only when a test triggers it, with compressed deadlines.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Message, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signApiRequest } from "../../cli/signed-request.ts";
import { LOCAL_HUB_FILE } from "../../local/connection-file.ts";
import type { BusEvent } from "../../local/event-bus.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { RECEIPT_CHECKER_JOB } from "../../local/receipts.ts";
import { localSessionToken } from "../../local/unit-roles.ts";
import type { Trace } from "../../shared/api/trace.ts";
import {
  type FeedKindId,
  feedKindIds,
  subscribersOf,
  type UnitId,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../../shared/domain/receipts/index.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { hubCliIn } from "../support/hub-cli.ts";
import { localHubClient } from "../support/local-hub-client.ts";

/** Urgent receipts are due 2 s after receipt (first deadline); nothing else falls due during the run. */
const DEADLINES: ReceiptDeadlines = {
  urgent: { first: 2, second: 3_600 },
  routine: { first: 3_600, second: 7_200 },
};
let folder: string;
let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "hub-e2e-trace-"));
  hub = await startLocalHub({
    targetRetry: { baseMs: 5, maxMs: 20 },
    connectionFile: join(folder, LOCAL_HUB_FILE),
    receipts: { deadlines: DEADLINES, checkEveryMs: null },
  });
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

/** Posts the sample of each kind, signed, with fresh record ids: notification id → its subscribers. */
async function ingest(kinds: readonly FeedKindId[]): Promise<Map<string, UnitId[]>> {
  const expected = new Map<string, UnitId[]>();
  for (const kind of kinds) {
    const fixture = feedFixture(kind);
    const response = await client.sendSigned(
      fixture.source,
      JSON.stringify(withFreshRecordIds(fixture, randomUUID())),
    );
    expect(response.status, kind).toBe(202);
    const { results } = JSON.parse(response.text) as { results: { notificationId: string }[] };
    for (const { notificationId } of results) expected.set(notificationId, subscribersOf(kind));
  }
  return expected;
}

/** An instant after every receipt so far and before any to come: the clock has passed it when this returns. */
async function boundary(): Promise<Date> {
  const instant = new Date(Date.now() + 1);
  await waitUntil(() => Date.now() > instant.getTime(), { timeoutMs: 1_000, what: "the clock to pass" });
  return instant;
}

/** Every message of every unit queue and dead-letter queue right now, consumed, by queue. */
async function drainEveryQueue(): Promise<Map<string, Message[]>> {
  const drained = new Map<string, Message[]>();
  for (const unit of unitIds) {
    const queues = hub.connection.queues[unit];
    if (queues === undefined) continue;
    drained.set(unit, await client.drain(unit));
    const dead: Message[] = [];
    for (;;) {
      const page = await client.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues.dlqUrl, MaxNumberOfMessages: 10 }),
      );
      if ((page.Messages ?? []).length === 0) break;
      dead.push(...(page.Messages ?? []));
    }
    drained.set(`${unit} (dead letters)`, dead);
  }
  return drained;
}

/** The `hub` command line, run where the hub wrote its connection file. */
const hubCommand = (...args: string[]) => hubCliIn(folder)(...args);

describe("hub replay, locally", () => {
  /** Receives 5 of the 18 feed kinds: the period holds notifications for it and for others. */
  const UNIT: UnitId = "admin-police";

  it("puts exactly the unit's notifications of the period back on its queue, and nothing on any other", async () => {
    const before = await ingest(feedKindIds.slice(0, 6));
    const from = await boundary();
    const during = await ingest(feedKindIds);
    const to = await boundary();
    const after = await ingest(feedKindIds.slice(-6));
    await client.deliveries(new Map([...before, ...during, ...after]));
    const forUnit = [...during].filter(([, units]) => units.includes(UNIT)).map(([id]) => id);
    expect(forUnit.length).toBeGreaterThan(0);
    expect(forUnit.length).toBeLessThan(during.size);

    const { code, stdout } = await hubCommand(
      "replay",
      "--unit",
      UNIT,
      "--from",
      from.toISOString(),
      "--to",
      to.toISOString(),
    );
    const replayed = new Map<string, BusEvent[]>();
    await waitUntil(
      async () => {
        for (const message of await client.drain(UNIT)) {
          const event = JSON.parse(message.Body ?? "{}") as BusEvent & { detail: { id: string } };
          replayed.set(event.detail.id, [...(replayed.get(event.detail.id) ?? []), event]);
        }
        return replayed.size >= forUnit.length && hub.deliveriesSettled();
      },
      { timeoutMs: 30_000, what: `the ${UNIT} queue to receive its notifications again` },
    );
    const elsewhere = await drainEveryQueue();

    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`through arn:aws:events:[^ ]+:rule/${hub.connection.busName}/`));
    expect(stdout).toContain(
      `${forUnit.length} replayed to ${UNIT}; ${during.size - forUnit.length} not for ${UNIT}`,
    );
    expect([...replayed.keys()].sort()).toEqual([...forUnit].sort());
    for (const events of replayed.values()) {
      expect(events).toHaveLength(1);
      expect(events[0]?.["replay-name"]).toMatch(new RegExp(`^replay-${UNIT}-`));
    }
    for (const [queue, messages] of elsewhere) expect(messages, queue).toEqual([]);
  });
});

describe("hub trace, locally", () => {
  /** Urgent, routed to imc, criminal-police and transport-police. */
  const KIND: FeedKindId = "border.illegal-crossing";
  let id: string;
  let recordId: string;

  /** A request to the API signed with `unit`'s role of this run, in a session named after `officer`. */
  async function signedFetch(
    unit: UnitId,
    request: { method: "GET" | "POST"; path: string; body?: string },
    officer = `${unit}.officer`,
  ) {
    const credentials = hub.connection.credentials[unit];
    if (credentials === undefined) throw new Error(`the hub has no role for ${unit}`);
    const target = {
      apiUrl: hub.connection.apiUrl,
      region: hub.connection.region,
      credentials: { ...credentials, sessionToken: localSessionToken(officer) },
    };
    const { url, headers } = await signApiRequest(target, request);
    const response = await fetch(url, { method: request.method, headers, body: request.body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Acknowledges through `POST /v1/receipts`, as an officer of `unit`. */
  async function acknowledge(unit: UnitId, officer: string, receipt: Record<string, string>) {
    const body = JSON.stringify({ receipts: [{ notificationId: id, ...receipt }] });
    const { status } = await signedFetch(
      unit,
      { method: "POST", path: RECEIPTS_PATH.slice(1), body },
      officer,
    );
    expect(status).toBe(200);
  }

  /** `GET /v1/notifications/{id}/trace` as `unit`. */
  async function trace(unit: UnitId, notificationId = id) {
    const answer = await signedFetch(unit, {
      method: "GET",
      path: `v1/notifications/${notificationId}/trace`,
    });
    return { status: answer.status, trace: answer.body.trace as Trace, error: answer.body.error };
  }

  beforeAll(async () => {
    const fixture = feedFixture(KIND);
    const body = withFreshRecordIds(fixture, randomUUID());
    const response = await client.sendSigned(fixture.source, JSON.stringify(body));
    expect(response.status).toBe(202);
    const [result] = (
      JSON.parse(response.text) as { results: { notificationId: string; recordId: string }[] }
    ).results;
    if (result === undefined) throw new Error("nothing stored");
    ({ notificationId: id, recordId } = result);
    await client.deliveries(new Map([[id, subscribersOf(KIND)]]));
  });

  it("shows every hop: received, published, delivered, acknowledged by unit and officer, overdue and escalated", async () => {
    await acknowledge("imc", "a.serikbayev", { status: "actioned", reference: "KUSP-2026-0042" });
    await acknowledge("criminal-police", "b.omarov", { status: "received" });
    // transport-police does not acknowledge: its first deadline (2 s) passes, the checker escalates it.
    const receivedAt = Date.parse((await trace("imc")).trace.notification.receivedAt);
    await waitUntil(() => Date.now() > receivedAt + DEADLINES.urgent.first * 1000, {
      timeoutMs: 10_000,
      what: "the first deadline to pass",
    });
    await hub.runJob(RECEIPT_CHECKER_JOB, { recheckFrom: new Date(receivedAt).toISOString() });
    await waitUntil(() => hub.deliveriesSettled(), { timeoutMs: 10_000, what: "a quiet bus" });

    const { status, trace: traced } = await trace("duty");
    const readable = await hubCommand("trace", id, "--unit", "duty", "--officer", "d.nurlanov");
    const byRecord = await hubCommand(
      "trace",
      "--source",
      "burkit",
      "--record",
      recordId,
      "--unit",
      "imc",
      "--json",
    );
    console.info(`hub trace ${id} --unit duty --officer d.nurlanov\n${readable.stdout}`);

    expect(status).toBe(200);
    expect(traced.notification).toMatchObject({ id, kind: KIND, upstream: { system: "burkit", recordId } });
    expect(traced.receiptClass).toBe("urgent");
    expect(Date.parse(traced.publishedAt ?? "")).toBeGreaterThanOrEqual(receivedAt);
    expect(traced.deadLetters).toBe("checked");
    const [imc, criminalPolice, transportPolice] = traced.units;
    expect(imc).toMatchObject({
      unit: "imc",
      delivery: "acknowledged",
      received: { officer: "a.serikbayev" },
      actioned: { officer: "a.serikbayev", reference: "KUSP-2026-0042" },
      overdue: false,
    });
    expect(criminalPolice).toMatchObject({
      unit: "criminal-police",
      delivery: "acknowledged",
      received: { officer: "b.omarov" },
      overdue: false,
    });
    expect(transportPolice).toMatchObject({ unit: "transport-police", delivery: "sent", overdue: true });
    expect(transportPolice?.deadlines[0]).toMatchObject({ level: "first", state: "missed" });
    expect(transportPolice?.deadlines[1]).toMatchObject({ level: "second", state: "open" });
    const escalationId = transportPolice?.deadlines[0]?.escalation?.notificationId ?? "";
    expect(escalationId).toMatch(/^[0-9A-Z]{26}$/);
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain(`notification ${id}  ${KIND}  (receipt: urgent)`);
    expect(readable.stdout).toContain("overdue: transport-police");
    expect(byRecord.code).toBe(0);
    expect((JSON.parse(byRecord.stdout) as Trace).notification.id).toBe(id);

    // The escalation is a notification of its own, routed to duty and imc: they trace it in turn.
    const escalation = await trace("duty", escalationId);
    expect(escalation.trace.notification.kind).toBe("receipt.overdue");
    expect(escalation.trace.units.map((unit) => unit.unit)).toEqual(["duty", "imc"]);
    await client.deliveries(new Map([[escalationId, ["duty", "imc"]]]));
  });

  it("shows a copy in a unit's dead-letter queue, and leaves it there", async () => {
    const deadLetterQueue = hub.connection.queues["transport-police"]?.dlqUrl ?? "";
    const event = { "detail-type": KIND, detail: { id } };
    await client.sqs.send(
      new SendMessageCommand({ QueueUrl: deadLetterQueue, MessageBody: JSON.stringify(event) }),
    );

    const { trace: traced } = await trace("transport-police");
    const stillThere = await drainEveryQueue();

    expect(traced.units.find((unit) => unit.unit === "transport-police")?.delivery).toBe("dead-lettered");
    expect(stillThere.get("transport-police (dead letters)")).toHaveLength(1);
  });

  it("refuses a unit the notification was not routed to (403) and an unknown notification (404)", async () => {
    const forbidden = await hubCommand("trace", id, "--unit", "migration-service");
    const unknown = await trace("imc", newNotificationId());

    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toContain("403 trace.forbidden");
    expect(unknown.status).toBe(404);
    expect(unknown.error).toMatchObject({ code: "notification.unknown" });
  });
});
