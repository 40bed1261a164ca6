/**
 * The cost model of one deployment, as pure functions: what the synthesized stack contains
 * (`StackInventory`), what one notification weighs (`NotificationProfile`), the stated assumptions
 * and a scenario (volume, batch size) in; priced line items out, one function per service. No AWS
 * calls, no file access: inventory.ts, profile.ts and assumptions.ts build the inputs from the template,
 * the fixtures and the catalogue, and test/unit/bench/cost.test.ts checks the arithmetic on a
 * hand-computed scenario.
 *
 * Three groups of lines:
 * - `fixed`: does not depend on the volume (keys, secrets, alarms, dashboard, web ACL and rules,
 *   custom metrics, idle long polls, KMS requests that services cache);
 * - `storage`: what is kept for the retention period, at steady state (table and indexes, PITR,
 *   event archive, log storage). It grows with the volume, so it is part of the variable cost;
 * - `request`: per-notification work (API, WAF, Lambda, writes, events, queue requests, KMS data
 *   keys, log ingestion, traces, data transfer).
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { HubFunctionName } from "../../shared/wiring/functions.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import type { PriceFigures, PriceKey } from "./prices.ts";

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** Storage and transfer are billed per GB of 2^30 bytes. */
export const GB = 1024 ** 3;
/** EventBridge events and SQS payloads are metered in 64 KB chunks. */
export const CHUNK_BYTES = 64 * 1024;
/** CloudWatch Logs counts 26 bytes of metadata per log event. */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

// ---------------------------------------------------------------------------------------------
// DynamoDB item sizes (developer guide, "DynamoDB item sizes and formats")
// ---------------------------------------------------------------------------------------------

/** Storage overhead DynamoDB adds to every item and every index entry. */
export const DYNAMODB_ITEM_OVERHEAD_BYTES = 100;
/** One write request unit writes up to 1 KB. */
export const WRITE_UNIT_BYTES = 1024;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** A number: 1 byte per two significant digits, plus 1 byte (leading and trailing zeros trimmed). */
export function numberBytes(value: string): number {
  const digits = value
    .replace(/^[-+]/, "")
    .replace(/[eE].*$/, "")
    .replace(".", "")
    .replace(/^0+/, "")
    .replace(/0+$/, "");
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** The size of an attribute value, without its name. */
export function attributeValueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, entry) => sum + utf8Bytes(entry), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, entry) => sum + numberBytes(entry), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, entry) => sum + entry.byteLength, 0);
  // List and map: 3 bytes of overhead, plus 1 byte per element; map keys count like attribute names.
  if (value.L !== undefined)
    return 3 + value.L.reduce((sum, entry) => sum + attributeValueBytes(entry) + 1, 0);
  if (value.M !== undefined) {
    return (
      3 +
      Object.entries(value.M).reduce(
        (sum, [name, entry]) => sum + utf8Bytes(name) + attributeValueBytes(entry) + 1,
        0,
      )
    );
  }
  return 0;
}

/** Item size: the lengths of the attribute names and values (without the 100 bytes of storage overhead). */
export function itemBytes(item: Readonly<Record<string, AttributeValue>>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + utf8Bytes(name) + attributeValueBytes(value),
    0,
  );
}

/** Write request units for one item: 1 per KB started, doubled inside a transaction. */
export function writeUnits(bytes: number, transactional: boolean): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES)) * (transactional ? 2 : 1);
}

