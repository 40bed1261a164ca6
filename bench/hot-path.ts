/**
 * Section 1, the ingest hot path per record, in-process and without I/O: Standard Webhooks verify
 * (the hub's `verifyWebhookSignature`, i.e. the reference library over the raw body) → JSON.parse →
 * `mapFeedRequest` (zod contract + normalisers) → jurisdiction and size check → `notificationItems`,
 * exactly the calls the ingest function makes, against the floor JSON.parse + HMAC-SHA256 over the
 * same bytes — once with node:crypto (OpenSSL) and once with fast-sha256, the pure-JS HMAC that the
 * standardwebhooks library uses. Each stage is also timed alone, so the breakdown shows where the
 * time goes, and two what-ifs are measured: verify with node:crypto, validate without `z.compile`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { monotonicFactory, ulid } from "ulid";
import * as z from "zod";
import { createIngestHandler } from "../functions/ingest/app.ts";
import { feedRequestEvent } from "../local/api-gateway-event.ts";
import { localLambdaContext } from "../local/lambda-context.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import type { NotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import type { DeploymentId, FeedSourceId } from "../shared/domain/catalogue/index.ts";
import { checkJurisdiction } from "../shared/domain/jurisdiction.ts";
import { toUtcInstant, wallClockFormatter } from "../shared/domain/normalise/times.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { verifyWebhookSignature } from "../shared/http/webhook-signature.ts";
import { pooledRandom } from "../shared/ids.ts";
import { bilRecord } from "../shared/sources/bil/contract.ts";
import { burkitRecord } from "../shared/sources/burkit/contract.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { kqpRecord } from "../shared/sources/kqp/contract.ts";
import { MAX_NOTIFICATION_BYTES } from "../shared/use-cases/store-notifications.ts";
import { runNodeProcess } from "./lib/child-process.ts";
import { benchSources, feedBody, keyBytes, newWebhookKey, signedHeaders } from "./lib/feeds.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { Goal, SectionReport } from "./lib/report.ts";
import { fixed, median, pairedMedianRatio, round, times } from "./lib/stats.ts";
import { type SuiteEntry, type Timing, type TimingPlan, timeCall, timeSuite, warmUp } from "./lib/timing.ts";

const DEPLOYMENT: DeploymentId = "almaty";
const RETENTION_DAYS = 30;
const BATCH_SIZES = [1, 100] as const;
const GOAL_RATIO = 3;

/** fast-sha256, loaded from where standardwebhooks resolves it: the very copy its `verify` runs. */
interface FastSha256 {
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array;
}
const requireFromWebhooks = createRequire(createRequire(import.meta.url).resolve("standardwebhooks"));
const fastSha256 = requireFromWebhooks("fast-sha256") as FastSha256;

const recordSchemas: Record<FeedSourceId, z.ZodType> = {
  kqp: kqpRecord,
  burkit: burkitRecord,
  bil: bilRecord,
};

/** One prepared request: raw body, its headers (lower-case, as after middy's header normaliser). */
interface Prepared {
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly id: string;
  readonly timestamp: string;
  readonly parsed: unknown;
  readonly records: readonly unknown[];
  readonly notifications: readonly CanonicalNotification[];
}

export interface HotPathCase {
  readonly source: FeedSourceId;
  readonly batch: number;
  readonly bytesPerRecord: number;
  readonly itemsPerRecord: number;
  /** Median µs per record (per id for the ulid rows) of each measurement. */
  readonly us: Record<string, number>;
  /** p10 and p90 of the samples, µs per record. */
  readonly spread: Record<string, { p10: number; p90: number }>;
  readonly ratioNode: number;
  readonly ratioFastSha256: number;
  readonly ratioNodeVerifyWhatIf: number;
  readonly ratioPooledIdsWhatIf: number;
  readonly ratioAllWhatIf: number;
  /** Record times without a UTC offset (read in the region's zone through Intl), per record. */
  readonly localTimesPerRecord: number;
  readonly met: boolean;
}

