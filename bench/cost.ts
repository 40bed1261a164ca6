/**
 * `npm run cost`: the monthly cost of one deployment and its cost per million notifications, from the
 * deployment's synthesized template (what it contains), the feed fixtures (what a notification
 * weighs once stored, published and delivered), the catalogue (who receives each kind) and the list
 * prices of `bench/prices.ts`. Prints a Markdown report and writes `bench/results/cost.json` and
 * `bench/results/cost.md`. Asserts nothing; the model's arithmetic is tested in
 * test/unit/bench/cost.test.ts.
 *
 *   npx tsx bench/cost.ts [--deployment almaty] [--notifications 1000000] [--batch 100]
 *                         [--consumers-in-aws] [--bench-results bench/results/latest.json]
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import {
  type CloudFormationResource,
  type CloudFormationTemplate,
  list,
  numberOr,
  record,
  referencedId,
  referencedIds,
  synthesizeDeployment,
} from "../infra/template.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import { notificationTable } from "../shared/adapters/dynamodb/notification-table.ts";
import { entrySize } from "../shared/adapters/event-publisher.ts";
import {
  type DeploymentId,
  deploymentIds,
  type FeedKindId,
  feedKindIds,
  feedSources,
  kindsByUnit,
  subscribersOf,
  type UnitId,
} from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { feedFixture } from "../test/support/fixtures.ts";
import {
  type Assumptions,
  CHUNK_BYTES,
  type CostLine,
  type CostResult,
  computeCost,
  DYNAMODB_ITEM_OVERHEAD_BYTES,
  dominantLines,
  type FunctionSpec,
  indexEntry,
  itemBytes,
  type LogGroupSpec,
  type NotificationProfile,
  type Scenario,
  type StackInventory,
  writeUnits,
} from "./cost-model.ts";
import { PRICE_REGION, PRICE_REGION_NAME, PRICES_AS_OF, prices } from "./prices.ts";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
const resultsDir = join(repositoryRoot, "bench", "results");

/** The goal: variable cost per million notifications at batch size 100. */
const GOAL_USD_PER_MILLION = 6;
const GOAL_BATCH = 100;
const VOLUMES = [100_000, 1_000_000, 10_000_000] as const;
const BATCHES = [1, 10, 100] as const;

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

