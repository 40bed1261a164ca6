/**
 * Section 4, the local hub end to end: `startLocalHub()` in this process (DynamoDB Local, the SQS
 * emulator, the local bus, the stream poller and the real handlers), N signed requests at
 * concurrency C through its HTTP API, until every subscribing unit's queue holds every notification.
 * The queues are drained with the SQS SDK; each delivery is counted per notification and unit and
 * timed from its request's send time. The floor is DynamoDB Local's own conditional-put rate on the
 * same table shape (stream + both indexes), the best over a sweep of in-flight counts, measured in the
 * same run and the same DynamoDB Local after a warm-up of the hub. (This replaces bench/ingest-store.ts.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { ulid } from "ulid";
import type { LocalHubConnection } from "../local/connection-file.ts";
import { startLocalHub } from "../local/hub.ts";
import { localCredentials } from "../local/local-aws.ts";
import { createTableFromTemplate } from "../local/notification-table.ts";
import { loadTopology } from "../local/template-topology.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import { DynamoNotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import type { AcceptedBody } from "../shared/api/responses.ts";
import { type FeedSourceId, subscribersOf, type UnitId } from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { feedFixtures } from "../test/support/fixtures.ts";
import { type BenchBody, benchSources, feedBody, fixturesOf, signedHeaders } from "./lib/feeds.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { Goal, SectionReport } from "./lib/report.ts";
import { fixed, percent, quantile, round } from "./lib/stats.ts";

const STORE_CONCURRENCY = 16; // shared/use-cases/store-notifications.ts stores 16 records of a request at a time
const GOAL_FLOOR_SHARE = 0.5;
const GOAL_P99_MS = 1_000;

interface Scenario {
  readonly batch: number;
  readonly requests: number;
  readonly concurrency: number;
}

export interface EndToEndScenario extends Scenario {
  readonly notifications: number;
  readonly expectedDeliveries: number;
  readonly delivered: number;
  readonly notificationsFullyDelivered: number;
  readonly unexpectedDeliveries: number;
  readonly duplicateDeliveries: number;
  readonly deadLetters: number;
  readonly non202: number;
  readonly stored: number;
  readonly sendWindowMs: number;
  readonly endToEndWindowMs: number;
  /** Notifications stored (202) per second over the send window. */
  readonly ingestRate: number;
  /** Notifications delivered to every subscriber queue per second, first send → last delivery. */
  readonly sustainedRate: number;
  readonly deliveriesPerSecond: number;
  readonly requestLatencyMs: { p50: number; p99: number; max: number };
  readonly requestToQueueMs: { p50: number; p99: number; max: number };
  /** Request's response → the delivery's sighting: the stream → publish → bus → queue part. */
  readonly responseToQueueMs: { p50: number; p99: number; max: number };
  readonly peakRssMb: number;
  /** RSS just before the scenario (everything this benchmark process loaded so far, the hub included). */
  readonly baselineRssMb: number;
  /** CPU time ÷ wall time from first send to last delivery (1 = one core busy): this Node process, all its threads (API handlers and driver on the main thread; delivery and the SQS emulator in threads of their own), and the DynamoDB Local JVM. */
  readonly nodeCpuShare: number;
  readonly jvmCpuShare: number;
  /** The floor: the best rate of the sweep, and at how many puts in flight it was reached. */
  readonly floor: { inFlight: number; rate: number };
  /** Store calls the hub can have in flight in this scenario: C × min(16, batch). */
  readonly hubWritesInFlight: number;
  readonly floorShare: number;
  readonly ingestFloorShare: number;
  readonly completed: boolean;
}

export interface EndToEndData {
  readonly deployment: string;
  readonly startHubMs: number;
  /** DynamoDB Local's conditional PutItem rate by puts in flight (the floor is the best of them). */
  readonly floorSweep: readonly SweepPoint[];
  /** The hub's `DynamoNotificationStore.storeOnce` alone, notifications/s by calls in flight. */
  readonly storeSweep: readonly SweepPoint[];
  /** Subject items written beside each notification item (mean over the fixture kinds). */
  readonly subjectItemsPerNotification: number;
  readonly scenarios: readonly EndToEndScenario[];
}