export interface HotPathData {
  readonly plan: TimingPlan;
  readonly floorHmac: string;
  readonly zodCompile: Record<string, string>;
  readonly cases: readonly HotPathCase[];
  /** µs per call of `toUtcInstant` and of one `formatToParts`, the primitive it uses for local times. */
  readonly times: Record<string, number>;
  /** The whole handler in fresh processes, with and without Powertools Tracer constructed (µs/record). */
  readonly tracerWhatIf: readonly TracerProbe[];
}

export interface TracerProbe {
  readonly batch: number;
  readonly newId: "ulid()" | "pooled PRNG";
  readonly withTracerUs: number;
  readonly withoutTracerUs: number;
}

const requireHere = createRequire(import.meta.url);

interface ProbeSpec {
  readonly source: FeedSourceId;
  readonly batch: number;
  readonly withTracer: boolean;
  readonly newId: "ulid" | "pooled";
}

const probeKey = (spec: ProbeSpec) => `${spec.source}/${spec.batch}/${spec.withTracer}/${spec.newId}`;

const handlerProbe = fileURLToPath(new URL("./lib/handler-probe.ts", import.meta.url));

/** One run of bench/lib/handler-probe.ts in a fresh Node process (via tsx): µs per record. */
async function probeHandler(spec: ProbeSpec, quick: boolean): Promise<number> {
  const env = {
    ...process.env,
    BENCH_SOURCE: spec.source,
    BENCH_BATCH: String(spec.batch),
    BENCH_WITH_TRACER: String(spec.withTracer),
    BENCH_NEW_ID: spec.newId,
    BENCH_QUICK: String(quick),
  };
  const probe = await runNodeProcess<{ usPerRecord: number }>(
    [requireHere.resolve("tsx/cli"), handlerProbe],
    env,
    {
      label: `handler probe ${probeKey(spec)}`,
      timeoutMs: 120_000,
    },
  );
  return probe.report.usPerRecord;
}

/**
 * The whole handler, each configuration in fresh processes (`rounds` of them, alternating through the
 * list; the median kept): every source and batch size as shipped (Tracer constructed, `ulid()`), and
 * for kqp the what-ifs without the Tracer and with pooled-PRNG ids.
 */
async function runProbes(quick: boolean): Promise<Map<string, number>> {
  const specs: ProbeSpec[] = [];
  for (const source of benchSources) {
    for (const batch of BATCH_SIZES) specs.push({ source, batch, withTracer: true, newId: "ulid" });
  }
  for (const batch of quick ? [1] : BATCH_SIZES) {
    specs.push(
      { source: "kqp", batch, withTracer: false, newId: "ulid" },
      { source: "kqp", batch, withTracer: true, newId: "pooled" },
      { source: "kqp", batch, withTracer: false, newId: "pooled" },
    );
  }
  const samples = new Map<string, number[]>();
  for (let r = 0; r < (quick ? 1 : 2); r++) {
    for (const spec of specs) {
      const key = probeKey(spec);
      samples.set(key, [...(samples.get(key) ?? []), await probeHandler(spec, quick)]);
    }
  }
  return new Map([...samples].map(([key, values]) => [key, round(median(values), 3)]));
}

function tracerWhatIf(probes: ReadonlyMap<string, number>): TracerProbe[] {
  return BATCH_SIZES.flatMap((batch) =>
    (["ulid", "pooled"] as const).flatMap((newId) => {
      const withTracerUs = probes.get(probeKey({ source: "kqp", batch, withTracer: true, newId }));
      const withoutTracerUs = probes.get(probeKey({ source: "kqp", batch, withTracer: false, newId }));
      return withTracerUs === undefined || withoutTracerUs === undefined
        ? []
        : [
            {
              batch,
              newId: newId === "ulid" ? ("ulid()" as const) : ("pooled PRNG" as const),
              withTracerUs,
              withoutTracerUs,
            },
          ];
    }),
  );
}

/** What the hot path is run with: the ingest function's own choices, or a what-if. */
interface Variant {
  readonly verify: (request: Prepared) => boolean;
  readonly newId: () => string;
  readonly singleStringify: boolean;
}

/**
 * ulid with the pooled PRNG of the production ids (what-if): `ulid()` without a PRNG draws one byte
 * per character from WebCrypto.
 */
const pooledUlid = (): string => ulid(undefined, pooledRandom);
const monotonicUlid = monotonicFactory();

