/**
 * Section 5, the evidence checkpoint builder: leaves per second of `buildCheckpoint` (the RFC 8785
 * text and SHA-256 of every leaf, the sort by leaf key, the RFC 9162 tree, the leaf-list hash and one
 * ECDSA P-256 signature with a key-file signer) over periods of growing size, next to a floor that
 * only hashes `JSON.stringify` of each leaf, and split into its stages, each timed alone. The leaves
 * are what a period holds: per notification (the feed samples, every kind in turn) the notification,
 * its routing and one receipt per unit it went to.
 */
import { ulid } from "ulid";
import type { FeedSourceId } from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { buildCheckpoint } from "../shared/evidence/checkpoint.ts";
import { sha256 } from "../shared/evidence/digest.ts";
import { type EvidenceLeaf, hashLeaf, notificationLeaf, routingLeaf } from "../shared/evidence/leaves.ts";
import { merkleRoot } from "../shared/evidence/merkle.ts";
import { generateSigningKey, privateKeySigner } from "../shared/evidence/signing.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { benchSources, feedBody, fixturesOf } from "./lib/feeds.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { Goal, SectionReport } from "./lib/report.ts";
import { fixed, median, round } from "./lib/stats.ts";

/**
 * The goal: the busiest deployment's 5-minute period built in ≤ 10 s of one core. Busiest = 10× the
 * mean rate of 10 M notifications a month, the cost model's top volume (≈ 38 notifications/s).
 */
const PEAK_NOTIFICATIONS_PER_SECOND = (10 * 10_000_000) / (730 * 3600);
const PERIOD_SECONDS = 300;
const BUILD_BUDGET_SECONDS = 10;

const PERIOD_START = Date.parse("2025-06-02T09:00:00.000Z");

export interface EvidenceCase {
  readonly notifications: number;
  readonly leaves: number;
  /** Median of the repetitions, whole `buildCheckpoint`. */
  readonly buildMs: number;
  readonly leavesPerSecond: number;
  /** The same leaves through JSON.stringify + SHA-256 only. */
  readonly floorLeavesPerSecond: number;
  /** Median ms of each stage timed alone. */
  readonly stagesMs: { readonly hashLeaves: number; readonly sortAndTree: number; readonly sign: number };
}

export interface EvidenceData {
  readonly repetitions: number;
  readonly leavesPerNotification: number;
  readonly cases: readonly EvidenceCase[];
  readonly goalLeavesPerSecond: number;
}

/** The canonical notifications of every feed sample, mapped as the ingest function maps them. */
export function sampleNotifications(): CanonicalNotification[] {
  return benchSources.flatMap((source: FeedSourceId) => {
    const { body } = feedBody(source, fixturesOf(source).length, `evidence-${source}`);
    const mapped = mapFeedRequest(source, JSON.parse(body), {
      deployment: "almaty",
      receivedAt: new Date(PERIOD_START),
      newId: ulid,
    });
    if (!mapped.ok) throw new Error(`the ${source} samples do not map: ${JSON.stringify(mapped.errors[0])}`);
    return mapped.records.map((record) => record.notification);
  });
}

/** The leaves of `count` notifications received over one period. */
function periodLeaves(samples: readonly CanonicalNotification[], count: number): EvidenceLeaf[] {
  const step = (PERIOD_SECONDS * 1000) / count;
  return Array.from({ length: count }, (_, i) => {
    const sample = samples[i % samples.length];
    if (sample === undefined) throw new Error("no sample notifications");
    const receivedAt = PERIOD_START + Math.floor(i * step);
    const notification = structuredClone(sample);
    notification.id = ulid(receivedAt);
    notification.receivedAt = new Date(receivedAt).toISOString();
    notification.upstream.recordId = `evidence-${i}`;
    const routedAt = new Date(receivedAt + 1).toISOString();
    const routing = routingLeaf(notification, {}, routedAt);
    const receipts = routing.units.map((unit) => ({
      type: "receipt" as const,
      notificationId: notification.id,
      unit,
      officer: `officer.${unit}`,
      status: "received" as const,
      acknowledgedAt: new Date(receivedAt + 2).toISOString(),
    }));
    return [notificationLeaf(notification), routing, ...receipts];
  }).flat();
}