function positiveNumber(name: string, fallback: number): number {
  const raw = argument(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

const deploymentArgument = argument("deployment") ?? "almaty";
if (!(deploymentIds as readonly string[]).includes(deploymentArgument)) {
  throw new Error(`--deployment must be one of ${deploymentIds.join(", ")}`);
}
const deployment = deploymentArgument as DeploymentId;
const defaultScenario: Scenario = {
  notificationsPerMonth: positiveNumber("notifications", 1_000_000),
  batchSize: positiveNumber("batch", 100),
};
if (defaultScenario.batchSize > 100) throw new Error("--batch: a feed request carries at most 100 records");

// ---------------------------------------------------------------------------------------------
// The template
// ---------------------------------------------------------------------------------------------

const synthesize = (id: DeploymentId) => synthesizeDeployment(id);
type Resource = CloudFormationResource;
type Template = CloudFormationTemplate;

/** Typical lengths of access-log values, to turn the access-log format into a line length. */
const accessLogValueLengths: Record<string, number> = {
  requestId: 36,
  extendedRequestId: 16,
  requestTime: 26,
  "identity.sourceIp": 13,
  "identity.userAgent": 30,
  httpMethod: 4,
  resourcePath: 18,
  path: 22,
  protocol: 8,
  status: 3,
  responseLength: 4,
  responseLatency: 3,
  "integration.latency": 3,
  "integration.status": 3,
  integrationLatency: 3,
  "error.responseType": 1,
  "error.message": 1,
  "waf.status": 3,
  xrayTraceId: 40,
};

function accessLogLineBytes(format: unknown): number {
  if (typeof format !== "string") return 0;
  return format.replace(/\$context\.([A-Za-z.]+)/g, (_, name: string) =>
    "x".repeat(accessLogValueLengths[name] ?? 12),
  ).length;
}

/** EMF metrics the functions publish: names × dimension sets, counted from their source. */
function countCustomMetrics(rejectedCombinations: number): { count: number; names: string[] } {
  const names: string[] = [];
  let count = 0;
  for (const fn of ["ingest", "publish"]) {
    const directory = join(repositoryRoot, "functions", fn);
    const source = readdirSync(directory)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => readFileSync(join(directory, file), "utf8"))
      .join("\n");
    const withDimensions = new Set(
      [...source.matchAll(/singleMetric\(\)[\s\S]{0,300}?addMetric\(\s*"(\w+)"/g)].map((m) => m[1] ?? ""),
    );
    const plain = new Set([...source.matchAll(/addMetric\(\s*"(\w+)"/g)].map((m) => m[1] ?? ""));
    for (const name of plain) {
      const combos = withDimensions.has(name) ? rejectedCombinations : 1;
      names.push(`${fn}/${name}${combos > 1 ? ` ×${combos}` : ""}`);
      count += combos;
    }
    if (/captureColdStartMetric:\s*true/.test(source)) {
      names.push(`${fn}/ColdStart`);
      count += 1;
    }
  }
  return { count, names };
}

const REJECTED_DIMENSION_COMBINATIONS = 3;
/** Local CPU time → Lambda CPU time at 1,024 MB (≈0.58 vCPU) on an unknown core: a stated margin. */
const LAMBDA_CPU_FACTOR = 2;

function inventoryOf(
  template: Template,
  stackName: string,
  region: string,
  retentionDays: number,
): { inventory: StackInventory; metricNames: string[]; unitRuleKinds: Map<string, string[]> } {
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  const props = (resource: Resource) => record(resource.Properties);

  const alarms = ofType("AWS::CloudWatch::Alarm").map(([, r]) => numberOr(props(r).Period, 60));
  const webAcls = ofType("AWS::WAFv2::WebACL");
  const stages = ofType("AWS::ApiGateway::Stage");
  const methodSettings = stages.flatMap(([, r]) => list(props(r).MethodSettings).map(record));
  const stageProps = stages[0] === undefined ? {} : props(stages[0][1]);

  // Unit rules: those with a detail-type pattern; their SQS targets are the unit queues.
  const queueIds = new Set(ofType("AWS::SQS::Queue").map(([id]) => id));
  const unitRuleKinds = new Map<string, string[]>();
  const unitQueueIds = new Set<string>();
  let otherRules = 0;
  for (const [id, rule] of ofType("AWS::Events::Rule")) {
    const detailTypes = list(record(props(rule).EventPattern)["detail-type"]).filter(
      (value): value is string => typeof value === "string",
    );
    const targets = list(props(rule).Targets)
      .map((target) => referencedId(record(target).Arn))
      .filter((target): target is string => target !== undefined && queueIds.has(target));
    if (detailTypes.length > 0 && targets.length > 0) {
      unitRuleKinds.set(id, detailTypes);
      for (const target of targets) unitQueueIds.add(target);
    } else {
      otherRules += 1;
    }
  }
  const unitQueues = ofType("AWS::SQS::Queue").filter(([id]) => unitQueueIds.has(id));
  const firstUnitQueue = unitQueues[0] === undefined ? {} : props(unitQueues[0][1]);

  const functionSpec = (service: string): FunctionSpec & { logGroupId?: string } => {
    const found = ofType("AWS::Lambda::Function").find(
      ([, r]) => record(record(props(r).Environment).Variables).POWERTOOLS_SERVICE_NAME === service,
    );
    if (found === undefined) throw new Error(`no ${service} function in the template`);
    const p = props(found[1]);
    return {
      memoryMb: numberOr(p.MemorySize, 128),
      architecture: list(p.Architectures)[0] === "arm64" ? "arm64" : "x86_64",
      logGroupId: referencedId(record(p.LoggingConfig).LogGroup),
    };
  };
  const ingest = functionSpec("ingest");
  const publish = functionSpec("publish");
  const lambdaTracing = ofType("AWS::Lambda::Function").some(
    ([, r]) => record(props(r).TracingConfig).Mode === "Active",
  );

  const accessLogGroupIds = new Set(referencedIds(record(stageProps.AccessLogSetting).DestinationArn));
  const logGroups: LogGroupSpec[] = ofType("AWS::Logs::LogGroup").map(([id, r]) => {
    const p = props(r);
    const retention = p.RetentionInDays === undefined ? "never" : numberOr(p.RetentionInDays, 0);
    const name = typeof p.LogGroupName === "string" ? p.LogGroupName : id;
    if (id === ingest.logGroupId)
      return { name: "ingest function log", source: "ingest", retentionDays: retention };
    if (id === publish.logGroupId)
      return { name: "publish function log", source: "publish", retentionDays: retention };
    if (accessLogGroupIds.has(id))
      return { name: "API access log", source: "api-access", retentionDays: retention };
    if (name.endsWith("/audit"))
      return { name: "audit log (every event)", source: "audit", retentionDays: retention };
    return { name, source: "other", retentionDays: retention };
  });
  const apiExecutionLogging = methodSettings.some(
    (setting) => setting.LoggingLevel === "INFO" || setting.LoggingLevel === "ERROR",
  );
  if (apiExecutionLogging) {
    // API Gateway creates it on first use, outside the template, with no retention.
    logGroups.push({
      name: "API execution log (outside the template)",
      source: "api-execution",
      retentionDays: "never",
    });
  }

  const mapping = ofType("AWS::Lambda::EventSourceMapping")[0];
  const mappingProps = mapping === undefined ? {} : props(mapping[1]);
  const archive = ofType("AWS::Events::Archive")[0];
  const archiveDays = archive === undefined ? 0 : numberOr(props(archive[1]).RetentionDays, 0);
  const table = [...ofType("AWS::DynamoDB::GlobalTable"), ...ofType("AWS::DynamoDB::Table")][0];
  const tableProps = table === undefined ? {} : props(table[1]);
  const pitr = [tableProps, ...list(tableProps.Replicas).map(record)].some(
    (p) => record(p.PointInTimeRecoverySpecification).PointInTimeRecoveryEnabled === true,
  );
  const metrics = countCustomMetrics(REJECTED_DIMENSION_COMBINATIONS);

  const inventory: StackInventory = {
    deployment: stackName,
    region,
    kmsKeys: ofType("AWS::KMS::Key").length,
    secrets: ofType("AWS::SecretsManager::Secret").length,
    alarms: {
      standard: alarms.filter((period) => period >= 60).length,
      highResolution: alarms.filter((period) => period < 60).length,
    },
    dashboards: ofType("AWS::CloudWatch::Dashboard").length,
    webAcls: webAcls.length,
    wafRules: webAcls.reduce((sum, [, r]) => sum + list(props(r).Rules).length, 0),
    apiStages: stages.length,
    apiMethods: ofType("AWS::ApiGateway::Method").length,
    apiDetailedMetrics: methodSettings.some((setting) => setting.MetricsEnabled === true),
    apiExecutionLogging,
    apiTracing: stageProps.TracingEnabled === true,
    apiAccessLogBytes: accessLogLineBytes(record(stageProps.AccessLogSetting).Format),
    unitQueues: unitQueues.length,
    otherQueues: queueIds.size - unitQueues.length,
    queueWaitTimeSeconds: numberOr(firstUnitQueue.ReceiveMessageWaitTimeSeconds, 20) || 20,
    kmsDataKeyReuseSeconds: numberOr(firstUnitQueue.KmsDataKeyReusePeriodSeconds, 300),
    unitRules: unitRuleKinds.size,
    otherRules,
    functions: {
      ingest: { memoryMb: ingest.memoryMb, architecture: ingest.architecture },
      publish: { memoryMb: publish.memoryMb, architecture: publish.architecture },
    },
    lambdaTracing,
    streamBatchSize: numberOr(mappingProps.BatchSize, 100),
    streamWindowSeconds: numberOr(mappingProps.MaximumBatchingWindowInSeconds, 0),
    archiveRetentionDays: archiveDays === 0 ? "never" : archiveDays,
    pitr,
    tableRetentionDays: retentionDays,
    logGroups,
    customMetrics: metrics.count,
  };
  return { inventory, metricNames: metrics.names, unitRuleKinds };
}

// ---------------------------------------------------------------------------------------------
// What a notification weighs: measured from the fixtures
// ---------------------------------------------------------------------------------------------

interface KindProfile {
  readonly kind: FeedKindId;
  readonly weight: number;
  readonly records: number;
  readonly subscribers: readonly UnitId[];
  readonly notificationJsonBytes: number;
  readonly notificationGzipBytes: number;
  readonly notificationItemBytes: number;
  readonly subjectItems: number;
  readonly subjectItemBytes: number;
  readonly storeRoundTrips: number;
  readonly tableWriteUnits: number;
  readonly tableStorageBytes: number;
  /** Index entries of the notification item (by kind × region × month) and of the subject items (by subject). */
  readonly notificationIndexWriteUnits: number;
  readonly notificationIndexStorageBytes: number;
  readonly subjectIndexWriteUnits: number;
  readonly subjectIndexStorageBytes: number;
  readonly eventEntryBytes: number;
  readonly eventBytes: number;
  /** What-if: the notification attribute stored gzip-compressed (binary). */
  readonly tableWriteUnitsCompressed: number;
  readonly tableStorageBytesCompressed: number;
}

/** How the store adapter writes, read from its source: one transaction, or a conditional put then batch writes. */
interface StoreWrites {
  readonly transactional: boolean;
  readonly label: string;
  /** Items per BatchWriteItem (25), or per transaction with the notification (100). */
  readonly itemsPerCall: number;
}

function storeWritesOf(): StoreWrites {
  const source = readFileSync(
    join(repositoryRoot, "shared", "adapters", "dynamodb", "notification-store.ts"),
    "utf8",
  );
  if (/TransactWriteItemsCommand\(/.test(source)) {
    return { transactional: true, label: "one TransactWriteItems (2 WRU per KB per item)", itemsPerCall: 99 };
  }
  if (/BatchWriteItemCommand\(/.test(source)) {
    return {
      transactional: false,
      label: "conditional PutItem, then BatchWriteItem of the subject items (1 WRU per KB per item)",
      itemsPerCall: 25,
    };
  }
  throw new Error("cannot tell from notification-store.ts how the store writes subject items");
}

const SAMPLE_ACCOUNT = "123456789012";
const SAMPLE_RECEIVED_AT = new Date("2026-01-15T06:00:00.000Z");

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The event as EventBridge delivers it to a target (SQS body, archive, audit log line). */
function deliveredEvent(notification: CanonicalNotification, source: string, region: string): string {
  return JSON.stringify({
    version: "0",
    id: randomUUID(),
    "detail-type": notification.kind,
    source,
    account: SAMPLE_ACCOUNT,
    time: notification.receivedAt.replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [],
    detail: notification,
  });
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function indexEntryBytes(item: Record<string, AttributeValue>): number[] {
  return Object.values(notificationTable.indexes)
    .filter((index) => item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined)
    .map((index) =>
      itemBytes(
        indexEntry(item, [
          notificationTable.partitionKey,
          notificationTable.sortKey,
          index.partitionKey,
          index.sortKey,
          ...index.projected,
        ]),
      ),
    );
}

function measureKinds(
  mix: ReadonlyMap<FeedKindId, number>,
  extras: Parameters<typeof subscribersOf>[1],
  retentionDays: number,
  region: string,
  store: StoreWrites,
): { kinds: KindProfile[]; events: string[] } {
  const events: string[] = [];
  let sequence = 0;
  const kinds = [...mix].map(([kind, weight]): KindProfile => {
    const fixture = feedFixture(kind);
    const mapped = mapFeedRequest(fixture.source, fixture.body, {
      deployment,
      receivedAt: SAMPLE_RECEIVED_AT,
      newId: () => `01JHG${String(sequence++).padStart(21, "0")}`,
    });
    if (!mapped.ok) throw new Error(`fixture of ${kind} does not map: ${JSON.stringify(mapped.errors)}`);
    const perRecord = mapped.records.map(({ notification }) => {
      const items = notificationItems(notification, retentionDays);
      const subjects = store.transactional ? items.subjects.slice(0, store.itemsPerCall) : items.subjects;
      const transactional = store.transactional && subjects.length > 0;
      const notificationBytes = itemBytes(items.notification);
      const subjectBytes = subjects.map(itemBytes);
      const json = JSON.stringify(notification);
      const gzipped = gzipSync(json, { level: 9 });
      const compressedBytes = itemBytes({ ...items.notification, notification: { B: gzipped } });
      const writes = (first: number) =>
        writeUnits(first, transactional) + sum(subjectBytes.map((bytes) => writeUnits(bytes, transactional)));
      const stored = (first: number) =>
        first +
        DYNAMODB_ITEM_OVERHEAD_BYTES +
        sum(subjectBytes.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES));
      const notificationEntries = indexEntryBytes(items.notification);
      const subjectEntries = subjects.flatMap(indexEntryBytes);
      const eventSource = feedSources[fixture.source].eventSource;
      const entry: PutEventsRequestEntry = {
        Source: eventSource,
        DetailType: notification.kind,
        Detail: json,
        Time: new Date(notification.receivedAt),
      };
      const event = deliveredEvent(notification, eventSource, region);
      events.push(event);
      return {
        notificationJsonBytes: Buffer.byteLength(json),
        notificationGzipBytes: gzipped.byteLength,
        notificationItemBytes: notificationBytes,
        subjectItems: subjects.length,
        subjectItemBytes: average(subjectBytes),
        storeRoundTrips: store.transactional ? 1 : 1 + Math.ceil(subjects.length / store.itemsPerCall),
        tableWriteUnits: writes(notificationBytes),
        tableStorageBytes: stored(notificationBytes),
        notificationIndexWriteUnits: sum(notificationEntries.map((bytes) => writeUnits(bytes, false))),
        notificationIndexStorageBytes: sum(
          notificationEntries.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES),
        ),
        subjectIndexWriteUnits: sum(subjectEntries.map((bytes) => writeUnits(bytes, false))),
        subjectIndexStorageBytes: sum(subjectEntries.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES)),
        eventEntryBytes: entrySize(entry),
        eventBytes: Buffer.byteLength(event),
        tableWriteUnitsCompressed: writes(compressedBytes),
        tableStorageBytesCompressed: stored(compressedBytes),
      };
    });
    const mean = (pick: (value: (typeof perRecord)[number]) => number) => average(perRecord.map(pick));
    return {
      kind,
      weight,
      records: perRecord.length,
      subscribers: subscribersOf(kind, extras),
      notificationJsonBytes: mean((r) => r.notificationJsonBytes),
      notificationGzipBytes: mean((r) => r.notificationGzipBytes),
      notificationItemBytes: mean((r) => r.notificationItemBytes),
      subjectItems: mean((r) => r.subjectItems),
      subjectItemBytes: mean((r) => r.subjectItemBytes),
      storeRoundTrips: mean((r) => r.storeRoundTrips),
      tableWriteUnits: mean((r) => r.tableWriteUnits),
      tableStorageBytes: mean((r) => r.tableStorageBytes),
      notificationIndexWriteUnits: mean((r) => r.notificationIndexWriteUnits),
      notificationIndexStorageBytes: mean((r) => r.notificationIndexStorageBytes),
      subjectIndexWriteUnits: mean((r) => r.subjectIndexWriteUnits),
      subjectIndexStorageBytes: mean((r) => r.subjectIndexStorageBytes),
      eventEntryBytes: mean((r) => r.eventEntryBytes),
      eventBytes: mean((r) => r.eventBytes),
      tableWriteUnitsCompressed: mean((r) => r.tableWriteUnitsCompressed),
      tableStorageBytesCompressed: mean((r) => r.tableStorageBytesCompressed),
    };
  });
  return { kinds, events };
}

interface ProfileVariant {
  /** The notification attribute stored gzip-compressed. */
  readonly compressed: boolean;
  /** Subject items keyed by the subject (pk = subject key): the by-subject index is not needed. */
  readonly subjectsKeyedBySubject: boolean;
}

const AS_BUILT: ProfileVariant = { compressed: false, subjectsKeyedBySubject: false };

function profileOf(
  kinds: readonly KindProfile[],
  units: readonly UnitId[],
  store: StoreWrites,
  variant: ProfileVariant = AS_BUILT,
): NotificationProfile {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  const weighted = (pick: (k: KindProfile) => number) =>
    kinds.reduce((s, k) => s + (k.weight / total) * pick(k), 0);
  const subjectIndex = variant.subjectsKeyedBySubject ? 0 : 1;
  return {
    tableWriteMode: store.label,
    storeRoundTrips: weighted((k) => k.storeRoundTrips),
    tableWriteUnits: weighted((k) => (variant.compressed ? k.tableWriteUnitsCompressed : k.tableWriteUnits)),
    indexWriteUnits: weighted((k) => k.notificationIndexWriteUnits + subjectIndex * k.subjectIndexWriteUnits),
    tableStorageBytes: weighted((k) =>
      variant.compressed ? k.tableStorageBytesCompressed : k.tableStorageBytes,
    ),
    indexStorageBytes: weighted(
      (k) => k.notificationIndexStorageBytes + subjectIndex * k.subjectIndexStorageBytes,
    ),
    eventChunks: weighted((k) => Math.ceil(k.eventEntryBytes / CHUNK_BYTES)),
    eventBytes: weighted((k) => k.eventBytes),
    unitShares: units.map((unit) => weighted((k) => (k.subscribers.includes(unit) ? 1 : 0))),
  };
}

// ---------------------------------------------------------------------------------------------
// Assumptions, and the local benchmark if it has run
// ---------------------------------------------------------------------------------------------

const defaultAssumptions = (logCompressionRatio: number, sources: number): Assumptions => ({
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
  maxMessagesPerReceive: 10,
  deleteInBatches: false,
  consumersOutsideAws: !process.argv.includes("--consumers-in-aws"),
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
});

const assumptionNotes = [
  "Ingest duration = 20 ms base + 0.05 ms CPU per record + ⌈records/16⌉ waves (16 records stored in parallel) × the store's sequential round trips per record (conditional PutItem, then BatchWriteItem of the subject items: ≈2) × 15 ms + 25 ms × P(secret cache of the source expired). The per-record CPU has a 2.5× margin over the ≈18–21 µs measured for the validation hot path in a prototype (shared STACK-NOTES); 15 ms is a conservative in-region DynamoDB write round trip.",
  "Publish duration = 10 ms base + 30 ms for one PutEvents round trip (the chunks of a batch go in parallel) + 0.05 ms per record. Records per invocation = min(100, ingest batch / 4 stream shards + per-shard arrivals in the 1 s window).",
  "Cold starts: INIT billed (ingest 450 ms, publish 350 ms); the cold fraction is the probability of no invocation in the previous 300 s (idle environments assumed kept 5 minutes; AWS publishes no figure).",
  "Consumers: one long-polling consumer per unit queue (20 s wait, MaxNumberOfMessages 10 as `hub poll`), DeleteMessage per message as `hub poll`; the messages of one ingest request arrive together. The units poll from outside AWS (data transfer out).",
  "Logs: Lambda platform lines 650 B/invocation (JSON start + report); ingest adds its INFO line and EMF document (1,200 B), publish its EMF document (550 B); API execution log at INFO ≈ 1,500 B/request (not measured); access-log line estimated from the stage's format; the audit rule writes every event as delivered. Storage compressed by the ratio measured with gzip on the fixtures' events.",
  "KMS: SQS data keys reused 300 s (template default) per queue and principal (EventBridge sends, the consumer receives); DynamoDB, the event bus and CloudWatch Logs cache their keys: 60,000 requests/month assumed, volume-independent (EventBridge documents that its bus KMS requests do not grow with event volume).",
  "X-Ray: default sampling rule (1 trace/s reservoir + 5 % of the rest) over API requests (the ingest function joins their trace) and stream invocations.",
  "DynamoDB: TTL deletes are free (AWS: TTL deletes consume no write throughput); items stay retention + 2 days; index entries = table key + index key + projected attributes, written with standard (non-transactional) WRUs; PITR billed on the table size without the indexes.",
  "Free tiers ignored. A month = 730 hours. GB = 2^30 bytes.",
];

interface BenchFigures {
  readonly file: string;
  readonly used: string[];
  readonly ignored: string[];
}

/** `bench/results/latest.json` (another benchmark) if present: use the figures it names that the model knows. */
function applyBenchFigures(base: Assumptions): { assumptions: Assumptions; bench: BenchFigures | undefined } {
  const file = argument("bench-results") ?? join(resultsDir, "latest.json");
  if (!existsSync(file)) return { assumptions: base, bench: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return { assumptions: base, bench: { file, used: [], ignored: ["not valid JSON"] } };
  }
  const flat = new Map<string, number>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "number" && Number.isFinite(value)) flat.set(path, value);
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        // Array entries with an `id` (e.g. report sections) are named by it.
        const id = Array.isArray(value) ? record(child).id : undefined;
        const segment = typeof id === "string" ? id : key;
        walk(child, path === "" ? segment : `${path}.${segment}`);
      }
    }
  };
  walk(parsed, "");
  const used: string[] = [];
  // Only CPU figures transfer from a local run to Lambda; DynamoDB Local's latency says nothing about AWS's.
  // The hot-path section's whole-handler figure (µs per record, store stubbed) at its largest batch is the
  // CPU per record; ×2 for a 1,024 MB function's share of a vCPU (≈0.58) and an unknown core speed.
  // Cases carrying a whole-handler figure: `{ …, batch|batchSize?: n, us: { handler: µs } }` under the hot path.
  const cases: { path: string; batch: number | undefined; us: number }[] = [];
  const collect = (value: unknown, path: string) => {
    if (value === null || typeof value !== "object") return;
    const node = record(value);
    const handler = record(node.us).handler;
    if (typeof handler === "number" && /hot.?path/i.test(path)) {
      const batch =
        typeof node.batch === "number"
          ? node.batch
          : typeof node.batchSize === "number"
            ? node.batchSize
            : undefined;
      cases.push({ path, batch, us: handler });
    }
    for (const [key, child] of Object.entries(value)) {
      const id = Array.isArray(value) ? record(child).id : undefined;
      collect(child, `${path}.${typeof id === "string" ? id : key}`);
    }
  };
  collect(parsed, "");
  let ingest = base.ingest;
  const batches = cases.flatMap((c) => (c.batch === undefined ? [] : [c.batch]));
  const largest = batches.length === 0 ? undefined : Math.max(...batches);
  const chosen =
    largest === undefined
      ? cases.filter((c) => c.us === Math.min(...cases.map((x) => x.us)))
      : cases.filter((c) => c.batch === largest);
  if (chosen.length > 0) {
    const us = average(chosen.map((c) => c.us));
    ingest = { ...ingest, perRecordMs: (us / 1000) * LAMBDA_CPU_FACTOR };
    used.push(
      `hot-path whole-handler figure (store stubbed) ${us.toFixed(2)} µs/record, mean of ${chosen.length} case(s)${largest === undefined ? " (lowest; no batch field)" : ` at batch ${largest}`} → ingest CPU ${((us / 1000) * LAMBDA_CPU_FACTOR).toFixed(3)} ms per record (×${LAMBDA_CPU_FACTOR} for a 1,024 MB function's ≈0.58 vCPU and an unknown core)`,
    );
  }
  const initMs = (fn: string) =>
    [...flat].find(([path]) => new RegExp(`cold.?start.*${fn}.*init.*ms$`, "i").test(path));
  const ingestInit = initMs("ingest");
  if (ingestInit !== undefined && ingestInit[1] > 0) {
    ingest = { ...ingest, initMs: ingestInit[1] * LAMBDA_CPU_FACTOR };
    used.push(
      `${ingestInit[0]} = ${ingestInit[1]} ms (local) → ingest INIT ${ingestInit[1] * LAMBDA_CPU_FACTOR} ms (×${LAMBDA_CPU_FACTOR})`,
    );
  }
  let publish = base.publish;
  const publishInit = initMs("publish");
  if (publishInit !== undefined && publishInit[1] > 0) {
    publish = { ...publish, initMs: publishInit[1] * LAMBDA_CPU_FACTOR };
    used.push(
      `${publishInit[0]} = ${publishInit[1]} ms (local) → publish INIT ${publishInit[1] * LAMBDA_CPU_FACTOR} ms (×${LAMBDA_CPU_FACTOR})`,
    );
  }
  const ignored = [...new Set([...flat.keys()].map((path) => path.split(".").slice(0, 2).join(".")))].slice(
    0,
    30,
  );
  return { assumptions: { ...base, ingest, publish }, bench: { file, used, ignored } };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const reductions: Partial<Record<string, string>> = {
  "dynamodb-storage":
    "store the notification JSON gzip-compressed in a binary attribute (see the measured ratio), keep subject items to keys only, consider the Standard-IA table class (storage ≈60 % cheaper, writes ≈25 % dearer), or keep less than a year in DynamoDB and export older items to S3",
  "dynamodb-pitr":
    "PITR is billed on table size whatever the window: compressing the stored notification shrinks it in step with storage",
  "dynamodb-table-writes":
    "the store already writes outside a transaction (1 WRU per KB); what is left: the notification item's JSON (compressed it would drop under fewer KB) and the repeated attributes of each subject item",
  "dynamodb-index-writes":
    "key the subject items by the subject (pk = subject key) so the by-subject index is not needed, or drop an index no consumer queries",
  "logs-ingest-audit":
    "the archive already keeps every event for replay: have the audit rule log an input-transformed line (id, kind, source, time) instead of the whole notification, which also stops copying personal data into logs",
  "logs-storage-audit": "as for the audit log ingestion: log ids, not notifications",
  "logs-ingest-api-execution":
    "execution logs at ERROR instead of INFO (access logs keep one line per request)",
  "logs-storage-api-execution":
    "set a retention on API-Gateway-Execution-Logs_<api-id>/prod (it never expires by default)",
  "eventbridge-events":
    "$1 per million events is the floor of a custom bus; only fewer or smaller (<64 KB) events lower it",
  "eventbridge-archive-storage":
    "archive a retention shorter than the personal-data term, if replay needs less",
  "sqs-delete": "`hub poll` could delete with DeleteMessageBatch (10 per request)",
  "sqs-receive": "consumers that wait for fuller batches (MaxNumberOfMessages 10) pay fewer receives",
  "sqs-send":
    "one request per delivered message is the floor; fewer subscribers per kind is a business decision",
  "data-transfer-out":
    "consumers inside AWS (same region) would pay no egress; otherwise it is the price of delivery",
  "api-requests": "larger batches (up to 100 records per request)",
  "waf-requests": "larger batches",
  "lambda-ingest-duration": "larger batches; right-size memory with a power-tuning run",
  "lambda-publish-requests": "more records per invocation (a longer batching window)",
  "xray-traces": "a sampling rule below the default for the ingest path",
  "kms-sqs": "a longer KmsDataKeyReusePeriodSeconds (up to 24 h) on the unit queues",
};