export interface SweepPoint {
  readonly inFlight: number;
  readonly operations: number;
  readonly rate: number;
}

/** CPU seconds so far of the DynamoDB Local JVM listening on `port` (Linux /proc), if found. */
function jvmCpuSeconds(port: string): number | undefined {
  try {
    for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!argv.some((arg) => arg.endsWith("DynamoDBLocal.jar"))) continue;
      if (argv[argv.indexOf("-port") + 1] !== port) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").pop()?.split(" ") ?? [];
      // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after "pid (comm) ", in clock ticks.
      return (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Keeps, per in-flight count, the best point seen. */
function keepBest(points: SweepPoint[], point: SweepPoint): void {
  const index = points.findIndex((p) => p.inFlight === point.inFlight);
  if (index < 0) points.push(point);
  else if ((points[index]?.rate ?? 0) < point.rate) points[index] = point;
}

/** In-flight counts of the floor sweep. */
const FLOOR_IN_FLIGHT = [1, 4, 16, 64] as const;

interface Expected {
  readonly units: ReadonlySet<UnitId>;
  sentAt: number;
  answeredAt: number;
}

async function inFlight(total: number, concurrency: number, work: (index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

/** Request bodies of a scenario: batch 1 cycles through every feed kind; batch 100 through the sources. */
function scenarioBodies(scenario: Scenario, prefix: string): BenchBody[] {
  return Array.from({ length: scenario.requests }, (_, r) => {
    if (scenario.batch === 1) {
      const fixture = feedFixtures[r % feedFixtures.length];
      const source: FeedSourceId = fixture?.source ?? "kqp";
      const offset = fixturesOf(source).findIndex((f) => f.kind === fixture?.kind);
      return feedBody(source, 1, `${prefix}-${r}`, Math.max(0, offset));
    }
    const source = benchSources[r % benchSources.length] ?? "kqp";
    return feedBody(source, scenario.batch, `${prefix}-${r}`, r);
  });
}

/** Notifications of every kind of every source, as the hub maps them. */
function sampleNotifications(prefix: string): CanonicalNotification[] {
  const bodies = benchSources.map((source) => feedBody(source, 100, `${prefix}-template-${source}`));
  return bodies.flatMap(({ source, body }) => {
    const mapped = mapFeedRequest(source, JSON.parse(body), {
      deployment: "almaty",
      receivedAt: new Date(),
      newId: () => ulid(),
    });
    return mapped.ok ? mapped.records.map((r) => r.notification) : [];
  });
}

/** The items the floor writes: the hub's own notification items (fresh keys), so every index is maintained. */
function floorItems(count: number, prefix: string) {
  const notifications = sampleNotifications(prefix);
  return Array.from({ length: count }, (_, i) => {
    const notification = notifications[i % notifications.length];
    if (notification === undefined) throw new Error("no floor notifications");
    const item = notificationItems(notification, 30).notification;
    return { ...item, pk: { S: `REC#floor#${prefix}-${i}` } };
  });
}

interface HubUnderTest {
  readonly connection: LocalHubConnection;
  readonly sqs: SQSClient;
  readonly units: ReadonlyArray<{ readonly unit: UnitId; readonly url: string; readonly dlqUrl: string }>;
  readonly deadLetterQueues: readonly string[];
}

type HubRun = Omit<
  EndToEndScenario,
  | keyof Scenario
  | "floor"
  | "floorShare"
  | "ingestFloorShare"
  | "peakRssMb"
  | "baselineRssMb"
  | "hubWritesInFlight"
> & { readonly peakRss: number };

/** DynamoDB Local's conditional PutItem rate for the hub's notification items, `inFlightPuts` at a time. */
async function measureFloor(
  dynamodb: DynamoDBClient,
  table: string,
  puts: number,
  inFlightPuts: number,
  prefix: string,
): Promise<number> {
  const items = floorItems(puts, prefix);
  const started = performance.now();
  await inFlight(puts, inFlightPuts, async (i) => {
    await dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: items[i],
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  });
  return puts / ((performance.now() - started) / 1000);
}

/**
 * The hub's own write path alone: `DynamoNotificationStore.storeOnce` (one TransactWriteItems of the
 * notification and its subject items, or a PutItem when there are none) for fresh notifications,
 * `inFlightStores` at a time: no HTTP, middy, validation or stream.
 */
async function measureStoreOnly(
  dynamodb: DynamoDBClient,
  table: string,
  count: number,
  inFlightStores: number,
  prefix: string,
): Promise<number> {
  const store = new DynamoNotificationStore(dynamodb, table, 30);
  const samples = sampleNotifications(prefix);
  const notifications = Array.from({ length: count }, (_, i): CanonicalNotification => {
    const sample = samples[i % samples.length];
    if (sample === undefined) throw new Error("no sample notifications");
    const upstream = { ...sample.upstream, recordId: `${prefix}-store-${i}` };
    return { ...sample, id: ulid(), upstream } as CanonicalNotification;
  });
  const started = performance.now();
  await inFlight(count, inFlightStores, async (i) => {
    const notification = notifications[i];
    if (notification !== undefined) await store.storeOnce(notification);
  });
  return count / ((performance.now() - started) / 1000);
}

/** Sends the scenario's requests through the hub's HTTP API and drains every unit queue until all arrived. */
async function driveHub(
  hub: HubUnderTest,
  scenario: Scenario,
  prefix: string,
  deliveryDeadlineMs: number,
): Promise<HubRun> {
  const { connection, sqs } = hub;
  const bodies = scenarioBodies(scenario, prefix);
  const expected = new Map<string, Expected>();
  for (const body of bodies) {
    for (const record of body.records) {
      expected.set(record.recordId, { units: new Set(subscribersOf(record.kind)), sentAt: 0, answeredAt: 0 });
    }
  }
  const expectedDeliveries = [...expected.values()].reduce((sum, e) => sum + e.units.size, 0);
  const arrivals = new Map<string, Map<UnitId, number>>();
  let delivered = 0;
  let unexpected = 0;
  let duplicates = 0;
  let stopDrain = false;
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  rssTimer.unref();

  const drain = async (unit: UnitId, url: string) => {
    while (!stopDrain) {
      const answer = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      const seenAt = performance.now();
      const messages = answer.Messages ?? [];
      if (messages.length === 0) continue;
      for (const message of messages) {
        const event = JSON.parse(message.Body ?? "{}") as { detail?: { upstream?: { recordId?: string } } };
        const recordId = event.detail?.upstream?.recordId ?? "";
        const wanted = expected.get(recordId);
        if (wanted === undefined || !wanted.units.has(unit)) {
          if (recordId.startsWith(prefix)) unexpected += 1;
          continue;
        }
        const byUnit = arrivals.get(recordId) ?? new Map<UnitId, number>();
        if (byUnit.has(unit)) {
          duplicates += 1;
          continue;
        }
        byUnit.set(unit, seenAt);
        arrivals.set(recordId, byUnit);
        delivered += 1;
      }
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
        }),
      );
    }
  };
  const drainers = hub.units.map(({ unit, url }) => drain(unit, url));

  const jvmPort = new URL(connection.dynamodbEndpoint).port;
  const cpuBefore = process.cpuUsage();
  const jvmBefore = jvmCpuSeconds(jvmPort);
  const latencies: number[] = [];
  let non202 = 0;
  let stored = 0;
  let lastResponse = 0;
  const firstSend = performance.now();
  await inFlight(bodies.length, scenario.concurrency, async (index) => {
    const body = bodies[index];
    if (body === undefined) return;
    const sentAt = performance.now();
    for (const record of body.records) {
      const wanted = expected.get(record.recordId);
      if (wanted !== undefined) wanted.sentAt = sentAt;
    }
    const headers = signedHeaders(connection.secrets[body.source] ?? "", body.body, `msg_${prefix}_${index}`);
    const response = await fetch(`${connection.apiUrl}/v1/feeds/${body.source}`, {
      method: "POST",
      headers,
      body: body.body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    lastResponse = performance.now();
    latencies.push(lastResponse - sentAt);
    for (const record of body.records) {
      const wanted = expected.get(record.recordId);
      if (wanted !== undefined) wanted.answeredAt = lastResponse;
    }
    if (response.status !== 202) {
      non202 += 1;
      return;
    }
    const accepted = JSON.parse(text) as AcceptedBody;
    stored += accepted.results.filter((r) => r.status === "stored").length;
  });
  const sendWindowMs = lastResponse - firstSend;

  const deadline = performance.now() + deliveryDeadlineMs;
  while (delivered < expectedDeliveries && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const completed = delivered >= expectedDeliveries;
  const busyMs = performance.now() - firstSend;
  const cpu = process.cpuUsage(cpuBefore);
  const jvmAfter = jvmCpuSeconds(jvmPort);
  stopDrain = true;
  await Promise.all(drainers);
  clearInterval(rssTimer);

  const toQueue: number[] = [];
  const afterResponse: number[] = [];
  let lastArrival = firstSend;
  let fullyDelivered = 0;
  for (const [recordId, wanted] of expected) {
    const byUnit = arrivals.get(recordId);
    if (byUnit === undefined) continue;
    for (const at of byUnit.values()) {
      toQueue.push(at - wanted.sentAt);
      afterResponse.push(at - wanted.answeredAt);
      lastArrival = Math.max(lastArrival, at);
    }
    if (byUnit.size === wanted.units.size) fullyDelivered += 1;
  }
  let deadLetters = 0;
  for (const url of hub.deadLetterQueues) {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    deadLetters += Number(Attributes.ApproximateNumberOfMessages ?? 0);
  }
  const endToEndWindowMs = lastArrival - firstSend;
  const spreadOf = (values: readonly number[]) => ({
    p50: round(quantile(values, 0.5), 1),
    p99: round(quantile(values, 0.99), 1),
    max: round(quantile(values, 1), 1),
  });
  return {
    notifications: expected.size,
    expectedDeliveries,
    delivered,
    notificationsFullyDelivered: fullyDelivered,
    unexpectedDeliveries: unexpected,
    duplicateDeliveries: duplicates,
    deadLetters,
    non202,
    stored,
    sendWindowMs: round(sendWindowMs, 1),
    endToEndWindowMs: round(endToEndWindowMs, 1),
    ingestRate: round(stored / (sendWindowMs / 1000), 1),
    sustainedRate: round(fullyDelivered / (endToEndWindowMs / 1000), 1),
    deliveriesPerSecond: round(delivered / (endToEndWindowMs / 1000), 1),
    requestLatencyMs: spreadOf(latencies),
    requestToQueueMs: spreadOf(toQueue),
    responseToQueueMs: spreadOf(afterResponse),
    peakRss,
    nodeCpuShare: round((cpu.user + cpu.system) / 1000 / busyMs, 2),
    jvmCpuShare:
      jvmBefore === undefined || jvmAfter === undefined
        ? Number.NaN
        : round(((jvmAfter - jvmBefore) * 1000) / busyMs, 2),
    completed,
  };
}

export async function runEndToEnd(
  quick: boolean,
  log: (line: string) => void,
): Promise<SectionReport<EndToEndData>> {
  const scenarios: Scenario[] = quick
    ? [
        { batch: 1, requests: 150, concurrency: 4 },
        { batch: 1, requests: 300, concurrency: 16 },
        { batch: 100, requests: 6, concurrency: 4 },
      ]
    : [
        { batch: 1, requests: 1_000, concurrency: 4 },
        { batch: 1, requests: 2_000, concurrency: 16 },
        { batch: 100, requests: 30, concurrency: 4 },
      ];
  const deliveryDeadlineMs = quick ? 60_000 : 180_000;
  const runId = ulid().toLowerCase();

  const hubStart = performance.now();
  const local = await startLocalHub({ deployment: "almaty" });
  const startHubMs = performance.now() - hubStart;
  log(`  local hub up in ${fixed(startHubMs, 0)} ms (${local.connection.apiUrl})`);
  const { connection } = local;
  const aws = { region: connection.region, credentials: localCredentials };
  const sqs = new SQSClient({ ...aws, endpoint: connection.sqsEndpoint });
  const dynamodb = new DynamoDBClient({ ...aws, endpoint: connection.dynamodbEndpoint });
  const units = Object.entries(connection.queues).flatMap(([unit, queues]) =>
    queues === undefined ? [] : [{ unit: unit as UnitId, ...queues }],
  );
  const hub: HubUnderTest = {
    connection,
    sqs,
    units,
    deadLetterQueues: [
      ...units.map((u) => u.dlqUrl),
      ...(local.publishFailureQueueUrl === undefined ? [] : [local.publishFailureQueueUrl]),
    ],
  };
  const results: EndToEndScenario[] = [];
  const floorSweep: SweepPoint[] = [];
  const storeSweep: SweepPoint[] = [];
  const sample = sampleNotifications(`${runId}-probe`);
  const subjectItems =
    sample.reduce((sum, n) => sum + notificationItems(n, 30).subjects.length, 0) / Math.max(1, sample.length);
  try {
    // Warm-up, not measured: every kind once and a few full batches through the whole hub, so that
    // Node's and DynamoDB Local's JITs are warm for floor and hub alike, and so that the local stream
    // poller holds a position on the hub's stream before the floor writes to another table (see the
    // notes: an iterator taken on the still empty shard fails with TrimmedDataAccessException then).
    const warm = await driveHub(
      hub,
      { batch: 1, requests: 2 * feedFixtures.length, concurrency: 4 },
      `warm-${runId}-a`,
      deliveryDeadlineMs,
    );
    const warmBatches = await driveHub(
      hub,
      { batch: 100, requests: 3, concurrency: 4 },
      `warm-${runId}-b`,
      deliveryDeadlineMs,
    );
    log(
      `  warm-up: ${warm.delivered + warmBatches.delivered}/${warm.expectedDeliveries + warmBatches.expectedDeliveries} deliveries`,
    );
    // The floor: DynamoDB Local's best conditional-put rate over a sweep of in-flight counts (it
    // degrades steeply with many concurrent writers), and the hub's store alone at the same counts.
    // One table each, warmed up first (a fresh DynamoDB Local table is slow for its first writes).
    const floorTable = `bench-floor-${runId}`;
    const storeTable = `bench-store-${runId}`;
    // The hub's own table definition (synthesized once per process, so free here).
    const { table } = await loadTopology("almaty");
    await createTableFromTemplate(dynamodb, table, floorTable);
    await createTableFromTemplate(dynamodb, table, storeTable);
    await measureFloor(dynamodb, floorTable, quick ? 150 : 300, 4, `floor-${runId}-warm`);
    await measureStoreOnly(dynamodb, storeTable, quick ? 100 : 200, 4, `store-${runId}-warm`);
    // Two passes over the levels, up then down, each level's best kept: neither JIT warm-up of the
    // JVM nor the table's growth favours one level.
    for (const pass of [0, 1]) {
      const levels = pass === 0 ? [...FLOOR_IN_FLIGHT] : [...FLOOR_IN_FLIGHT].reverse();
      for (const level of levels) {
        const puts = quick ? 300 : 800;
        const rate = await measureFloor(dynamodb, floorTable, puts, level, `floor-${runId}-${pass}-${level}`);
        const stores = quick ? 200 : 500;
        const storeRate = await measureStoreOnly(
          dynamodb,
          storeTable,
          stores,
          level,
          `store-${runId}-${pass}-${level}`,
        );
        keepBest(floorSweep, { inFlight: level, operations: puts, rate: round(rate, 1) });
        keepBest(storeSweep, { inFlight: level, operations: stores, rate: round(storeRate, 1) });
        log(
          `  floor, ${level} in flight: ${fixed(rate, 0)} conditional puts/s; the hub's store alone ${fixed(storeRate, 0)} notifications/s`,
        );
      }
    }
    const best = floorSweep.reduce((a, b) => (b.rate > a.rate ? b : a));
    const floorRate = best.rate;
    for (const scenario of scenarios) {
      const prefix = `e2e-${runId}-b${scenario.batch}-c${scenario.concurrency}`;
      const baselineRss = process.memoryUsage().rss;
      const run = await driveHub(hub, scenario, prefix, deliveryDeadlineMs);
      const { peakRss, ...figures } = run;
      const result: EndToEndScenario = {
        ...scenario,
        ...figures,
        peakRssMb: round(peakRss / 2 ** 20, 1),
        baselineRssMb: round(baselineRss / 2 ** 20, 1),
        floor: { inFlight: best.inFlight, rate: floorRate },
        hubWritesInFlight: scenario.concurrency * Math.min(STORE_CONCURRENCY, scenario.batch),
        floorShare: round(run.sustainedRate / floorRate, 3),
        ingestFloorShare: round(run.ingestRate / floorRate, 3),
      };
      log(
        `  hub (batch ${scenario.batch}, C ${scenario.concurrency}): ${fixed(result.sustainedRate, 0)} notifications/s end to end (${percent(result.floorShare)} of the floor), p99 request→queue ${fixed(result.requestToQueueMs.p99, 0)} ms`,
      );
      results.push(result);
    }
  } finally {
    sqs.destroy();
    dynamodb.destroy();
    await local.stop();
  }
  const data: EndToEndData = {
    deployment: connection.deployment,
    startHubMs: round(startHubMs, 0),
    floorSweep,
    storeSweep,
    subjectItemsPerNotification: round(subjectItems, 2),
    scenarios: results,
  };
  return endToEndReport(data);
}

function endToEndReport(data: EndToEndData): SectionReport<EndToEndData> {
  const ms = (value: number) => fixed(value, 0);
  const sweep = markdownTable(
    ["in flight", "DynamoDB Local conditional PutItem /s", "the hub's store alone, notifications/s"],
    data.floorSweep.map((point) => {
      const store = data.storeSweep.find((s) => s.inFlight === point.inFlight);
      return [point.inFlight, fixed(point.rate, 0), store === undefined ? "–" : fixed(store.rate, 0)];
    }),
    [0, 1, 2],
  );
  const table = markdownTable(
    [
      "batch",
      "requests × C",
      "notifications",
      "deliveries (got/expected)",
      "non-202",
      "DLQ",
      "hub writes in flight",
      "ingest notif/s (202)",
      "end-to-end notif/s",
      "floor puts/s",
      "end-to-end ÷ floor",
      "request p50 / p99 ms",
      "request→queue p50 / p99 / max ms",
      "response→queue p50 / p99 ms",
      "CPU cores: Node / JVM",
      "peak RSS MB (before)",
    ],
    data.scenarios.map((s) => [
      s.batch,
      `${s.requests} × ${s.concurrency}`,
      s.notifications,
      `${s.delivered}/${s.expectedDeliveries}${s.completed ? "" : " (incomplete)"}${s.unexpectedDeliveries + s.duplicateDeliveries > 0 ? `, ${s.unexpectedDeliveries} unexpected, ${s.duplicateDeliveries} duplicate` : ""}`,
      s.non202,
      s.deadLetters,
      `≤ ${s.hubWritesInFlight}`,
      fixed(s.ingestRate, 0),
      fixed(s.sustainedRate, 0),
      `${fixed(s.floor.rate, 0)} (${s.floor.inFlight} in flight)`,
      percent(s.floorShare),
      `${ms(s.requestLatencyMs.p50)} / ${ms(s.requestLatencyMs.p99)}`,
      `${ms(s.requestToQueueMs.p50)} / ${ms(s.requestToQueueMs.p99)} / ${ms(s.requestToQueueMs.max)}`,
      `${ms(s.responseToQueueMs.p50)} / ${ms(s.responseToQueueMs.p99)}`,
      `${fixed(s.nodeCpuShare, 2)} / ${fixed(s.jvmCpuShare, 2)}`,
      `${fixed(s.peakRssMb, 0)} (${fixed(s.baselineRssMb, 0)})`,
    ]),
    [0, 2, 4, 5, 7, 8, 9, 10],
  );
  const markdown = [
    `Deployment \`${data.deployment}\`, hub started in-process by \`startLocalHub()\` (${ms(data.startHubMs)} ms incl. synth and DynamoDB Local), then warmed up (every kind twice, three full batches; not measured). The warm-up also gives the local stream poller a position on the hub's stream before the floor writes to other tables: on a still empty shard its TRIM_HORIZON iterator fails with TrimmedDataAccessException once another table's stream advances DynamoDB Local's sequence numbers, and local/stream-poller.ts keeps retrying that iterator, so nothing is published any more. Requests signed per source with the hub's keys and sent over loopback HTTP, C requests in flight: batch 1 at C = 4 and C = 16, batch 100 at C = 4 (up to 64 store calls in flight, about where DynamoDB Local does best). Batch 1 cycles through every feed kind, batch 100 through the sources (records cycling through the kinds).`,
    "",
    `**The floor**, measured in the same DynamoDB Local after the warm-up: conditional PutItem of the hub's own notification items (fresh keys) into a table of the same shape (stream, both GSIs; created for the floor and warmed up with unmeasured puts), at several in-flight counts, each level twice (sweeping up, then down; the better kept); the floor is the best rate. DynamoDB Local degrades steeply with many concurrent writers, so the rate at the hub's own in-flight count would be a flattering floor. Beside it, the hub's write path alone: \`DynamoNotificationStore.storeOnce\` (a TransactWriteItems of the notification item and its subject items, ${fixed(data.subjectItemsPerNotification, 2)} on average over the fixture kinds), no HTTP, validation or stream.`,
    "",
    sweep,
    "",
    "**The hub.** A delivery = one notification in one subscribing unit's queue (`subscribersOf(kind)`), seen by a long-polling drain loop per unit queue (10 messages, 1 s wait) and deleted. *Request→queue* = from the request's send to that sighting; *response→queue* = from the request's 202 (stream poller → publish → bus → queue). *Ingest notif/s* = notifications stored (202) ÷ send window; *end-to-end notif/s* = notifications that reached every subscriber ÷ (first send → last delivery). *CPU cores* = CPU time ÷ wall time over the scenario for this Node process, all its threads (the API handlers share the main thread with the driver; the stream poller, publish function and bus run in the hub's delivery thread, the SQS emulator in a thread of its own) and for the DynamoDB Local JVM (from /proc); the machine has 2 cores. Peak RSS is this Node process (hub + driver + what earlier sections loaded; in brackets before the scenario), not the JVM.",
    "",
    table,
  ].join("\n");
  // What the hub's write path alone reaches: end to end cannot beat it, whatever the rest costs.
  const storeCeiling = Math.max(0, ...data.storeSweep.map((point) => point.rate));
  const goals: Goal[] = data.scenarios.flatMap((s) => [
    {
      section: "end-to-end" as const,
      goal: `local end to end, batch ${s.batch}, C ${s.concurrency}: throughput`,
      target: `≥ ${percent(GOAL_FLOOR_SHARE)} of DynamoDB Local's conditional-put floor`,
      measured: `${fixed(s.sustainedRate, 0)} notif/s vs floor ${fixed(s.floor.rate, 0)} puts/s → ${percent(s.floorShare)} (ingest alone: ${fixed(s.ingestRate, 0)} notif/s, ${percent(s.ingestFloorShare)}; the hub's store alone, its ceiling: ${percent(storeCeiling / s.floor.rate)})${s.completed ? "" : "; INCOMPLETE delivery"}`,
      met: s.completed && s.floorShare >= GOAL_FLOOR_SHARE,
    },
    {
      section: "end-to-end" as const,
      goal: `local end to end, batch ${s.batch}, C ${s.concurrency}: request→queue p99`,
      target: `≤ ${GOAL_P99_MS} ms`,
      // What blocks the rest: the request's own time (ingest) beside the delivery after its 202.
      measured: `p99 ${ms(s.requestToQueueMs.p99)} ms (p50 ${ms(s.requestToQueueMs.p50)} ms, max ${ms(s.requestToQueueMs.max)} ms; the request alone p99 ${ms(s.requestLatencyMs.p99)} ms, response→queue p99 ${ms(s.responseToQueueMs.p99)} ms)`,
      met: s.completed && s.requestToQueueMs.p99 <= GOAL_P99_MS,
    },
  ]);
  return { id: "end-to-end", title: "4. Local end to end", data, markdown, goals };
}