/** Verify as the reference library does, with node:crypto's HMAC instead of fast-sha256 (what-if). */
function verifyWithNodeCrypto(body: string, headers: Record<string, string>, key: Buffer): boolean {
  const id = headers["webhook-id"] ?? "";
  const timestamp = headers["webhook-timestamp"] ?? "";
  const signatures = headers["webhook-signature"] ?? "";
  if (id === "" || signatures === "" || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
  for (const versioned of signatures.split(" ")) {
    const [version, signature] = versioned.split(",");
    if (version !== "v1" || signature === undefined) continue;
    const given = Buffer.from(signature, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  }
  return false;
}

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

/** How many of the records' `occurredAt` / `recordedAt` carry no UTC offset. */
function localTimesOf(records: readonly unknown[]): number {
  let count = 0;
  for (const record of records) {
    for (const field of ["occurredAt", "recordedAt"]) {
      const value: unknown = (record as Record<string, unknown>)[field];
      if (typeof value === "string" && !OFFSET.test(value)) count += 1;
    }
  }
  return count;
}

function prepare(source: FeedSourceId, batch: number, key: string, pool: number): Prepared[] {
  return Array.from({ length: pool }, (_, p) => {
    const { body } = feedBody(source, batch, `hot-${source}-${batch}-${p}`, p * 7);
    const id = `msg_hot_${source}_${batch}_${p}`;
    const signed = signedHeaders(key, body, id);
    const parsed: unknown = JSON.parse(body);
    const mapped = mapFeedRequest(source, parsed, {
      deployment: DEPLOYMENT,
      receivedAt: new Date(),
      newId: ulid,
    });
    if (!mapped.ok)
      throw new Error(`fixture body for ${source} rejected: ${JSON.stringify(mapped.errors[0])}`);
    const records = (parsed as { records: unknown[] }).records;
    return {
      body,
      headers: signed,
      id,
      timestamp: signed["webhook-timestamp"] ?? "",
      parsed,
      records,
      notifications: mapped.records.map((r) => r.notification),
    };
  });
}

interface CaseSetup {
  readonly label: string;
  readonly entries: readonly SuiteEntry[];
  finish(timings: Record<string, Timing>): HotPathCase;
}

async function setUpCase(source: FeedSourceId, batch: number): Promise<CaseSetup> {
  const key = newWebhookKey();
  const keys = [key];
  const rawKey = keyBytes(key);
  const encoder = new TextEncoder();
  const pool = prepare(source, batch, key, batch === 1 ? 36 : 6);
  const at = (i: number): Prepared => pool[i % pool.length] as Prepared;
  const compiled = z.compile(recordSchemas[source]);
  const uncompiled = recordSchemas[source];

  /**
   * The ingest function's per-request work, in its order. `variant` swaps in the what-ifs: verify
   * with node:crypto, ids from a pooled PRNG, and one `JSON.stringify` per notification instead of two.
   */
  const hotPath = (request: Prepared, variant: Variant): number => {
    if (!variant.verify(request)) throw new Error("signature rejected");
    const parsed: unknown = JSON.parse(request.body);
    const mapped = mapFeedRequest(source, parsed, {
      deployment: DEPLOYMENT,
      receivedAt: new Date(),
      newId: variant.newId,
    });
    if (!mapped.ok) throw new Error("contract rejected");
    let items = 0;
    mapped.records.forEach(({ notification }, index) => {
      if (checkJurisdiction(notification, DEPLOYMENT, index) !== undefined)
        throw new Error("region rejected");
      if (variant.singleStringify) {
        const built = notificationItems(notification, RETENTION_DAYS);
        if ((built.notification.notification?.S ?? "").length > MAX_NOTIFICATION_BYTES)
          throw new Error("too large");
        items += 1 + built.subjects.length;
      } else {
        if (JSON.stringify(notification).length > MAX_NOTIFICATION_BYTES) throw new Error("too large");
        const built = notificationItems(notification, RETENTION_DAYS);
        items += 1 + built.subjects.length;
      }
    });
    return items;
  };
  const verifyReference = (r: Prepared) => verifyWebhookSignature(r.body, r.headers, keys).ok;
  const verifyNode = (r: Prepared) => verifyWithNodeCrypto(r.body, r.headers, rawKey);
  const reference: Variant = { verify: verifyReference, newId: () => ulid(), singleStringify: false };
  const pooledIds: Variant = { ...reference, newId: pooledUlid };
  const nodeVerify: Variant = { ...reference, verify: verifyNode };
  const allThree: Variant = { verify: verifyNode, newId: pooledUlid, singleStringify: true };
  const signedContent = (r: Prepared) => `${r.id}.${r.timestamp}.${r.body}`;

  // A sanity check that the handler accepts these bodies (202); its timing comes from fresh processes.
  const logger = new Logger({ serviceName: "ingest" });
  const metrics = new Metrics({ namespace: "Order195Hub", serviceName: "ingest" });
  let storedItems = 0;
  const store: NotificationStore = {
    async storeOnce(notification) {
      storedItems += notificationItems(notification, RETENTION_DAYS).subjects.length + 1;
      return { status: "stored", notificationId: notification.id };
    },
  };
  const handler = createIngestHandler({
    deployment: DEPLOYMENT,
    store,
    keyring: { keysFor: async () => keys },
    now: () => new Date(),
    newId: ulid,
    logger,
    metrics,
  });
  const events = pool.map((r) => feedRequestEvent(source, r.body, r.headers));
  const context = localLambdaContext("ingest");
  const first = await handler(events[0] ?? feedRequestEvent(source, "", {}), context);
  if (first.statusCode !== 202)
    throw new Error(`in-process handler answered ${first.statusCode}: ${first.body}`);
  const itemsPerRecord = hotPath(at(0), reference) / batch;

  const entry = (name: string, call: (i: number) => unknown, unitsPerCall = batch): SuiteEntry => ({
    name,
    unitsPerCall,
    call,
  });
  const entries: SuiteEntry[] = [
    entry("hotPath", (i) => hotPath(at(i), reference)),
    entry("floorNode", (i) => {
      const r = at(i);
      createHmac("sha256", rawKey).update(signedContent(r)).digest();
      return JSON.parse(r.body) as unknown;
    }),
    entry("floorFastSha256", (i) => {
      const r = at(i);
      fastSha256.hmac(rawKey, encoder.encode(signedContent(r)));
      return JSON.parse(r.body) as unknown;
    }),
    entry("verify", (i) => verifyReference(at(i))),
    entry("parse", (i) => JSON.parse(at(i).body) as unknown),
    entry("validate", (i) => at(i).records.map((r) => compiled.safeParse(r).success)),
    entry("map", (i) =>
      mapFeedRequest(source, at(i).parsed, { deployment: DEPLOYMENT, receivedAt: new Date(), newId: ulid }),
    ),
    entry("jurisdiction", (i) =>
      at(i).notifications.map(
        (n, index) =>
          checkJurisdiction(n, DEPLOYMENT, index) === undefined &&
          JSON.stringify(n).length <= MAX_NOTIFICATION_BYTES,
      ),
    ),
    entry("items", (i) => at(i).notifications.map((n) => notificationItems(n, RETENTION_DAYS))),
    entry("hmacNode", (i) =>
      createHmac("sha256", rawKey)
        .update(signedContent(at(i)))
        .digest(),
    ),
    entry("hmacFastSha256", (i) => fastSha256.hmac(rawKey, encoder.encode(signedContent(at(i))))),
    entry("verifyNodeWhatIf", (i) => verifyNode(at(i))),
    entry("ulid", () => ulid(), 1),
    entry("ulidPooledWhatIf", pooledUlid, 1),
    entry("ulidMonotonicWhatIf", () => monotonicUlid(), 1),
    entry("hotPathNodeVerifyWhatIf", (i) => hotPath(at(i), nodeVerify)),
    entry("hotPathPooledIdsWhatIf", (i) => hotPath(at(i), pooledIds)),
    entry("hotPathAllWhatIf", (i) => hotPath(at(i), allThree)),
    entry("validateUncompiledWhatIf", (i) => at(i).records.map((r) => uncompiled.safeParse(r).success)),
  ];
  return {
    label: `${source} × ${batch}`,
    entries,
    finish(timings) {
      const us: Record<string, number> = {};
      const spread: Record<string, { p10: number; p90: number }> = {};
      for (const [name, timing] of Object.entries(timings)) {
        us[name] = round(timing.medianUs, 3);
        spread[name] = { p10: round(timing.p10Us, 3), p90: round(timing.p90Us, 3) };
      }
      const paired = (name: string, floor = "floorNode") => {
        const value = timings[name];
        const base = timings[floor];
        return value === undefined || base === undefined
          ? Number.NaN
          : round(pairedMedianRatio(value.perUnitUs, base.perUnitUs), 3);
      };
      if (storedItems === 0) throw new Error("the in-process handler stored nothing");
      const ratioNode = paired("hotPath");
      return {
        source,
        batch,
        bytesPerRecord: Math.round((pool[0]?.body.length ?? 0) / batch),
        itemsPerRecord: round(itemsPerRecord, 2),
        us,
        spread,
        ratioNode,
        ratioFastSha256: paired("hotPath", "floorFastSha256"),
        ratioNodeVerifyWhatIf: paired("hotPathNodeVerifyWhatIf"),
        ratioPooledIdsWhatIf: paired("hotPathPooledIdsWhatIf"),
        ratioAllWhatIf: paired("hotPathAllWhatIf"),
        localTimesPerRecord: round(
          pool.reduce((sum, r) => sum + localTimesOf(r.records), 0) / (pool.length * batch),
          2,
        ),
        met: ratioNode <= GOAL_RATIO,
      };
    },
  };
}

function zodCompileCoverage(): Record<string, string> {
  const coverage: Record<string, string> = {};
  for (const source of benchSources) {
    try {
      z.compile(recordSchemas[source], { strict: true });
      coverage[source] = "whole record schema on the compiled fast path";
    } catch (error) {
      coverage[source] =
        `falls back to the runtime parser: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return coverage;
}

export async function runHotPath(
  quick: boolean,
  log: (line: string) => void,
): Promise<SectionReport<HotPathData>> {
  const plan: TimingPlan = quick
    ? { warmupMs: 30, sampleMs: 4, samples: 15 }
    : { warmupMs: 100, sampleMs: 10, samples: 50 };
  const setups: CaseSetup[] = [];
  for (const source of benchSources) {
    for (const batch of BATCH_SIZES) setups.push(await setUpCase(source, batch));
  }
  // Every source and batch size through every code path first, so that the JIT sees mixed traffic,
  // as a warm Lambda instance does, before any case is timed.
  await warmUp(
    setups.flatMap((setup) => setup.entries),
    quick ? 1_500 : 5_000,
  );
  const cases: HotPathCase[] = [];
  log("  whole handler in fresh processes …");
  const probes = await runProbes(quick);
  for (const setup of setups) {
    const measured = setup.finish(await timeSuite(setup.entries, plan));
    const handlerUs = probes.get(
      probeKey({ source: measured.source, batch: measured.batch, withTracer: true, newId: "ulid" }),
    );
    const us: Record<string, number> = { ...measured.us, handler: handlerUs ?? Number.NaN };
    const result: HotPathCase = { ...measured, us };
    log(
      `  hot path ${setup.label}: ${fixed(result.us.hotPath ?? Number.NaN, 2)} µs/record, ${times(result.ratioNode)} the floor`,
    );
    cases.push(result);
  }
  const formatter = wallClockFormatter("Asia/Almaty");
  if (formatter === undefined) throw new Error("this runtime's ICU does not know Asia/Almaty");
  const instant = Date.parse("2025-04-09T00:05:00Z");
  const timed = async (name: string, call: () => unknown) =>
    round((await timeCall({ name, unitsPerCall: 1, call }, plan)).medianUs, 3);
  const timesUs: Record<string, number> = {
    localTime: await timed("localTime", () => toUtcInstant("2025-04-09T00:05:00", "Asia/Almaty")),
    offsetTime: await timed("offsetTime", () => toUtcInstant("2025-04-09T00:05:00+05:00", "Asia/Almaty")),
    formatToParts: await timed("formatToParts", () => formatter.formatToParts(instant)),
  };
  const data: HotPathData = {
    plan,
    floorHmac:
      "JSON.parse(body) + HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>` (the signed content, the same bytes the hub's verify hashes); the goal uses node:crypto `createHmac` (OpenSSL); the second floor uses fast-sha256, the pure-JS HMAC standardwebhooks runs, with its TextEncoder step",
    zodCompile: zodCompileCoverage(),
    cases,
    times: timesUs,
    tracerWhatIf: tracerWhatIf(probes),
  };

  const v = (c: HotPathCase, name: string) => c.us[name] ?? Number.NaN;
  const pct = (c: HotPathCase, value: number) =>
    `${fixed(value, 2)} (${fixed((value / v(c, "hotPath")) * 100, 0)} %)`;
  const main = markdownTable(
    [
      "source",
      "batch",
      "bytes/rec",
      "hot path µs/rec",
      "p10–p90",
      "floor node:crypto µs/rec",
      "ratio",
      "floor fast-sha256 µs/rec",
      "ratio",
      `goal ≤ ${GOAL_RATIO}×`,
    ],
    cases.map((c) => [
      c.source,
      c.batch,
      c.bytesPerRecord,
      fixed(v(c, "hotPath"), 2),
      `${fixed(c.spread.hotPath?.p10 ?? Number.NaN, 1)}–${fixed(c.spread.hotPath?.p90 ?? Number.NaN, 1)}`,
      fixed(v(c, "floorNode"), 2),
      times(c.ratioNode),
      fixed(v(c, "floorFastSha256"), 2),
      times(c.ratioFastSha256),
      c.met ? "met" : "not met",
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  const breakdown = markdownTable(
    [
      "source",
      "batch",
      "verify",
      "parse",
      "validate (zod)",
      "ulid (newId)",
      "normalise (rest of map)",
      "jurisdiction + size",
      "items",
      "Σ stages",
      "local times/rec",
      "whole handler (fresh process)",
    ],
    cases.map((c) => {
      const ulidPerRecord = v(c, "ulid");
      const normalise = v(c, "map") - v(c, "validate") - ulidPerRecord;
      const sum = v(c, "verify") + v(c, "parse") + v(c, "map") + v(c, "jurisdiction") + v(c, "items");
      return [
        c.source,
        c.batch,
        pct(c, v(c, "verify")),
        pct(c, v(c, "parse")),
        pct(c, v(c, "validate")),
        pct(c, ulidPerRecord),
        pct(c, normalise),
        pct(c, v(c, "jurisdiction")),
        pct(c, v(c, "items")),
        fixed(sum, 2),
        fixed(c.localTimesPerRecord, 2),
        fixed(v(c, "handler"), 2),
      ];
    }),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  const whatIf = markdownTable(
    [
      "source",
      "batch",
      "HMAC node:crypto",
      "HMAC fast-sha256",
      "verify (standardwebhooks)",
      "verify with node:crypto",
      "hot path, node:crypto verify",
      "hot path, pooled-PRNG ulid",
      "hot path, all three",
      "its ratio",
      "validate uncompiled",
    ],
    cases.map((c) => [
      c.source,
      c.batch,
      fixed(v(c, "hmacNode"), 2),
      fixed(v(c, "hmacFastSha256"), 2),
      fixed(v(c, "verify"), 2),
      fixed(v(c, "verifyNodeWhatIf"), 2),
      `${fixed(v(c, "hotPathNodeVerifyWhatIf"), 2)} (${times(c.ratioNodeVerifyWhatIf)})`,
      `${fixed(v(c, "hotPathPooledIdsWhatIf"), 2)} (${times(c.ratioPooledIdsWhatIf)})`,
      fixed(v(c, "hotPathAllWhatIf"), 2),
      times(c.ratioAllWhatIf),
      fixed(v(c, "validateUncompiledWhatIf"), 2),
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  const first = cases[0];
  const ids =
    first === undefined
      ? ""
      : `\`ulid()\` ${fixed(v(first, "ulid"), 2)} µs per id; \`ulid(undefined, pooledPrng)\` ${fixed(v(first, "ulidPooledWhatIf"), 2)} µs; \`monotonicFactory()()\` ${fixed(v(first, "ulidMonotonicWhatIf"), 2)} µs`;
  const markdown = [
    `Median µs per record over ${plan.samples} samples of ≈ ${plan.sampleMs} ms each, taken round-robin across all measurements of a case after a mixed warm-up of every source and batch size (p10–p90 of the hot path in the table, of every measurement in the JSON). Ratios are paired: the median over rounds of (hot path sample ÷ floor sample of the same round), robust to other load on the machine. Deployment \`${DEPLOYMENT}\`; records cycle through the source's fixture kinds, each with its own recordId; bodies signed by the reference library.`,
    "",
    `**Floor**: ${data.floorHmac}.`,
    "",
    main,
    "",
    "**Where the time goes** (µs/record, each stage timed alone; share of the hot path). *verify* = `verifyWebhookSignature` (standardwebhooks: string concat + TextEncoder + fast-sha256 HMAC + base64 + constant-time compare); *validate* = the source's record schema, `z.compile`d as in `defineFeed` (its transforms run the field normalisers: names, IIN, countries, document numbers); *ulid* = the `newId()` each record gets (`ulid()` as `functions/ingest/handler.ts` calls it); *normalise* = the rest of `mapFeedRequest` (envelope, times and zones, persons, mapper); *jurisdiction + size* = `checkJurisdiction` + the `JSON.stringify` size check of `acceptFeedRequest`; *items* = `notificationItems` (its own `JSON.stringify` of the notification). The *whole handler* is `createIngestHandler` as `functions/ingest/handler.ts` builds it (Powertools logger, metrics and Tracer, `ulid()`) with a store stub that only builds the items, timed in a fresh process (bench/lib/handler-probe.ts): it adds middy, the Powertools middlewares, the header normaliser and the event handling.",
    "",
    breakdown,
    "",
    `**What-ifs** (µs/record; ratio to the node:crypto floor): the HMAC alone with each implementation; verify done with node:crypto (createHmac + timingSafeEqual; same headers, ±5 min tolerance, \`v1\` list); ids from \`ulid(undefined, prng)\` with a 4 KiB \`randomFillSync\` pool; "all three" = both plus one \`JSON.stringify\` per notification (the size check reads the item's string); validation without \`z.compile\`. Ids: ${ids}.`,
    "",
    whatIf,
    "",
    "**Powertools Tracer** (what-if, fresh processes: the whole handler as in the breakdown, once with `new Tracer()` as `createObservability` does, once without; tracing itself is off outside Lambda). Constructing it loads aws-xray-sdk-core, whose CLS context installs async_hooks that every promise of the process then pays for.",
    "",
    markdownTable(
      ["batch", "ids", "handler with Tracer µs/rec", "without µs/rec", "Tracer costs"],
      data.tracerWhatIf.map((p) => [
        p.batch,
        p.newId,
        fixed(p.withTracerUs, 2),
        fixed(p.withoutTracerUs, 2),
        `${fixed(p.withTracerUs - p.withoutTracerUs, 2)} µs/rec (${fixed(((p.withTracerUs - p.withoutTracerUs) / p.withoutTracerUs) * 100, 0)} %)`,
      ]),
      [0, 2, 3, 4],
    ),
    "",
    `Time conversion: \`toUtcInstant\` of a local time (no offset, read in Asia/Almaty) ${fixed(timesUs.localTime ?? Number.NaN, 2)} µs, of a time with an offset ${fixed(timesUs.offsetTime ?? Number.NaN, 2)} µs; one \`Intl.DateTimeFormat#formatToParts\` ${fixed(timesUs.formatToParts ?? Number.NaN, 2)} µs (a local time takes four).`,
    "",
    `z.compile coverage (strict probe): ${Object.entries(data.zodCompile)
      .map(([source, text]) => `${source}: ${text}`)
      .join("; ")}.`,
  ].join("\n");

  const goals: Goal[] = cases.map((c) => ({
    section: "hot-path",
    goal: `hot path ${c.source}, batch ${c.batch}`,
    target: `≤ ${GOAL_RATIO}× floor (JSON.parse + node:crypto HMAC)`,
    measured: `${fixed(v(c, "hotPath"), 2)} µs/rec vs ${fixed(v(c, "floorNode"), 2)} → ${times(c.ratioNode)} (vs fast-sha256 floor ${times(c.ratioFastSha256)})`,
    met: c.met,
  }));
  return { id: "hot-path", title: "1. Hot path per record", data, markdown, goals };
}
