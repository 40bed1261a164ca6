/**
 * The stated assumptions of the cost model (durations, consumers, log sizes, sampling…), with the
 * notes the report prints about them, and what the local benchmark's results may replace.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PAGE_SIZE } from "../../cli/queue-client.ts";
import { list, record } from "../../infra/template.ts";
import { type Assumptions, DAYS_PER_MONTH } from "./model.ts";
import { average } from "./profile.ts";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** How `hub poll` deletes what it acknowledged, read from its source: a DeleteMessageBatch per page, or a DeleteMessage each. */
export function pollDeletesInBatches(): boolean {
  const source = readFileSync(join(repositoryRoot, "cli", "queue-client.ts"), "utf8");
  if (/DeleteMessageBatchCommand\(/.test(source)) return true;
  if (/DeleteMessageCommand\(/.test(source)) return false;
  throw new Error("cannot tell from cli/queue-client.ts how `hub poll` deletes messages");
}

export const defaultAssumptions = (
  logCompressionRatio: number,
  sources: number,
  consumersOutsideAws: boolean,
  retentionDays: number,
): Assumptions => ({
  ingest: {
    baseMs: 20,
    perRecordMs: 0.05,
    storeCallMs: 15,
    storeConcurrency: 16,
    secretFetchMs: 25,
    secretCacheSeconds: 60,
    sources,
    initMs: 450,
  },
  publish: { baseMs: 10, perRecordMs: 0.05, putEventsMs: 30, initMs: 350 },
  warmKeepAliveSeconds: 300,
  streamShards: 4,
  ttlDeletionLagDays: 2,
  pollersPerQueue: 1,
  maxMessagesPerReceive: PAGE_SIZE,
  deleteInBatches: pollDeletesInBatches(),
  consumersOutsideAws,
  receiveOverheadBytesPerMessage: 400,
  responseBytes: { perRequest: 150, perRecord: 110 },
  logBytes: {
    platformPerInvocation: 650,
    ingestAppPerInvocation: 1_200,
    publishAppPerInvocation: 550,
    apiExecutionPerRequest: 1_500,
  },
  logCompressionRatio,
  neverExpiresHorizonMonths: 12,
  xray: { reservoirPerSecond: 1, fixedRate: 0.05 },
  apiDetailedMetricsPerMethod: 5,
  kmsCachedServiceRequestsPerMonth: 60_000,
  auditLogLine: "event",
  evidence: {
    runBaseMs: 400,
    perNotificationMs: 1.2,
    kmsRequestsPerRun: 2,
    readUnitsPerNotification: 0.53,
    leavesPerNotification: 2,
    readUnitsPerAcknowledgement: 1,
    leafEntryBytes: 170,
    checkpointItemBytes: 700,
    keptMonths: retentionDays / DAYS_PER_MONTH,
    logBytesPerRun: 1_100,
  },
  receipts: {
    acknowledgementsPerDelivery: 1,
    requestBaseMs: 20,
    perAcknowledgementMs: 25,
    readUnitsPerAcknowledgement: 0.5,
    checkerReadUnitsPerDelivery: 0.5,
    logBytesPerRequest: 1_400,
  },
  scheduledRunMs: { "receipt-checker": 150, "monthly-list": 20_000 },
  scheduledRunLogBytes: 1_100,
});

export const assumptionNotes = [
  "Ingest duration = 20 ms base + 0.05 ms CPU per record + ⌈records/16⌉ waves (16 records stored in parallel) × the store's sequential round trips per record (conditional PutItem, then BatchWriteItem of the subject items: ≈2) × 15 ms + 25 ms × P(secret cache of the source expired). The per-record CPU has a 2.5× margin over the ≈18–21 µs measured for the validation hot path in a prototype (shared STACK-NOTES); 15 ms is a conservative in-region DynamoDB write round trip.",
  "Publish duration = 10 ms base + 30 ms for one PutEvents round trip (the chunks of a batch go in parallel) + 0.05 ms per record. Records per invocation = min(100, ingest batch / 4 stream shards + per-shard arrivals in the 1 s window).",
  "Cold starts: INIT billed (ingest 450 ms, publish 350 ms); the cold fraction is the probability of no invocation in the previous 300 s (idle environments assumed kept 5 minutes; AWS publishes no figure).",
  `Consumers: one long-polling consumer per unit queue (20 s wait, MaxNumberOfMessages ${PAGE_SIZE} as \`hub poll\`), deleting as \`hub poll\` does (read from cli/queue-client.ts: ${pollDeletesInBatches() ? "one DeleteMessageBatch per page received" : "one DeleteMessage per message"}); the messages of one ingest request arrive together. The units poll from outside AWS (data transfer out).`,
  "Logs: Lambda platform lines 650 B/invocation (JSON start + report); ingest adds its INFO line and EMF document (1,200 B), publish its EMF document (550 B); API execution log at INFO ≈ 1,500 B/request (not measured); access-log line estimated from the stage's format; the audit rule writes every event as delivered. Storage compressed by the ratio measured with gzip on the fixtures' events.",
  "KMS: SQS data keys reused 300 s (template default) per queue and principal (EventBridge sends, the consumer receives); DynamoDB, the event bus and CloudWatch Logs cache their keys: 60,000 requests/month assumed, volume-independent (EventBridge documents that its bus KMS requests do not grow with event volume).",
  "X-Ray: default sampling rule (1 trace/s reservoir + 5 % of the rest) over API requests (the ingest function joins their trace) and stream invocations.",
  "DynamoDB: TTL deletes are free (AWS: TTL deletes consume no write throughput); items stay retention + 2 days; index entries = table key + index key + projected attributes, written with standard (non-transactional) WRUs; PITR billed on the table size without the indexes.",
  "Evidence log: one checkpoint run per interval (400 ms: chain end, KMS Sign, puts, metrics) + 1.2 ms per notification read back and hashed (receipt-day index page and BatchGetItem round trips ≈0.5 ms, two leaves at the benchmark's ≈6,900 leaves/s ×2 for Lambda's CPU share); 2 KMS requests per run (Sign, and GetPublicKey as if every run were cold); 0.53 RRU per notification read (eventually consistent BatchGetItem of an item < 4 KB, and its index entry); two leaves per notification (the notification and its routing) plus one per acknowledgement, 170 B each in the stored leaf list, and 1 RRU per acknowledgement read back (its mark's index entry and its ledger item, eventually consistent); a 700 B checkpoint item written with its index entry; lists and checkpoints counted as kept for the data's retention (the table has no TTL: they stay longer, each further year adds as much again).",
  "Receipts: `hub poll` acknowledges every page it received with one POST /v1/receipts, one `received` per delivered message (no `actioned`: a unit's own choice); per request 20 ms + 25 ms per wave of 16 acknowledgements (the by-id Query, then the transaction); 0.5 RRU per by-id Query; the overdue checker reads each expected receipt back once (0.5 RRU per delivered message); the ledger item and its mark are written in one transaction (2 WRU per KB each) and the mark's index entry with 1 WRU.",
  "Scheduled functions from the template's schedules: the receipt checker 150 ms a run (cursor, due-notification query, expected receipts), the monthly list 20 s a run; 1,100 log bytes a run. Demand-driven functions (reports, queries, audit, trace, stats) and the audit table's records of the queries are not priced: their volume is the units' and the auditor's, not the notifications'.",
  "Free tiers ignored. A month = 730 hours. GB = 2^30 bytes.",
];

export interface BenchFigures {
  /** The results file, relative to the repository. */
  readonly file: string;
  readonly used: string[];
}

/** Local CPU time → Lambda CPU time at 1,024 MB (≈0.58 vCPU) on an unknown core: a stated margin. */
const LAMBDA_CPU_FACTOR = 2;

/**
 * The benchmark's results (`npm run bench`), if present. Only CPU figures transfer from a local run to
 * Lambda (DynamoDB Local's latency says nothing about AWS's): the hot-path section's whole-handler
 * figure (µs per record, store stubbed) at its largest batch becomes the ingest CPU per record, ×2 for a
 * 1,024 MB function's share of a vCPU (≈0.58) and an unknown core speed.
 */
export function applyBenchFigures(
  base: Assumptions,
  file: string,
): { assumptions: Assumptions; bench: BenchFigures | undefined } {
  if (!existsSync(file)) return { assumptions: base, bench: undefined };
  const shown = relative(repositoryRoot, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { assumptions: base, bench: { file: shown, used: [] } };
  }
  const cases = list(record(record(record(parsed).sections)["hot-path"]).cases).flatMap((entry) => {
    const { batch, us } = record(entry);
    const handler = record(us).handler;
    return typeof batch === "number" && typeof handler === "number" ? [{ batch, handler }] : [];
  });
  if (cases.length === 0) return { assumptions: base, bench: { file: shown, used: [] } };
  const largest = Math.max(...cases.map((c) => c.batch));
  const chosen = cases.filter((c) => c.batch === largest);
  const us = average(chosen.map((c) => c.handler));
  const perRecordMs = (us / 1000) * LAMBDA_CPU_FACTOR;
  return {
    assumptions: { ...base, ingest: { ...base.ingest, perRecordMs } },
    bench: {
      file: shown,
      used: [
        `hot-path whole-handler figure (store stubbed) ${us.toFixed(2)} µs/record, mean of ${chosen.length} case(s) at batch ${largest} → ingest CPU ${perRecordMs.toFixed(3)} ms per record (×${LAMBDA_CPU_FACTOR} for a 1,024 MB function's ≈0.58 vCPU and an unknown core)`,
      ],
    },
  };
}