function timeMs(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

async function timeMsAsync(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function runEvidence(
  quick: boolean,
  log: (line: string) => void,
): Promise<SectionReport<EvidenceData>> {
  const signer = privateKeySigner(generateSigningKey());
  const samples = sampleNotifications();
  const sizes = quick ? [300, 3_000] : [300, 3_000, 12_000];
  const repetitions = quick ? 3 : 7;
  const cases: EvidenceCase[] = [];
  for (const notifications of sizes) {
    const leaves = periodLeaves(samples, notifications);
    const input = {
      deployment: "almaty" as const,
      previous: null,
      from: new Date(PERIOD_START).toISOString(),
      to: new Date(PERIOD_START + PERIOD_SECONDS * 1000).toISOString(),
      leaves,
      createdAt: new Date(PERIOD_START + PERIOD_SECONDS * 1000).toISOString(),
    };
    await buildCheckpoint(input, signer); // warm-up: JIT, and the key's first use
    const build: number[] = [];
    const floor: number[] = [];
    const hashLeaves: number[] = [];
    const sortAndTree: number[] = [];
    const sign: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      build.push(await timeMsAsync(() => buildCheckpoint(input, signer)));
      floor.push(timeMs(() => leaves.map((leaf) => sha256(Buffer.from(JSON.stringify(leaf))))));
      const hashes = leaves.map(hashLeaf);
      hashLeaves.push(timeMs(() => leaves.map(hashLeaf)));
      sortAndTree.push(timeMs(() => merkleRoot([...hashes].sort().map((hash) => Buffer.from(hash, "hex")))));
      sign.push(await timeMsAsync(() => signer.sign(Buffer.alloc(420))));
    }
    const buildMs = median(build);
    const row: EvidenceCase = {
      notifications,
      leaves: leaves.length,
      buildMs: round(buildMs),
      leavesPerSecond: Math.round((leaves.length * 1000) / buildMs),
      floorLeavesPerSecond: Math.round((leaves.length * 1000) / median(floor)),
      stagesMs: {
        hashLeaves: round(median(hashLeaves)),
        sortAndTree: round(median(sortAndTree)),
        sign: round(median(sign), 3),
      },
    };
    log(`[evidence] ${row.leaves} leaves: ${fixed(row.buildMs, 0)} ms, ${row.leavesPerSecond} leaves/s`);
    cases.push(row);
  }

  const largest = cases[cases.length - 1];
  const totalLeaves = cases.reduce((sum, c) => sum + c.leaves, 0);
  const totalNotifications = cases.reduce((sum, c) => sum + c.notifications, 0);
  const leavesPerNotification = totalLeaves / totalNotifications;
  const goalLeavesPerSecond = Math.ceil(
    (PEAK_NOTIFICATIONS_PER_SECOND * PERIOD_SECONDS * leavesPerNotification) / BUILD_BUDGET_SECONDS,
  );
  const goals: Goal[] = [
    {
      section: "evidence",
      goal: `checkpoint builder, ${largest?.leaves ?? 0} leaves`,
      target: `≥ ${goalLeavesPerSecond} leaves/s (a 5-min period at ${fixed(PEAK_NOTIFICATIONS_PER_SECOND, 0)} notif/s in ≤ ${BUILD_BUDGET_SECONDS} s)`,
      measured: `${largest?.leavesPerSecond ?? 0} leaves/s (floor JSON.stringify + SHA-256: ${largest?.floorLeavesPerSecond ?? 0})`,
      met: (largest?.leavesPerSecond ?? 0) >= goalLeavesPerSecond,
    },
  ];
  const table = markdownTable(
    [
      "notifications",
      "leaves",
      "build ms",
      "leaves/s",
      "floor leaves/s",
      "hash leaves ms",
      "sort + tree ms",
      "sign ms",
    ],
    cases.map((c) => [
      c.notifications,
      c.leaves,
      fixed(c.buildMs, 1),
      c.leavesPerSecond,
      c.floorLeavesPerSecond,
      fixed(c.stagesMs.hashLeaves, 1),
      fixed(c.stagesMs.sortAndTree, 1),
      fixed(c.stagesMs.sign, 2),
    ]),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  return {
    id: "evidence",
    title: "Evidence checkpoint builder",
    data: { repetitions, leavesPerNotification: round(leavesPerNotification), cases, goalLeavesPerSecond },
    markdown: [
      `Median of ${repetitions} builds per size, in-process, one core; ${fixed(leavesPerNotification, 2)} leaves per notification (the notification, its routing, a receipt per unit it went to). *build* = \`buildCheckpoint\` whole; *floor* = \`JSON.stringify\` + SHA-256 of each leaf (what hashing costs without RFC 8785); the stages are timed alone: *hash leaves* = RFC 8785 text + SHA-256(0x00 ‖ text) of every leaf, *sort + tree* = sorting the hashes and the RFC 9162 root, *sign* = one ECDSA P-256 signature (node:crypto; KMS adds a network round trip instead).`,
      "",
      table,
    ].join("\n"),
    goals,
  };
}