const money = (usd: number) =>
  usd === 0
    ? "$0"
    : usd < 0.01
      ? `$${usd.toFixed(4)}`
      : usd < 100
        ? `$${usd.toFixed(2)}`
        : `$${usd.toFixed(0)}`;
const quantity = (value: number) =>
  value === 0
    ? "0"
    : value >= 1000
      ? Math.round(value).toLocaleString("en-US")
      : value >= 1
        ? value.toFixed(2)
        : value.toPrecision(3);

function linesTable(result: CostResult): string {
  const millions = result.scenario.notificationsPerMonth / 1e6;
  const rows = result.lines.map((line: CostLine) => {
    const price = prices[line.priceKey];
    return `| ${line.group} | ${line.service} | ${line.item} | ${quantity(line.quantity)} ${line.unit} | $${price.usd} ${price.unit} | ${money(line.usd)} | ${line.group === "fixed" ? "—" : money(line.usd / millions)} |`;
  });
  return [
    "| group | service | item | quantity / month | unit price | $ / month | $ / M notifications |",
    "| --- | --- | --- | --- | --- | ---: | ---: |",
    ...rows,
  ].join("\n");
}

function totalsTable(result: CostResult): string {
  const { monthly: m, perMillion: p } = result;
  return [
    "| | $ / month | $ / M notifications |",
    "| --- | ---: | ---: |",
    `| fixed (volume-independent) | ${money(m.fixed)} | ${money(p.fixed)} |`,
    `| storage (retention, steady state) | ${money(m.storage)} | ${money(p.storage)} |`,
    `| requests (per notification) | ${money(m.request)} | ${money(p.request)} |`,
    `| **variable** (storage + requests) | **${money(m.variable)}** | **${money(p.variable)}** |`,
    `| **total** | **${money(m.total)}** | **${money(p.total)}** |`,
  ].join("\n");
}