/** The attributes of an index entry: table key, index key and projected attributes the item has. */
export function indexEntry(
  item: Readonly<Record<string, AttributeValue>>,
  attributes: readonly string[],
): Record<string, AttributeValue> {
  const entry: Record<string, AttributeValue> = {};
  for (const name of attributes) {
    const value = item[name];
    if (value !== undefined) entry[name] = value;
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

export interface FunctionSpec {
  readonly memoryMb: number;
  readonly architecture: "arm64" | "x86_64";
}

export type LogSource =
  | "ingest"
  | "publish"
  | "receipts"
  | "receipt-checker"
  | "api-access"
  | "api-execution"
  | "audit"
  | "other";

export interface LogGroupSpec {
  readonly name: string;
  readonly source: LogSource;
  /** `never`: no retention set (CloudWatch keeps the data forever). */
  readonly retentionDays: number | "never";
}

/** The evidence log as the template declares it (docs/decisions/evidence-log.md). */
export interface EvidenceSpec {
  /** The checkpoint function's schedule: one run, one signed checkpoint per interval. */
  readonly checkpointIntervalSeconds: number;
  readonly checkpointFunction: FunctionSpec;
  /** Asymmetric KMS keys (the signing key): billed with the log, not with the data keys. */
  readonly signingKeys: number;
}

/** What the evidence log does per run and per notification (the stated assumptions). */
export interface EvidenceAssumptions {
  /** Per run: read the chain's end, sign (KMS), put the checkpoint, log and flush metrics. */
  readonly runBaseMs: number;
  /** Per notification: read it back (index page + BatchGetItem) and hash its leaves. */
  readonly perNotificationMs: number;
  /** KMS requests per run: Sign, and GetPublicKey counted as if every run started cold. */
  readonly kmsRequestsPerRun: number;
  /** Read request units per notification read back (eventually consistent BatchGetItem of an item < 4 KB, and its index entry). */
  readonly readUnitsPerNotification: number;
  /** Leaves per notification: the notification as stored and its routing (each acknowledgement adds one). */
  readonly leavesPerNotification: number;
  /** Read request units per acknowledgement read back: its mark's index entry and its ledger item. */
  readonly readUnitsPerAcknowledgement: number;
  /** Bytes of one leaf-list entry as stored (`{"at","hash","key"}` JSON). */
  readonly leafEntryBytes: number;
  /** Bytes of a checkpoint item (the signed checkpoint, its keys, its period end), stored twice (the index projects it). */
  readonly checkpointItemBytes: number;
  /** Months the checkpoints and leaf lists are counted as kept (the table has no TTL: they are kept longer). */
  readonly keptMonths: number;
  /** Log bytes per run (platform lines and the run's summary line). */
  readonly logBytesPerRun: number;
}

/** A function the template runs on a schedule (EventBridge Scheduler or a scheduled rule). */
export interface ScheduleSpec {
  readonly function: HubFunctionName;
  readonly expression: string;
  readonly runsPerMonth: number;
}

/** DynamoDB table class of the notification table (AWS::DynamoDB::GlobalTable `TableClass`). */
export type TableClass = "standard" | "standard-ia";

/** What the synthesized template of one deployment contains, as far as cost is concerned. */
export interface StackInventory {
  readonly deployment: string;
  readonly region: string;
  readonly kmsKeys: number;
  readonly secrets: number;
  readonly alarms: { readonly standard: number; readonly highResolution: number };
  readonly dashboards: number;
  readonly webAcls: number;
  /** Rules over all web ACLs (a managed rule group counts as one). */
  readonly wafRules: number;
  readonly apiStages: number;
  readonly apiMethods: number;
  readonly apiDetailedMetrics: boolean;
  readonly apiExecutionLogging: boolean;
  readonly apiTracing: boolean;
  /** Estimated bytes of one access-log line (from the stage's access log format). */
  readonly apiAccessLogBytes: number;
  /** Queues targeted by a unit rule (consumers poll them). */
  readonly unitQueues: number;
  readonly otherQueues: number;
  readonly queueWaitTimeSeconds: number;
  readonly kmsDataKeyReuseSeconds: number;
  readonly unitRules: number;
  readonly otherRules: number;
  /** Every function of the template, by service name; ingest and publish are always there. */
  readonly functions: Readonly<Record<"ingest" | "publish", FunctionSpec>> &
    Readonly<Partial<Record<HubFunctionName, FunctionSpec>>>;
  /** Scheduled functions (the checkpoint's runs are priced with the evidence log). */
  readonly schedules: readonly ScheduleSpec[];
  readonly tableClass: TableClass;
  readonly lambdaTracing: boolean;
  readonly streamBatchSize: number;
  readonly streamWindowSeconds: number;
  readonly archiveRetentionDays: number | "never";
  readonly pitr: boolean;
  readonly tableRetentionDays: number;
  readonly logGroups: readonly LogGroupSpec[];
  /** Embedded-metric-format metrics the functions publish (each name × dimension set is one metric). */
  readonly customMetrics: number;
  /** Absent: the stack has no evidence log. */
  readonly evidence?: EvidenceSpec;
}

/** What one notification weighs, averaged over the kind mix. */
export interface NotificationProfile {
  /** How the store writes a notification's items, e.g. "conditional PutItem + BatchWriteItem". */
  readonly tableWriteMode: string;
  /** Sequential DynamoDB round trips to store one record (e.g. the put, then one batch write). */
  readonly storeRoundTrips: number;
  /** Write request units of the table items (a transaction would double them). */
  readonly tableWriteUnits: number;
  /** Write request units of the index entries. */
  readonly indexWriteUnits: number;
  /** Bytes stored in the table (items + 100 bytes each). */
  readonly tableStorageBytes: number;
  /** Bytes stored in the indexes (entries + 100 bytes each). */
  readonly indexStorageBytes: number;
  /** 64 KB chunks EventBridge bills for the event. */
  readonly eventChunks: number;
  /** Bytes of the event as delivered to targets (SQS body, archive, audit log line). */
  readonly eventBytes: number;
  /** Per unit queue: the fraction of notifications it receives. Their sum is the average fan-out. */
  readonly unitShares: readonly number[];
  /** The publish function's `PUBLICATION#` mark (BatchWriteItem, no index). */
  readonly publicationMark: ItemWeight;
  /**
   * One acknowledgement (`received`) of a delivered notification: its ledger item and its mark, in one
   * transaction (2 WRU per KB each), and the mark's `by-received-day` index entry.
   */
  readonly acknowledgement: ItemWeight;
}

/** What a group of items writes and keeps. */
export interface ItemWeight {
  readonly tableWriteUnits: number;
  readonly indexWriteUnits: number;
  /** Items + 100 bytes each. */
  readonly tableStorageBytes: number;
  /** Index entries + 100 bytes each. */
  readonly indexStorageBytes: number;
}

/** The units' receipts (`hub poll` acknowledges each page it received) and the overdue checker. */
export interface ReceiptAssumptions {
  /** Acknowledgements per delivered message (`hub poll`: one `received` each). */
  readonly acknowledgementsPerDelivery: number;
  /** Per `POST /v1/receipts` (one per page received): handler, auth context, logs, metrics. */
  readonly requestBaseMs: number;
  /** Per acknowledgement: the by-id lookup and the transaction (16 in parallel). */
  readonly perAcknowledgementMs: number;
  /** RRU per acknowledgement: the `by-id` index Query (eventually consistent, < 4 KB). */
  readonly readUnitsPerAcknowledgement: number;
  /** RRU per delivered message in the checker: the expected receipt read back (BatchGetItem, eventually consistent). */
  readonly checkerReadUnitsPerDelivery: number;
  /** Log bytes per receipts invocation (platform lines, the request line, EMF). */
  readonly logBytesPerRequest: number;
}

export interface Assumptions {
  readonly ingest: {
    /** Handler work that does not depend on the records (middy, signature, JSON, logs, metrics). */
    readonly baseMs: number;
    /** CPU per record (validate, normalise, build items). */
    readonly perRecordMs: number;
    /** One DynamoDB write round trip (PutItem, BatchWriteItem or TransactWriteItems). */
    readonly storeCallMs: number;
    /** Records stored in parallel (`STORE_CONCURRENCY`). */
    readonly storeConcurrency: number;
    /** GetSecretValue when the 60 s cache has expired. */
    readonly secretFetchMs: number;
    readonly secretCacheSeconds: number;
    readonly sources: number;
    /** Cold start (INIT), billed. */
    readonly initMs: number;
  };
  readonly publish: {
    readonly baseMs: number;
    readonly perRecordMs: number;
    /** One PutEvents round trip (all chunks of a batch are sent in parallel). */
    readonly putEventsMs: number;
    readonly initMs: number;
  };
  /** Seconds an idle execution environment is kept (not published by AWS). */
  readonly warmKeepAliveSeconds: number;
  /** Table stream shards records are spread over. */
  readonly streamShards: number;
  /** Days between expiry and TTL deletion. */
  readonly ttlDeletionLagDays: number;
  /** Long-polling consumers per unit queue. */
  readonly pollersPerQueue: number;
  /** `MaxNumberOfMessages` the consumers ask for (`hub poll`: its page size). */
  readonly maxMessagesPerReceive: number;
  /** The consumers delete each page with one DeleteMessageBatch, else each message with DeleteMessage. */
  readonly deleteInBatches: boolean;
  /** The units poll from outside AWS: what they receive is data transfer out. */
  readonly consumersOutsideAws: boolean;
  /** Bytes a ReceiveMessage response adds per message (receipt handle, attributes, envelope). */
  readonly receiveOverheadBytesPerMessage: number;
  /** Bytes of the 202 response per request and per record. */
  readonly responseBytes: { readonly perRequest: number; readonly perRecord: number };
  readonly logBytes: {
    /** Lambda platform lines (start, report) per invocation, JSON format. */
    readonly platformPerInvocation: number;
    /** Ingest: the "request accepted" INFO line and the EMF metrics document. */
    readonly ingestAppPerInvocation: number;
    /** Publish: the EMF metrics document. */
    readonly publishAppPerInvocation: number;
    /** API Gateway execution log at INFO, per request, without data trace. */
    readonly apiExecutionPerRequest: number;
  };
  /** Stored (compressed) bytes per ingested byte. */
  readonly logCompressionRatio: number;
  /** Months counted for log groups that never expire. */
  readonly neverExpiresHorizonMonths: number;
  readonly xray: { readonly reservoirPerSecond: number; readonly fixedRate: number };
  /** API Gateway detailed metrics per method (Count, 4XX, 5XX, Latency, IntegrationLatency). */
  readonly apiDetailedMetricsPerMethod: number;
  /** KMS requests of services that cache data keys (DynamoDB, EventBridge bus, CloudWatch Logs). */
  readonly kmsCachedServiceRequestsPerMonth: number;
  /** What the audit rule writes per event: the whole event as delivered, or a line of this many bytes. */
  readonly auditLogLine: "event" | number;
  /** Absent: the evidence log is not priced. */
  readonly evidence?: EvidenceAssumptions;
  /** Absent: receipts are not priced. */
  readonly receipts?: ReceiptAssumptions;
  /** Duration of one scheduled run, per function (a function not listed: 1 s). */
  readonly scheduledRunMs: Readonly<Partial<Record<HubFunctionName, number>>>;
  /** Log bytes per scheduled run. */
  readonly scheduledRunLogBytes: number;
}

export interface Scenario {
  readonly notificationsPerMonth: number;
  /** Records per ingest request. */
  readonly batchSize: number;
}

export type CostGroup = "fixed" | "storage" | "request";

export interface CostLine {
  readonly id: string;
  readonly group: CostGroup;
  readonly service: string;
  readonly item: string;
  /** Monthly quantity in `unit`. */
  readonly quantity: number;
  readonly unit: string;
  readonly priceKey: PriceKey;
  /** How many `unit`s the price is for (e.g. 1e6 requests, 10,000 calls, 1 GB = 2^30 bytes). */
  readonly perPricedUnits: number;
  readonly usd: number;
  /** How the quantity was derived. */
  readonly basis: string;
}

export interface CostTotals {
  readonly fixed: number;
  readonly storage: number;
  readonly request: number;
  /** storage + request: grows with the volume. */
  readonly variable: number;
  readonly total: number;
}

export interface Derived {
  readonly ingestRequests: number;
  readonly ingestBilledMs: number;
  readonly ingestColdFraction: number;
  readonly publishInvocations: number;
  readonly recordsPerPublish: number;
  readonly publishBilledMs: number;
  readonly publishColdFraction: number;
  readonly fanout: number;
  readonly sqsMessages: number;
  readonly sqsReceives: number;
  readonly secretFetches: number;
  readonly traces: number;
  /** `POST /v1/receipts` requests and the acknowledgements they carry. */
  readonly receiptRequests: number;
  readonly acknowledgements: number;
}

export interface CostResult {
  readonly scenario: Scenario;
  readonly lines: readonly CostLine[];
  readonly monthly: CostTotals;
  /** Per million notifications: monthly / (volume / 1e6). */
  readonly perMillion: CostTotals;
  readonly derived: Derived;
}

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/** Probability that no event came in the previous `seconds` at `ratePerSecond` (Poisson arrivals). */
export function idleProbability(ratePerSecond: number, seconds: number): number {
  return Math.exp(-ratePerSecond * seconds);
}

/** X-Ray's default rule: a reservoir per second, then a fixed rate of the rest. */
export function sampledPerSecond(ratePerSecond: number, reservoir: number, fixedRate: number): number {
  return Math.min(ratePerSecond, reservoir) + fixedRate * Math.max(0, ratePerSecond - reservoir);
}

/**
 * Receives a consumer needs for a burst of `messages` that arrive together: one per message while
 * fewer than one arrives per burst on average, else one per `perReceive` messages.
 */
export function receivesPerBurst(messages: number, perReceive: number): number {
  return messages < 1 ? messages : Math.max(1, messages / perReceive);
}

function months(days: number | "never", horizonMonths: number): number {
  return days === "never" ? horizonMonths : days / DAYS_PER_MONTH;
}

/** How much happens in a month of a scenario: what the services' lines are counted from. */
interface Traffic extends Derived {
  readonly requestRate: number;
  readonly ingestMs: number;
  /** Probability that a request finds the secret cache of its source expired. */
  readonly secretMiss: number;
  readonly publishMs: number;
  /** Messages one ReceiveMessage returns at most (10, fewer for events near 64 KB). */
  readonly perReceive: number;
  /** Trace starts per second (API requests and stream invocations, as far as traced). */
  readonly tracedRate: number;
}

function trafficOf(
  inventory: StackInventory,
  profile: NotificationProfile,
  a: Assumptions,
  { notificationsPerMonth: n, batchSize: batch }: Scenario,
): Traffic {
  const requests = n / batch;
  const requestRate = requests / SECONDS_PER_MONTH;

  const ing = a.ingest;
  const secretMiss = idleProbability(requestRate / ing.sources, ing.secretCacheSeconds);
  const ingestMs =
    ing.baseMs +
    ing.perRecordMs * batch +
    Math.ceil(batch / ing.storeConcurrency) * profile.storeRoundTrips * ing.storeCallMs +
    secretMiss * ing.secretFetchMs;
  const ingestCold = idleProbability(requestRate, a.warmKeepAliveSeconds);

  const pub = a.publish;
  const shardRate = n / SECONDS_PER_MONTH / a.streamShards;
  const recordsPerPublish = Math.min(
    inventory.streamBatchSize,
    Math.max(1, batch / a.streamShards + shardRate * inventory.streamWindowSeconds),
  );
  const publishInvocations = n / recordsPerPublish;
  const publishMs = pub.baseMs + pub.putEventsMs + pub.perRecordMs * recordsPerPublish;
  const publishCold = idleProbability(
    publishInvocations / SECONDS_PER_MONTH / a.streamShards,
    a.warmKeepAliveSeconds,
  );

  const perReceive = Math.max(
    1,
    Math.min(a.maxMessagesPerReceive, Math.floor(CHUNK_BYTES / Math.max(1, profile.eventBytes))),
  );
  // API requests start traces (the ingest function joins them); stream invocations start their own.
  const tracedRate =
    (inventory.apiTracing || inventory.lambdaTracing ? requestRate : 0) +
    (inventory.lambdaTracing ? publishInvocations / SECONDS_PER_MONTH : 0);
  const fanout = profile.unitShares.reduce((sum, share) => sum + share, 0);
  const sqsReceives = profile.unitShares.reduce(
    (sum, share) => sum + requests * receivesPerBurst(batch * share, perReceive),
    0,
  );
  // `hub poll` acknowledges each page it received with one POST /v1/receipts.
  const receipts = inventory.functions.receipts === undefined ? undefined : a.receipts;
  const acknowledgements = receipts === undefined ? 0 : n * fanout * receipts.acknowledgementsPerDelivery;
  return {
    ingestRequests: requests,
    ingestBilledMs: Math.ceil(ingestMs) + ingestCold * ing.initMs,
    ingestColdFraction: ingestCold,
    publishInvocations,
    recordsPerPublish,
    publishBilledMs: Math.ceil(publishMs) + publishCold * pub.initMs,
    publishColdFraction: publishCold,
    fanout,
    sqsMessages: n * fanout,
    sqsReceives,
    receiptRequests: receipts === undefined ? 0 : sqsReceives,
    acknowledgements,
    secretFetches: requests * secretMiss,
    traces: sampledPerSecond(tracedRate, a.xray.reservoirPerSecond, a.xray.fixedRate) * SECONDS_PER_MONTH,
    requestRate,
    ingestMs,
    secretMiss,
    publishMs,
    perReceive,
    tracedRate,
  };
}

/** What a service's lines are computed from. */
interface ModelInput {
  readonly inventory: StackInventory;
  readonly profile: NotificationProfile;
  readonly assumptions: Assumptions;
  readonly scenario: Scenario;
  readonly traffic: Traffic;
}

/** A line before pricing, without its service (the function that counts it says). */
type Quantity = Omit<CostLine, "usd" | "service">;

const when = (condition: boolean, line: Quantity): Quantity[] => (condition ? [line] : []);

function apiGatewayLines({ scenario, traffic }: ModelInput): Quantity[] {
  return [
    {
      id: "api-requests",
      group: "request",
      item: "REST API requests (feeds)",
      quantity: traffic.ingestRequests,
      unit: "requests",
      priceKey: "apiGatewayRestRequest",
      perPricedUnits: 1e6,
      basis: `${scenario.notificationsPerMonth} notifications / ${scenario.batchSize} per request`,
    },
    ...when(traffic.receiptRequests > 0, {
      id: "api-receipt-requests",
      group: "request",
      item: "REST API requests (POST /v1/receipts)",
      quantity: traffic.receiptRequests,
      unit: "requests",
      priceKey: "apiGatewayRestRequest",
      perPricedUnits: 1e6,
      basis: "one per page a unit received (`hub poll` acknowledges what it took in)",
    }),
  ];
}

function wafLines({ inventory, traffic }: ModelInput): Quantity[] {
  return [
    {
      id: "waf-acl",
      group: "fixed",
      item: "web ACLs",
      quantity: inventory.webAcls,
      unit: "web-ACL-months",
      priceKey: "wafWebAcl",
      perPricedUnits: 1,
      basis: `${inventory.webAcls} AWS::WAFv2::WebACL`,
    },
    {
      id: "waf-rules",
      group: "fixed",
      item: "web ACL rules",
      quantity: inventory.wafRules,
      unit: "rule-months",
      priceKey: "wafRule",
      perPricedUnits: 1,
      basis: `${inventory.wafRules} rules over the web ACLs (an AWS managed rule group counts as one)`,
    },
    ...when(inventory.webAcls > 0, {
      id: "waf-requests",
      group: "request",
      item: "requests inspected",
      quantity: traffic.ingestRequests + traffic.receiptRequests,
      unit: "requests",
      priceKey: "wafRequest",
      perPricedUnits: 1e6,
      basis: "every API request passes the web ACL (feeds and receipts)",
    }),
  ];
}

/** Invocations and duration of one function. */
function functionLines(
  name: HubFunctionName,
  spec: FunctionSpec,
  invocations: { readonly count: number; readonly basis: string },
  duration: { readonly ms: number; readonly coldFraction: number; readonly initMs: number },
  group: CostGroup = "request",
): Quantity[] {
  const billedMs = Math.ceil(duration.ms) + duration.coldFraction * duration.initMs;
  return [
    {
      id: `lambda-${name}-requests`,
      group,
      item: `${name} invocations`,
      quantity: invocations.count,
      unit: "invocations",
      priceKey: "lambdaRequest",
      perPricedUnits: 1e6,
      basis: invocations.basis,
    },
    {
      id: `lambda-${name}-duration`,
      group,
      item: `${name} duration (${spec.memoryMb} MB, ${spec.architecture})`,
      quantity: (invocations.count * billedMs * spec.memoryMb) / 1024 / 1000,
      unit: "GB-seconds",
      priceKey: spec.architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond",
      perPricedUnits: 1,
      basis: `${billedMs.toFixed(1)} ms billed/invocation (${duration.ms.toFixed(1)} ms + ${(duration.coldFraction * 100).toFixed(0)}% cold × ${duration.initMs} ms INIT)`,
    },
  ];
}

/** Runs of the scheduled functions but the checkpoint (priced with the evidence log): volume-independent. */
function scheduledRuns(inventory: StackInventory, a: Assumptions) {
  return inventory.schedules.flatMap((schedule) => {
    const spec = inventory.functions[schedule.function];
    if (spec === undefined || schedule.function === "checkpoint") return [];
    return [{ schedule, spec, ms: a.scheduledRunMs[schedule.function] ?? 1000 }];
  });
}

function lambdaLines({ inventory, assumptions: a, traffic: t }: ModelInput): Quantity[] {
  const receipts = inventory.functions.receipts;
  const perRequest = t.receiptRequests === 0 ? 0 : t.acknowledgements / t.receiptRequests;
  return [
    ...(receipts === undefined || a.receipts === undefined || t.receiptRequests === 0
      ? []
      : functionLines(
          "receipts",
          receipts,
          { count: t.receiptRequests, basis: "one per POST /v1/receipts" },
          {
            ms: a.receipts.requestBaseMs + Math.ceil(perRequest / 16) * a.receipts.perAcknowledgementMs,
            coldFraction: idleProbability(t.receiptRequests / SECONDS_PER_MONTH, a.warmKeepAliveSeconds),
            initMs: a.ingest.initMs,
          },
        )),
    ...scheduledRuns(inventory, a).flatMap(({ schedule, spec, ms }) =>
      functionLines(
        schedule.function,
        spec,
        { count: schedule.runsPerMonth, basis: `scheduled ${schedule.expression}` },
        { ms, coldFraction: 0, initMs: 0 },
        "fixed",
      ),
    ),
    ...functionLines(
      "ingest",
      inventory.functions.ingest,
      { count: t.ingestRequests, basis: "one per API request" },
      { ms: t.ingestMs, coldFraction: t.ingestColdFraction, initMs: a.ingest.initMs },
    ),
    ...functionLines(
      "publish",
      inventory.functions.publish,
      {
        count: t.publishInvocations,
        basis: `${t.recordsPerPublish.toFixed(2)} records/invocation (batch over ${a.streamShards} stream shards, ${inventory.streamWindowSeconds} s window)`,
      },
      { ms: t.publishMs, coldFraction: t.publishColdFraction, initMs: a.publish.initMs },
    ),
  ];
}

function secretsManagerLines({ inventory, traffic }: ModelInput): Quantity[] {
  return [
    {
      id: "secrets",
      group: "fixed",
      item: "webhook secrets",
      quantity: inventory.secrets,
      unit: "secret-months",
      priceKey: "secretsManagerSecret",
      perPricedUnits: 1,
      basis: `${inventory.secrets} AWS::SecretsManager::Secret`,
    },
    {
      id: "secrets-api",
      group: "request",
      item: "GetSecretValue (60 s cache expired)",
      quantity: traffic.secretFetches,
      unit: "API calls",
      priceKey: "secretsManagerApiCall",
      perPricedUnits: 1e4,
      basis: `${(traffic.secretMiss * 100).toFixed(1)}% of requests find the cache of their source expired`,
    },
  ];
}

/** The notification table's prices: its class sets storage and request prices alike, indexes included. */
function tablePrices(tableClass: TableClass) {
  return tableClass === "standard-ia"
    ? ({
        storage: "dynamodbStorageIa",
        write: "dynamodbWriteRequestUnitIa",
        read: "dynamodbReadRequestUnitIa",
      } as const)
    : ({
        storage: "dynamodbStorage",
        write: "dynamodbWriteRequestUnit",
        read: "dynamodbReadRequestUnit",
      } as const);
}

function dynamoDbLines({ inventory, profile, assumptions: a, scenario, traffic: t }: ModelInput): Quantity[] {
  const n = scenario.notificationsPerMonth;
  const tableMonths = (inventory.tableRetentionDays + a.ttlDeletionLagDays) / DAYS_PER_MONTH;
  const price = tablePrices(inventory.tableClass);
  const classLabel = inventory.tableClass === "standard-ia" ? "Standard-IA" : "Standard";
  const acks = t.acknowledgements;
  const mark = profile.publicationMark;
  const ack = profile.acknowledgement;
  // Bytes kept per month of the volume: notifications with their marks, and the acknowledgements.
  const tableBytes = n * (profile.tableStorageBytes + mark.tableStorageBytes) + acks * ack.tableStorageBytes;
  const indexBytes = n * (profile.indexStorageBytes + mark.indexStorageBytes) + acks * ack.indexStorageBytes;
  const perNotification = (bytes: number) => (bytes / n).toFixed(0);
  const checkerReads =
    a.receipts === undefined || acks === 0 ? 0 : n * t.fanout * a.receipts.checkerReadUnitsPerDelivery;
  const ackReads = a.receipts === undefined ? 0 : acks * a.receipts.readUnitsPerAcknowledgement;
  return [
    {
      id: "dynamodb-storage",
      group: "storage",
      item: `table + index storage (${classLabel})`,
      quantity: ((tableBytes + indexBytes) * tableMonths) / GB,
      unit: "GB-months",
      priceKey: price.storage,
      perPricedUnits: 1,
      basis: `${perNotification(tableBytes + indexBytes)} B/notification (${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)} notification and subjects, ${(mark.tableStorageBytes + mark.indexStorageBytes).toFixed(0)} publication mark, ${((acks / n) * (ack.tableStorageBytes + ack.indexStorageBytes)).toFixed(0)} receipts) × ${tableMonths.toFixed(2)} months kept (TTL ${inventory.tableRetentionDays} d + ${a.ttlDeletionLagDays} d deletion lag)`,
    },
    ...when(inventory.pitr, {
      id: "dynamodb-pitr",
      group: "storage",
      item: "point-in-time recovery",
      quantity: (tableBytes * tableMonths) / GB,
      unit: "GB-months",
      priceKey: "dynamodbPitr",
      perPricedUnits: 1,
      basis: `table size (${perNotification(tableBytes)} B/notification, indexes excluded) at steady state`,
    }),
    {
      id: "dynamodb-table-writes",
      group: "request",
      item: "table writes (notification + subject items)",
      quantity: n * profile.tableWriteUnits,
      unit: "WRU",
      priceKey: price.write,
      perPricedUnits: 1e6,
      basis: `${profile.tableWriteUnits.toFixed(2)} WRU/notification, ${profile.tableWriteMode}`,
    },
    {
      id: "dynamodb-index-writes",
      group: "request",
      item: `index writes (${Object.keys(notificationTable.indexes).length} GSIs)`,
      quantity: n * profile.indexWriteUnits + acks * ack.indexWriteUnits,
      unit: "WRU",
      priceKey: price.write,
      perPricedUnits: 1e6,
      basis: `${profile.indexWriteUnits.toFixed(2)} WRU/notification (one entry per item that has the index keys)${acks === 0 ? "" : ` + ${ack.indexWriteUnits.toFixed(2)} per acknowledgement mark`}`,
    },
    {
      id: "dynamodb-publication-marks",
      group: "request",
      item: "publication marks (PUBLICATION#, BatchWriteItem)",
      quantity: n * mark.tableWriteUnits,
      unit: "WRU",
      priceKey: price.write,
      perPricedUnits: 1e6,
      basis: `${mark.tableWriteUnits.toFixed(2)} WRU/notification`,
    },
    ...when(acks > 0, {
      id: "dynamodb-receipt-writes",
      group: "request",
      item: "receipts: ledger item + acknowledgement mark (TransactWriteItems)",
      quantity: acks * ack.tableWriteUnits,
      unit: "WRU",
      priceKey: price.write,
      perPricedUnits: 1e6,
      basis: `${(acks / n).toFixed(3)} acknowledgements/notification × ${ack.tableWriteUnits.toFixed(2)} WRU`,
    }),
    {
      id: "dynamodb-reads",
      group: "request",
      item: "reads (receipts' by-id lookups, the checker's expected receipts; stream reads are free)",
      quantity: ackReads + checkerReads,
      unit: "RRU",
      priceKey: price.read,
      perPricedUnits: 1e6,
      basis:
        a.receipts === undefined
          ? "conditional writes need no read; the stream trigger is free"
          : `${a.receipts.readUnitsPerAcknowledgement} RRU per acknowledgement + ${a.receipts.checkerReadUnitsPerDelivery} RRU per delivered message checked`,
    },
  ];
}

function eventBridgeLines({ inventory, profile, assumptions: a, scenario }: ModelInput): Quantity[] {
  const n = scenario.notificationsPerMonth;
  const archiveMonths = months(inventory.archiveRetentionDays, a.neverExpiresHorizonMonths);
  return [
    {
      id: "eventbridge-archive-storage",
      group: "storage",
      item: "archive storage",
      quantity: (n * profile.eventBytes * archiveMonths) / GB,
      unit: "GB-months",
      priceKey: "eventbridgeArchiveStorage",
      perPricedUnits: 1,
      basis: `${profile.eventBytes.toFixed(0)} B/event × ${archiveMonths.toFixed(2)} months`,
    },
    {
      id: "eventbridge-events",
      group: "request",
      item: "PutEvents custom events (64 KB chunks)",
      quantity: n * profile.eventChunks,
      unit: "events",
      priceKey: "eventbridgeCustomEvent",
      perPricedUnits: 1e6,
      basis: `${profile.eventChunks.toFixed(2)} chunk(s)/event; rule delivery to same-account targets is free`,
    },
    {
      id: "eventbridge-archive",
      group: "request",
      item: "archive processing",
      quantity: (n * profile.eventBytes) / GB,
      unit: "GB",
      priceKey: "eventbridgeArchiveProcessing",
      perPricedUnits: 1,
      basis: `${profile.eventBytes.toFixed(0)} B/event, every hub event archived`,
    },
  ];
}

function sqsLines({ inventory, profile, assumptions: a, traffic: t }: ModelInput): Quantity[] {
  const idlePolls =
    inventory.unitQueues * a.pollersPerQueue * (SECONDS_PER_MONTH / inventory.queueWaitTimeSeconds);
  const messageChunks = Math.max(1, Math.ceil(profile.eventBytes / CHUNK_BYTES));
  // Batched: one DeleteMessageBatch per page received (a page is at most what one batch deletes).
  const deletes = a.deleteInBatches ? t.sqsReceives : t.sqsMessages;
  const request = { group: "request", unit: "requests", priceKey: "sqsRequest" } as const;
  return [
    {
      id: "sqs-idle-polls",
      group: "fixed",
      item: "consumers' long polls (20 s) while idle",
      quantity: idlePolls,
      unit: "requests",
      priceKey: "sqsRequest",
      perPricedUnits: 1e6,
      basis: `${inventory.unitQueues} unit queues × ${a.pollersPerQueue} poller × ${SECONDS_PER_MONTH} s / ${inventory.queueWaitTimeSeconds} s`,
    },
    {
      ...request,
      id: "sqs-send",
      item: "SendMessage by EventBridge",
      quantity: t.sqsMessages * messageChunks,
      perPricedUnits: 1e6,
      basis: `average fan-out ${t.fanout.toFixed(3)} unit queues × ${messageChunks} chunk(s)`,
    },
    {
      ...request,
      id: "sqs-receive",
      item: "ReceiveMessage that return messages",
      quantity: t.sqsReceives,
      perPricedUnits: 1e6,
      basis: `messages of one ingest request arrive together; up to ${t.perReceive} per receive`,
    },
    {
      ...request,
      id: "sqs-delete",
      item: a.deleteInBatches
        ? "DeleteMessageBatch (one per page received, as `hub poll`)"
        : "DeleteMessage (one per message, as `hub poll`)",
      quantity: deletes,
      perPricedUnits: 1e6,
      basis: a.deleteInBatches ? `one per receive (up to ${t.perReceive} messages)` : "one per message",
    },
  ];
}

function kmsLines({ inventory, profile, assumptions: a, scenario, traffic }: ModelInput): Quantity[] {
  const periods = SECONDS_PER_MONTH / inventory.kmsDataKeyReuseSeconds;
  const dataKeyRequests = profile.unitShares.reduce(
    (sum, share) =>
      sum + 2 * periods * (1 - idleProbability((scenario.notificationsPerMonth * share) / periods, 1)),
    0,
  );
  return [
    {
      id: "kms-keys",
      group: "fixed",
      item: "customer managed keys",
      quantity: inventory.kmsKeys,
      unit: "key-months",
      priceKey: "kmsKey",
      perPricedUnits: 1,
      basis: `${inventory.kmsKeys} AWS::KMS::Key in the template (first year; rotations add up to $2/key later)`,
    },
    {
      id: "kms-cached",
      group: "fixed",
      item: "requests of services that cache data keys",
      quantity: a.kmsCachedServiceRequestsPerMonth,
      unit: "requests",
      priceKey: "kmsRequest",
      perPricedUnits: 1e4,
      basis: "DynamoDB (table key), EventBridge (bus key), CloudWatch Logs: volume-independent, assumed",
    },
    {
      id: "kms-sqs",
      group: "request",
      item: "SQS data keys (sender + consumer, per reuse period)",
      quantity: dataKeyRequests,
      unit: "requests",
      priceKey: "kmsRequest",
      perPricedUnits: 1e4,
      basis: `per unit queue: 2 × ${periods.toFixed(0)} periods of ${inventory.kmsDataKeyReuseSeconds} s × P(≥1 message in the period)`,
    },
    {
      id: "kms-secrets",
      group: "request",
      item: "Decrypt behind GetSecretValue",
      quantity: traffic.secretFetches,
      unit: "requests",
      priceKey: "kmsRequest",
      perPricedUnits: 1e4,
      basis: "one per secret fetch (secrets use the data key)",
    },
  ];
}

/** Alarms, dashboards and metrics (the logs are {@link cloudWatchLogsLines}). */
function cloudWatchLines({ inventory, assumptions: a }: ModelInput): Quantity[] {
  const monthly = { group: "fixed", perPricedUnits: 1 } as const;
  const { standard, highResolution } = inventory.alarms;
  return [
    {
      ...monthly,
      id: "alarms",
      item: "alarms (standard resolution)",
      quantity: standard,
      unit: "alarm-months",
      priceKey: "cloudwatchAlarmStandard",
      basis: `${standard} AWS::CloudWatch::Alarm with a period ≥ 60 s`,
    },
    ...when(highResolution > 0, {
      ...monthly,
      id: "alarms-high-resolution",
      item: "alarms (high resolution)",
      quantity: highResolution,
      unit: "alarm-months",
      priceKey: "cloudwatchAlarmHighResolution",
      basis: `${highResolution} AWS::CloudWatch::Alarm with a period < 60 s`,
    }),
    {
      ...monthly,
      id: "dashboards",
      item: "dashboards",
      quantity: inventory.dashboards,
      unit: "dashboard-months",
      priceKey: "cloudwatchDashboard",
      basis: `${inventory.dashboards} AWS::CloudWatch::Dashboard`,
    },
    {
      ...monthly,
      id: "custom-metrics",
      item: "custom metrics (functions' EMF)",
      quantity: inventory.customMetrics,
      unit: "metric-months",
      priceKey: "cloudwatchCustomMetric",
      basis: "metric names × dimension sets published by the functions (counted from their source)",
    },
    ...when(inventory.apiDetailedMetrics, {
      ...monthly,
      id: "api-detailed-metrics",
      item: "API Gateway detailed (per-method) metrics",
      quantity: inventory.apiMethods * a.apiDetailedMetricsPerMethod,
      unit: "metric-months",
      priceKey: "cloudwatchCustomMetric",
      basis: `${inventory.apiMethods} methods × ${a.apiDetailedMetricsPerMethod} metrics (MetricsEnabled on the stage)`,
    }),
  ];
}

/** Ingestion per log group, and storage for its retention. */
function cloudWatchLogsLines({
  inventory,
  profile,
  assumptions: a,
  scenario,
  traffic: t,
}: ModelInput): Quantity[] {
  const n = scenario.notificationsPerMonth;
  const requests = t.ingestRequests;
  const ingestedBytes: Record<LogSource, number> = {
    ingest:
      requests *
      (a.logBytes.platformPerInvocation + a.logBytes.ingestAppPerInvocation + 3 * LOG_EVENT_OVERHEAD_BYTES),
    publish:
      t.publishInvocations *
      (a.logBytes.platformPerInvocation + a.logBytes.publishAppPerInvocation + 3 * LOG_EVENT_OVERHEAD_BYTES),
    "api-access": requests * (inventory.apiAccessLogBytes + LOG_EVENT_OVERHEAD_BYTES),
    "api-execution": inventory.apiExecutionLogging ? requests * a.logBytes.apiExecutionPerRequest : 0,
    audit:
      n * ((a.auditLogLine === "event" ? profile.eventBytes : a.auditLogLine) + LOG_EVENT_OVERHEAD_BYTES),
    receipts: t.receiptRequests * ((a.receipts?.logBytesPerRequest ?? 0) + 3 * LOG_EVENT_OVERHEAD_BYTES),
    "receipt-checker": scheduledRuns(inventory, a)
      .filter(({ schedule }) => schedule.function === "receipt-checker")
      .reduce((sum, { schedule }) => sum + schedule.runsPerMonth * a.scheduledRunLogBytes, 0),
    other: 0,
  };
  // The checker's runs do not depend on the volume.
  const ingestionGroup = (source: LogSource): CostGroup =>
    source === "receipt-checker" ? "fixed" : "request";
  return inventory.logGroups.flatMap((group): Quantity[] => {
    const ingested = ingestedBytes[group.source];
    if (ingested === 0) return [];
    const kept = months(group.retentionDays, a.neverExpiresHorizonMonths);
    return [
      {
        id: `logs-ingest-${group.source}`,
        group: ingestionGroup(group.source),
        item: `ingestion: ${group.name}`,
        quantity: ingested / GB,
        unit: "GB",
        priceKey: "cloudwatchLogsIngestion",
        perPricedUnits: 1,
        basis: `${(ingested / n).toFixed(0)} B/notification`,
      },
      {
        id: `logs-storage-${group.source}`,
        group: "storage",
        item: `storage: ${group.name}`,
        quantity: (ingested * a.logCompressionRatio * kept) / GB,
        unit: "GB-months",
        priceKey: "cloudwatchLogsStorage",
        perPricedUnits: 1,
        basis:
          group.retentionDays === "never"
            ? `never expires: counted at ${a.neverExpiresHorizonMonths} months, compressed ×${a.logCompressionRatio.toFixed(2)}`
            : `${group.retentionDays} d retention, compressed ×${a.logCompressionRatio.toFixed(2)}`,
      },
    ];
  });
}

function xRayLines({ assumptions: a, traffic }: ModelInput): Quantity[] {
  return [
    {
      id: "xray-traces",
      group: "request",
      item: "traces recorded (default sampling)",
      quantity: traffic.traces,
      unit: "traces",
      priceKey: "xrayTraceRecorded",
      perPricedUnits: 1e6,
      basis: `${a.xray.reservoirPerSecond}/s reservoir + ${a.xray.fixedRate * 100}% of the rest, of ${(traffic.tracedRate * 3600).toFixed(1)} traced starts/hour`,
    },
  ];
}

/** What the units receive and the API's answers, when the units poll from outside AWS. */
function dataTransferLines({ profile, assumptions: a, scenario, traffic: t }: ModelInput): Quantity[] {
  if (!a.consumersOutsideAws) return [];
  const outBytes =
    t.sqsMessages * (profile.eventBytes + a.receiveOverheadBytesPerMessage) +
    t.ingestRequests * (a.responseBytes.perRequest + a.responseBytes.perRecord * scenario.batchSize);
  return [
    {
      id: "data-transfer-out",
      group: "request",
      item: "to the internet (units' receives, API responses)",
      quantity: outBytes / GB,
      unit: "GB",
      priceKey: "dataTransferOutInternet",
      perPricedUnits: 1,
      basis: `${(outBytes / scenario.notificationsPerMonth).toFixed(0)} B/notification; consumers poll from outside AWS`,
    },
  ];
}

/** The GB-seconds of `ms` milliseconds of a function of `memoryMb`. */
const gbSeconds = (ms: number, memoryMb: number) => (ms / 1000) * (memoryMb / 1024);

/**
 * The evidence log, one block across the services it uses, so that its cost per million reads apart:
 * the signing key and its KMS requests, the checkpoint function, reading each notification back,
 * writing and keeping the checkpoints and their leaf lists.
 */
function evidenceLines({ inventory, assumptions, scenario, traffic }: ModelInput): Quantity[] {
  const spec = inventory.evidence;
  const a = assumptions.evidence;
  if (spec === undefined || a === undefined) return [];
  const n = scenario.notificationsPerMonth;
  const runs = SECONDS_PER_MONTH / spec.checkpointIntervalSeconds;
  const fn = spec.checkpointFunction;
  const gbSecond = fn.architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond";
  // Each acknowledgement (a `received` per delivered message) is a receipt leaf of its own.
  const leaves = n * a.leavesPerNotification + traffic.acknowledgements;
  const leafListBytes = leaves * a.leafEntryBytes;
  const checkpointBytes = runs * a.checkpointItemBytes;
  const minutes = (spec.checkpointIntervalSeconds / 60).toFixed(0);
  return [
    {
      id: "evidence-key",
      group: "fixed",
      item: "KMS: the asymmetric signing key",
      quantity: spec.signingKeys,
      unit: "key-months",
      priceKey: "kmsKey",
      perPricedUnits: 1,
      basis: `${spec.signingKeys} ECC_NIST_P256 SIGN_VERIFY key`,
    },
    {
      id: "evidence-kms-requests",
      group: "fixed",
      item: "KMS: Sign (and GetPublicKey) per checkpoint",
      quantity: runs * a.kmsRequestsPerRun,
      unit: "requests",
      priceKey: "kmsAsymmetricRequest",
      perPricedUnits: 1e4,
      basis: `${runs.toFixed(0)} checkpoints a month (every ${minutes} min) × ${a.kmsRequestsPerRun}`,
    },
    {
      id: "evidence-lambda-requests",
      group: "fixed",
      item: "Lambda: checkpoint runs",
      quantity: runs,
      unit: "requests",
      priceKey: "lambdaRequest",
      perPricedUnits: 1e6,
      basis: `one run per ${minutes} min`,
    },
    {
      id: "evidence-lambda-duration-runs",
      group: "fixed",
      item: "Lambda: checkpoint runs, duration",
      quantity: gbSeconds(runs * a.runBaseMs, fn.memoryMb),
      unit: "GB-s",
      priceKey: gbSecond,
      perPricedUnits: 1,
      basis: `${a.runBaseMs} ms per run at ${fn.memoryMb} MB`,
    },
    {
      id: "evidence-lambda-duration-leaves",
      group: "request",
      item: "Lambda: reading back and hashing each notification",
      quantity: gbSeconds(n * a.perNotificationMs, fn.memoryMb),
      unit: "GB-s",
      priceKey: gbSecond,
      perPricedUnits: 1,
      basis: `${a.perNotificationMs} ms per notification at ${fn.memoryMb} MB`,
    },
    {
      id: "evidence-dynamodb-reads",
      group: "request",
      item: "DynamoDB: notifications and acknowledgements read back (receipt-day index, BatchGetItem)",
      quantity: n * a.readUnitsPerNotification + traffic.acknowledgements * a.readUnitsPerAcknowledgement,
      unit: "RRU",
      priceKey: "dynamodbReadRequestUnit",
      perPricedUnits: 1e6,
      basis: `${a.readUnitsPerNotification} RRU per notification + ${a.readUnitsPerAcknowledgement} per acknowledgement`,
    },
    {
      id: "evidence-dynamodb-writes-leaves",
      group: "request",
      item: "DynamoDB: leaf-list pages",
      quantity: leafListBytes / WRITE_UNIT_BYTES,
      unit: "WRU",
      priceKey: "dynamodbWriteRequestUnit",
      perPricedUnits: 1e6,
      basis: `${(leaves / n).toFixed(2)} leaves × ${a.leafEntryBytes} B per notification (${a.leavesPerNotification} + its acknowledgements), in pages of ~180 KB`,
    },
    {
      id: "evidence-dynamodb-writes-checkpoints",
      group: "fixed",
      item: "DynamoDB: checkpoint items and their index entries",
      quantity: runs * 2 * writeUnits(a.checkpointItemBytes, false),
      unit: "WRU",
      priceKey: "dynamodbWriteRequestUnit",
      perPricedUnits: 1e6,
      basis: `${a.checkpointItemBytes} B per checkpoint, written with its by-period-end entry`,
    },
    {
      id: "evidence-dynamodb-storage",
      group: "storage",
      item: "DynamoDB: checkpoints and leaf lists kept",
      quantity: ((leafListBytes + 2 * checkpointBytes) * a.keptMonths) / GB,
      unit: "GB-months",
      priceKey: "dynamodbStorage",
      perPricedUnits: 1,
      basis: `a month's lists and checkpoints × ${a.keptMonths} months kept (no TTL: each further year adds as much again per 12 months)`,
    },
    {
      id: "evidence-dynamodb-pitr",
      group: "storage",
      item: "DynamoDB: point-in-time recovery of the evidence table",
      quantity: ((leafListBytes + checkpointBytes) * a.keptMonths) / GB,
      unit: "GB-months",
      priceKey: "dynamodbPitr",
      perPricedUnits: 1,
      basis: "the table's size without its index",
    },
    {
      id: "evidence-logs",
      group: "fixed",
      item: "CloudWatch Logs: checkpoint function log ingestion",
      quantity: (runs * a.logBytesPerRun) / GB,
      unit: "GB",
      priceKey: "cloudwatchLogsIngestion",
      perPricedUnits: 1,
      basis: `${a.logBytesPerRun} B per run`,
    },
  ];
}

/** Each service's lines, by the name its bill shows. */
const services: Readonly<Record<string, (input: ModelInput) => Quantity[]>> = {
  "API Gateway": apiGatewayLines,
  "AWS WAF": wafLines,
  Lambda: lambdaLines,
  "Secrets Manager": secretsManagerLines,
  DynamoDB: dynamoDbLines,
  EventBridge: eventBridgeLines,
  SQS: sqsLines,
  KMS: kmsLines,
  CloudWatch: cloudWatchLines,
  "CloudWatch Logs": cloudWatchLogsLines,
  "X-Ray": xRayLines,
  "Data transfer": dataTransferLines,
  "Evidence log": evidenceLines,
};

const groups: readonly CostGroup[] = ["fixed", "storage", "request"];

export function computeCost(
  inventory: StackInventory,
  profile: NotificationProfile,
  assumptions: Assumptions,
  scenario: Scenario,
  prices: PriceFigures,
): CostResult {
  const traffic = trafficOf(inventory, profile, assumptions, scenario);
  // The result reports the derived figures; the rates behind them only serve the lines.
  const { requestRate, ingestMs, secretMiss, publishMs, perReceive, tracedRate, ...derived } = traffic;
  const input: ModelInput = { inventory, profile, assumptions, scenario, traffic };
  const lines: CostLine[] = Object.entries(services)
    .flatMap(([service, linesOf]) => linesOf(input).map((line) => ({ ...line, service })))
    .map((line) => ({ ...line, usd: (line.quantity / line.perPricedUnits) * prices[line.priceKey].usd }))
    .sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  const sum = (group: CostGroup) => lines.filter((l) => l.group === group).reduce((s, l) => s + l.usd, 0);
  const monthly: CostTotals = {
    fixed: sum("fixed"),
    storage: sum("storage"),
    request: sum("request"),
    variable: sum("storage") + sum("request"),
    total: sum("fixed") + sum("storage") + sum("request"),
  };
  const millions = scenario.notificationsPerMonth / 1e6;
  const per = (value: number) => (millions === 0 ? 0 : value / millions);
  return {
    scenario,
    lines,
    monthly,
    perMillion: {
      fixed: per(monthly.fixed),
      storage: per(monthly.storage),
      request: per(monthly.request),
      variable: per(monthly.variable),
      total: per(monthly.total),
    },
    derived,
  };
}

/** The lines of a result, most expensive first. */
export function dominantLines(result: CostResult, groups: readonly CostGroup[], count: number): CostLine[] {
  return result.lines
    .filter((line) => groups.includes(line.group))
    .sort((a, b) => b.usd - a.usd)
    .slice(0, count);
}