function main(
  inventory: StackInventory,
  kinds: readonly KindProfile[],
  units: readonly UnitId[],
  profile: NotificationProfile,
  assumptions: Assumptions,
  context: {
    metricNames: string[];
    compression: number;
    fanoutCheck: string;
    bench: BenchFigures | undefined;
    retentionDays: number;
    store: StoreWrites;
  },
) {
  const run = (scenario: Scenario) => computeCost(inventory, profile, assumptions, scenario, prices);
  const result = run(defaultScenario);
  const grid = VOLUMES.flatMap((notificationsPerMonth) =>
    BATCHES.map((batchSize) => run({ notificationsPerMonth, batchSize })),
  );
  const goal = run({ notificationsPerMonth: defaultScenario.notificationsPerMonth, batchSize: GOAL_BATCH });
  const met = goal.perMillion.variable <= GOAL_USD_PER_MILLION;
  const dominant = dominantLines(goal, ["storage", "request"], 3);
  const millions = goal.scenario.notificationsPerMonth / 1e6;
  // The brief's literal split counts PITR, archive and log storage as fixed: the goal under that reading.
  const briefFixedStorage = goal.lines
    .filter(
      (line) =>
        line.id === "dynamodb-pitr" ||
        line.id === "eventbridge-archive-storage" ||
        line.id.startsWith("logs-storage-"),
    )
    .reduce((sum, line) => sum + line.usd, 0);
  const variableBriefSplit = goal.perMillion.variable - briefFixedStorage / millions;

  // What it would take: cumulative changes, at the goal's batch size.
  const goalScenario: Scenario = {
    notificationsPerMonth: defaultScenario.notificationsPerMonth,
    batchSize: GOAL_BATCH,
  };
  const compressed = profileOf(kinds, units, context.store, {
    compressed: true,
    subjectsKeyedBySubject: false,
  });
  const compressedKeyed = profileOf(kinds, units, context.store, {
    compressed: true,
    subjectsKeyedBySubject: true,
  });
  const shortAudit: Assumptions = { ...assumptions, auditLogLine: 300 };
  const batchedDeletes: Assumptions = { ...shortAudit, deleteInBatches: true };
  const SHORTER_DAYS = 90;
  const shorterRetention: StackInventory = {
    ...inventory,
    tableRetentionDays: SHORTER_DAYS,
    archiveRetentionDays: SHORTER_DAYS,
    logGroups: inventory.logGroups.map((group) =>
      group.source === "audit" ? { ...group, retentionDays: SHORTER_DAYS } : group,
    ),
  };
  const withoutPitr: StackInventory = { ...shorterRetention, pitr: false };
  const whatIf = (change: string, i: StackInventory, p: NotificationProfile, a: Assumptions) => ({
    change,
    result: computeCost(i, p, a, goalScenario, prices),
  });
  const whatIfs = [
    { change: `as built (${context.store.label})`, result: goal },
    whatIf("the notification attribute stored gzip-compressed (binary)", inventory, compressed, assumptions),
    whatIf(
      "… and subject items keyed by the subject (pk = subject key, sk = time#id), so the by-subject index is not needed",
      inventory,
      compressedKeyed,
      assumptions,
    ),
    whatIf(
      "… and the audit rule logging a 300-byte line (id, kind, source, time) instead of the whole event",
      inventory,
      compressedKeyed,
      shortAudit,
    ),
    whatIf("… and `hub poll` deleting with DeleteMessageBatch", inventory, compressedKeyed, batchedDeletes),
    whatIf(
      `… and personal data kept ${SHORTER_DAYS} days instead of ${context.retentionDays} (table, archive, audit log): a legal decision, shown for sensitivity`,
      shorterRetention,
      compressedKeyed,
      batchedDeletes,
    ),
    whatIf(
      "… and no PITR (the archive allows replay, not restore): a durability decision",
      withoutPitr,
      compressedKeyed,
      batchedDeletes,
    ),
  ];

  const md: string[] = [];
  md.push(`# Cost of one deployment (${inventory.deployment}), ${PRICE_REGION_NAME} ${PRICE_REGION}`);
  md.push("");
  md.push(
    `List prices as listed on ${PRICES_AS_OF} (bench/prices.ts: source and confirmation per price; many Frankfurt figures are **not confirmed here**). Free tiers ignored. Resources counted from the synthesized template of \`${inventory.deployment}\`; what a notification weighs measured from the feed fixtures; fan-out from the catalogue with a uniform mix over the ${kinds.length} feed kinds.`,
  );
  md.push("");
  md.push(
    `Why ${PRICE_REGION}: AWS has no region in Kazakhstan; Frankfurt is the hub's default deployment region (infra/config/defaults.ts), has every service the stack uses, and is among the full-featured regions nearest to Kazakhstan. Where personal data may live is a legal question (docs/deploying.md). Prices differ by region: re-price for another one.`,
  );
  md.push("");
  md.push(
    `## Default scenario: ${defaultScenario.notificationsPerMonth.toLocaleString("en-US")} notifications/month, ${defaultScenario.batchSize} records per request`,
  );
  md.push("");
  md.push(linesTable(result));
  md.push("");
  md.push(totalsTable(result));
  md.push("");
  md.push(
    `## Goal: ≤ $${GOAL_USD_PER_MILLION} per million notifications at batch size ${GOAL_BATCH} (variable cost)`,
  );
  md.push("");
  md.push(
    `**${met ? "MET" : "NOT MET"}**: variable cost ${money(goal.perMillion.variable)} per million (requests alone ${money(goal.perMillion.request)}, retention storage ${money(goal.perMillion.storage)}) at ${goal.scenario.notificationsPerMonth.toLocaleString("en-US")} notifications/month.`,
  );
  md.push("");
  md.push(
    `Under the brief's literal split (PITR, archive and log storage counted as fixed although they grow with the volume), the variable cost is ${money(variableBriefSplit)} per million: ${variableBriefSplit <= GOAL_USD_PER_MILLION ? "met" : "still not met"}.`,
  );
  md.push("");
  md.push("Dominant variable lines, and what would reduce them:");
  md.push("");
  for (const line of dominant) {
    md.push(
      `- **${line.service}, ${line.item}**: ${money(line.usd / millions)} per million (${((line.usd / goal.monthly.variable) * 100).toFixed(0)} % of the variable cost). ${reductions[line.id] ?? ""}`,
    );
  }
  md.push("");
  md.push(
    `### What it would take (cumulative what-ifs, ${goalScenario.notificationsPerMonth.toLocaleString("en-US")}/month at batch ${GOAL_BATCH})`,
  );
  md.push("");
  md.push("| change | variable $ / M | requests $ / M | storage $ / M | goal |");
  md.push("| --- | ---: | ---: | ---: | --- |");
  for (const { change, result: r } of whatIfs) {
    md.push(
      `| ${change} | ${money(r.perMillion.variable)} | ${money(r.perMillion.request)} | ${money(r.perMillion.storage)} | ${r.perMillion.variable <= GOAL_USD_PER_MILLION ? "met" : "not met"} |`,
    );
  }
  md.push("");
  md.push(
    `Per-notification gzip of the stored JSON: ${(average(kinds.map((k) => k.notificationGzipBytes)) / average(kinds.map((k) => k.notificationJsonBytes))).toFixed(2)} of its size (${average(kinds.map((k) => k.notificationGzipBytes)).toFixed(0)} of ${average(kinds.map((k) => k.notificationJsonBytes)).toFixed(0)} bytes on average).`,
  );
  md.push("");
  md.push("## Per million notifications by volume and batch size");
  md.push("");
  md.push(
    "| notifications / month | batch | $ / month | fixed $ / month | variable $ / M | of which requests $ / M | total $ / M |",
  );
  md.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of grid) {
    md.push(
      `| ${r.scenario.notificationsPerMonth.toLocaleString("en-US")} | ${r.scenario.batchSize} | ${money(r.monthly.total)} | ${money(r.monthly.fixed)} | ${money(r.perMillion.variable)} | ${money(r.perMillion.request)} | ${money(r.perMillion.total)} |`,
    );
  }
  md.push("");
  md.push("## What a notification weighs (fixtures, per kind)");
  md.push("");
  md.push(
    "| kind | records | fan-out | JSON B | notification item B | subject items | table WRU | index WRU | table+index storage B | event B |",
  );
  md.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const k of kinds) {
    md.push(
      `| ${k.kind} | ${k.records} | ${k.subscribers.length} | ${k.notificationJsonBytes.toFixed(0)} | ${k.notificationItemBytes.toFixed(0)} | ${k.subjectItems.toFixed(1)} | ${k.tableWriteUnits.toFixed(1)} | ${(k.notificationIndexWriteUnits + k.subjectIndexWriteUnits).toFixed(1)} | ${(k.tableStorageBytes + k.notificationIndexStorageBytes + k.subjectIndexStorageBytes).toFixed(0)} | ${k.eventBytes.toFixed(0)} |`,
    );
  }
  const fanout = profile.unitShares.reduce((s, v) => s + v, 0);
  md.push(
    `| **weighted (uniform mix)** | | **${fanout.toFixed(3)}** | | | | **${profile.tableWriteUnits.toFixed(2)}** | **${profile.indexWriteUnits.toFixed(2)}** | **${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)}** | **${profile.eventBytes.toFixed(0)}** |`,
  );
  md.push("");
  md.push(`Fan-out check against the template's unit rules: ${context.fanoutCheck}`);
  md.push("");
  md.push("## Inventory (from the template)");
  md.push("");
  const fn = inventory.functions;
  md.push(
    [
      `- KMS keys ${inventory.kmsKeys}, secrets ${inventory.secrets}, alarms ${inventory.alarms.standard} standard + ${inventory.alarms.highResolution} high-resolution, dashboards ${inventory.dashboards}`,
      `- WAF web ACLs ${inventory.webAcls} with ${inventory.wafRules} rules; API stages ${inventory.apiStages}, methods ${inventory.apiMethods}, detailed metrics ${inventory.apiDetailedMetrics ? "on" : "off"}, execution logging ${inventory.apiExecutionLogging ? "on (INFO)" : "off"}, tracing ${inventory.apiTracing ? "on" : "off"}, access-log line ≈ ${inventory.apiAccessLogBytes} B`,
      `- Lambda: ingest ${fn.ingest.memoryMb} MB ${fn.ingest.architecture}, publish ${fn.publish.memoryMb} MB ${fn.publish.architecture}, active tracing ${inventory.lambdaTracing ? "on" : "off"}; stream batch ${inventory.streamBatchSize}, window ${inventory.streamWindowSeconds} s`,
      `- SQS: ${inventory.unitQueues} unit queues + ${inventory.otherQueues} dead-letter/failure queues, long polling ${inventory.queueWaitTimeSeconds} s, KMS data key reuse ${inventory.kmsDataKeyReuseSeconds} s`,
      `- EventBridge: ${inventory.unitRules} unit rules + ${inventory.otherRules} other (audit), archive retention ${inventory.archiveRetentionDays} days`,
      `- DynamoDB: PITR ${inventory.pitr ? "on" : "off"}, TTL ${context.retentionDays} days (deployment config)`,
      `- Log groups: ${inventory.logGroups.map((g) => `${g.name} (${g.retentionDays === "never" ? "never expires" : `${g.retentionDays} d`})`).join("; ")}`,
      `- Custom metrics (functions' EMF, ${inventory.customMetrics}): ${context.metricNames.join(", ")}`,
    ].join("\n"),
  );
  md.push("");
  md.push("## Assumptions");
  md.push("");
  if (context.bench === undefined) {
    md.push(
      "- bench/results/latest.json was absent when this ran: Lambda durations are the stated conservative assumptions below.",
    );
  } else if (context.bench.used.length === 0) {
    md.push(
      `- ${relative(repositoryRoot, context.bench.file)} present, but no field the model can use (it reads the hot-path handler µs per record and cold-start INIT ms; DynamoDB Local latency does not transfer to AWS). Keys seen: ${context.bench.ignored.join(", ")}`,
    );
  } else {
    md.push(`- From ${relative(repositoryRoot, context.bench.file)}: ${context.bench.used.join("; ")}`);
  }
  for (const note of assumptionNotes) md.push(`- ${note}`);
  md.push(
    `- Measured log compression (gzip level 6 over the fixtures' events): stored = ${context.compression.toFixed(3)} × ingested.`,
  );
  md.push(
    `- Stored personal data is kept ${context.retentionDays} days (deployment config \`retentionDays\`); the table, archive and audit log are kept that long; function and API logs ${inventory.logGroups.find((g) => g.source === "ingest")?.retentionDays ?? "?"} days.`,
  );
  md.push("");
  md.push(
    `- Store writes: ${context.store.label}, read from shared/adapters/dynamodb/notification-store.ts. Resent duplicates are not modelled: each costs a failed conditional put (1 WRU per KB) and rewrites its subject items.`,
  );
  md.push(
    "- Not modelled (small or event-driven): SNS alarm e-mails, GetMetricData/Logs Insights queries, archive replays and queue redrives, CloudTrail, the KMS rotation surcharge after the first year, the units' own accounts.",
  );
  md.push("");
  md.push("## Findings");
  md.push("");
  const fixedTop = dominantLines(result, ["fixed"], 4)
    .map((line) => `${line.service} ${line.item} ${money(line.usd)}`)
    .join(", ");
  md.push(
    [
      `- The fixed cost is per deployment: ${money(result.monthly.fixed)}/month here, ≈ ${money(result.monthly.fixed * deploymentIds.length)}/month for all ${deploymentIds.length} deployments before any traffic (largest: ${fixedTop}).`,
      `- Retention storage dominates the variable cost: each notification weighs ${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)} B in the table and its indexes, kept ${context.retentionDays} days, and PITR is billed again on the table part of it. \`retentionDays\` 365 is a placeholder for the legal term (infra/config/defaults.ts): the storage lines scale linearly with it.`,
      "- The audit rule copies every whole notification (personal data) into a log group kept as long as the data, while the archive already keeps every event for replay: a cost and a data-minimisation question.",
      "- API Gateway creates the execution log group (API-Gateway-Execution-Logs_<api-id>/prod) outside the template, without retention: it never expires unless a retention is set.",
      "- The stage's per-source method settings (throttling) are separate method overrides; API Gateway may not apply the stage-wide `*/*` logging and metrics to overridden methods (reported for other tools; not verified here). If so, the execution-log and detailed-metric lines are over-counted and the per-source methods have neither: worth checking with `aws apigateway get-stage` on the first deployment.",
      `- X-Ray's default rule samples every request while traffic stays under 1 per second: at batch size 1 the traces cost $${(computeCost(inventory, profile, assumptions, { notificationsPerMonth: 1_000_000, batchSize: 1 }, prices).lines.find((line) => line.id === "xray-traces")?.usd ?? 0).toFixed(2)} per million notifications.`,
    ].join("\n"),
  );
  md.push("");
  md.push("## Prices");
  md.push("");
  md.push("| key | service | price | as listed on | confirmed | source | note |");
  md.push("| --- | --- | --- | --- | --- | --- | --- |");
  for (const [key, price] of Object.entries(prices)) {
    md.push(
      `| ${key} | ${price.service} | $${price.usd} ${price.unit} | ${price.asListedOn} | ${price.confirmed} | ${price.source} | ${price.note} |`,
    );
  }
  md.push("");
  md.push(
    "Prices vary by region: in us-east-1 several lines are 15–25 % cheaper (DynamoDB, CloudWatch Logs, API Gateway); re-price before comparing regions.",
  );
  md.push("");
  const markdown = md.join("\n");

  const json = {
    generatedAt: new Date().toISOString(),
    deployment: inventory.deployment,
    region: PRICE_REGION,
    pricesAsOf: PRICES_AS_OF,
    goal: {
      usdPerMillion: GOAL_USD_PER_MILLION,
      batchSize: GOAL_BATCH,
      measuredVariableUsdPerMillion: goal.perMillion.variable,
      measuredRequestUsdPerMillion: goal.perMillion.request,
      met,
      variableUsdPerMillionBriefSplit: variableBriefSplit,
      whatIfs: whatIfs.map(({ change, result: r }) => ({ change, perMillion: r.perMillion })),
      dominant: dominant.map((line) => ({
        id: line.id,
        service: line.service,
        item: line.item,
        usdPerMillion: line.usd / millions,
        reduce: reductions[line.id] ?? null,
      })),
    },
    defaultScenario: result,
    grid: grid.map((r) => ({ scenario: r.scenario, monthly: r.monthly, perMillion: r.perMillion })),
    inventory,
    profile,
    kinds,
    assumptions,
    assumptionNotes,
    logCompressionRatio: context.compression,
    fanoutCheck: context.fanoutCheck,
    bench: context.bench ?? null,
    prices,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "cost.json"), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(resultsDir, "cost.md"), `${markdown}\n`);
  console.log(markdown);
  console.log(`Written: bench/results/cost.json, bench/results/cost.md`);
}

// ---------------------------------------------------------------------------------------------

const { template, config, stackName } = await synthesize(deployment);
const { inventory, metricNames, unitRuleKinds } = inventoryOf(
  template,
  stackName,
  config.region,
  config.retentionDays,
);
const mix = new Map<FeedKindId, number>(feedKindIds.map((kind) => [kind, 1]));
const store = storeWritesOf();
const { kinds, events } = measureKinds(
  mix,
  config.extraSubscriptions,
  config.retentionDays,
  config.region,
  store,
);
const units = [...kindsByUnit(config.extraSubscriptions).keys()];
const profile = profileOf(kinds, units, store);

const templateFanout = average(
  kinds.map((k) => [...unitRuleKinds.values()].filter((detailTypes) => detailTypes.includes(k.kind)).length),
);
const catalogueFanout = profile.unitShares.reduce((sum, share) => sum + share, 0);
const fanoutCheck =
  Math.abs(templateFanout - catalogueFanout) < 1e-9
    ? `catalogue ${catalogueFanout.toFixed(3)} = template ${templateFanout.toFixed(3)} (${units.length} units with a rule)`
    : `MISMATCH: catalogue ${catalogueFanout.toFixed(3)}, template ${templateFanout.toFixed(3)}`;

const eventText = events.join("\n");
const compression = gzipSync(eventText, { level: 6 }).byteLength / Buffer.byteLength(eventText);
const { assumptions, bench } = applyBenchFigures(defaultAssumptions(compression, inventory.secrets));

main(inventory, kinds, units, profile, assumptions, {
  metricNames,
  compression,
  fanoutCheck,
  bench,
  retentionDays: config.retentionDays,
  store,
});
