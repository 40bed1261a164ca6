/**
 * The cost model of one deployment, as pure functions: what the synthesized stack contains
 * (`StackInventory`), what one notification weighs (`NotificationProfile`), the stated assumptions
 * and a scenario (volume, batch size) in; priced line items out. No AWS calls, no file access:
 * `bench/cost.ts` builds the inputs from the template, the fixtures and the catalogue, and the unit
 * test (test/unit/bench/cost.test.ts) checks the arithmetic on a hand-computed scenario.
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

export type LogSource = "ingest" | "publish" | "api-access" | "api-execution" | "audit" | "other";

export interface LogGroupSpec {
  readonly name: string;
  readonly source: LogSource;
  /** `never`: no retention set (CloudWatch keeps the data forever). */
  readonly retentionDays: number | "never";
}

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
  readonly functions: { readonly ingest: FunctionSpec; readonly publish: FunctionSpec };
  readonly lambdaTracing: boolean;
  readonly streamBatchSize: number;
  readonly streamWindowSeconds: number;
  readonly archiveRetentionDays: number | "never";
  readonly pitr: boolean;
  readonly tableRetentionDays: number;
  readonly logGroups: readonly LogGroupSpec[];
  /** Embedded-metric-format metrics the functions publish (each name × dimension set is one metric). */
  readonly customMetrics: number;
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
  /** `MaxNumberOfMessages` the consumers ask for (`hub poll`: 10). */
  readonly maxMessagesPerReceive: number;
  /** `hub poll` deletes each message with DeleteMessage. */
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

export function computeCost(
  inventory: StackInventory,
  profile: NotificationProfile,
  assumptions: Assumptions,
  scenario: Scenario,
  prices: PriceFigures,
): CostResult {
  const a = assumptions;
  const n = scenario.notificationsPerMonth;
  const batch = scenario.batchSize;
  const lines: CostLine[] = [];
  const add = (line: Omit<CostLine, "usd">): void => {
    lines.push({ ...line, usd: (line.quantity / line.perPricedUnits) * prices[line.priceKey].usd });
  };
  const fanout = profile.unitShares.reduce((sum, share) => sum + share, 0);

  // --- Fixed -----------------------------------------------------------------------------------
  add({
    id: "kms-keys",
    group: "fixed",
    service: "KMS",
    item: "customer managed keys",
    quantity: inventory.kmsKeys,
    unit: "key-months",
    priceKey: "kmsKey",
    perPricedUnits: 1,
    basis: `${inventory.kmsKeys} AWS::KMS::Key in the template (first year; rotations add up to $2/key later)`,
  });
  add({
    id: "secrets",
    group: "fixed",
    service: "Secrets Manager",
    item: "webhook secrets",
    quantity: inventory.secrets,
    unit: "secret-months",
    priceKey: "secretsManagerSecret",
    perPricedUnits: 1,
    basis: `${inventory.secrets} AWS::SecretsManager::Secret`,
  });
  add({
    id: "alarms",
    group: "fixed",
    service: "CloudWatch",
    item: "alarms (standard resolution)",
    quantity: inventory.alarms.standard,
    unit: "alarm-months",
    priceKey: "cloudwatchAlarmStandard",
    perPricedUnits: 1,
    basis: `${inventory.alarms.standard} AWS::CloudWatch::Alarm with a period ≥ 60 s`,
  });
  if (inventory.alarms.highResolution > 0) {
    add({
      id: "alarms-high-resolution",
      group: "fixed",
      service: "CloudWatch",
      item: "alarms (high resolution)",
      quantity: inventory.alarms.highResolution,
      unit: "alarm-months",
      priceKey: "cloudwatchAlarmHighResolution",
      perPricedUnits: 1,
      basis: `${inventory.alarms.highResolution} AWS::CloudWatch::Alarm with a period < 60 s`,
    });
  }
  add({
    id: "dashboards",
    group: "fixed",
    service: "CloudWatch",
    item: "dashboards",
    quantity: inventory.dashboards,
    unit: "dashboard-months",
    priceKey: "cloudwatchDashboard",
    perPricedUnits: 1,
    basis: `${inventory.dashboards} AWS::CloudWatch::Dashboard`,
  });
  add({
    id: "waf-acl",
    group: "fixed",
    service: "AWS WAF",
    item: "web ACLs",
    quantity: inventory.webAcls,
    unit: "web-ACL-months",
    priceKey: "wafWebAcl",
    perPricedUnits: 1,
    basis: `${inventory.webAcls} AWS::WAFv2::WebACL`,
  });
  add({
    id: "waf-rules",
    group: "fixed",
    service: "AWS WAF",
    item: "web ACL rules",
    quantity: inventory.wafRules,
    unit: "rule-months",
    priceKey: "wafRule",
    perPricedUnits: 1,
    basis: `${inventory.wafRules} rules over the web ACLs (an AWS managed rule group counts as one)`,
  });
  add({
    id: "custom-metrics",
    group: "fixed",
    service: "CloudWatch",
    item: "custom metrics (functions' EMF)",
    quantity: inventory.customMetrics,
    unit: "metric-months",
    priceKey: "cloudwatchCustomMetric",
    perPricedUnits: 1,
    basis: "metric names × dimension sets published by the functions (counted from their source)",
  });
  if (inventory.apiDetailedMetrics) {
    const metrics = inventory.apiMethods * a.apiDetailedMetricsPerMethod;
    add({
      id: "api-detailed-metrics",
      group: "fixed",
      service: "CloudWatch",
      item: "API Gateway detailed (per-method) metrics",
      quantity: metrics,
      unit: "metric-months",
      priceKey: "cloudwatchCustomMetric",
      perPricedUnits: 1,
      basis: `${inventory.apiMethods} methods × ${a.apiDetailedMetricsPerMethod} metrics (MetricsEnabled on the stage)`,
    });
  }
  const idlePolls =
    inventory.unitQueues * a.pollersPerQueue * (SECONDS_PER_MONTH / inventory.queueWaitTimeSeconds);
  add({
    id: "sqs-idle-polls",
    group: "fixed",
    service: "SQS",
    item: "consumers' long polls (20 s) while idle",
    quantity: idlePolls,
    unit: "requests",
    priceKey: "sqsRequest",
    perPricedUnits: 1e6,
    basis: `${inventory.unitQueues} unit queues × ${a.pollersPerQueue} poller × ${SECONDS_PER_MONTH} s / ${inventory.queueWaitTimeSeconds} s`,
  });
  add({
    id: "kms-cached",
    group: "fixed",
    service: "KMS",
    item: "requests of services that cache data keys",
    quantity: a.kmsCachedServiceRequestsPerMonth,
    unit: "requests",
    priceKey: "kmsRequest",
    perPricedUnits: 1e4,
    basis: "DynamoDB (table key), EventBridge (bus key), CloudWatch Logs: volume-independent, assumed",
  });

  // --- Storage (steady state over the retention period) ------------------------------------------
  const tableMonths = (inventory.tableRetentionDays + a.ttlDeletionLagDays) / DAYS_PER_MONTH;
  add({
    id: "dynamodb-storage",
    group: "storage",
    service: "DynamoDB",
    item: "table + index storage",
    quantity: (n * (profile.tableStorageBytes + profile.indexStorageBytes) * tableMonths) / GB,
    unit: "GB-months",
    priceKey: "dynamodbStorage",
    perPricedUnits: 1,
    basis: `${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)} B/notification × ${tableMonths.toFixed(2)} months kept (TTL ${inventory.tableRetentionDays} d + ${a.ttlDeletionLagDays} d deletion lag)`,
  });
  if (inventory.pitr) {
    add({
      id: "dynamodb-pitr",
      group: "storage",
      service: "DynamoDB",
      item: "point-in-time recovery",
      quantity: (n * profile.tableStorageBytes * tableMonths) / GB,
      unit: "GB-months",
      priceKey: "dynamodbPitr",
      perPricedUnits: 1,
      basis: `table size (${profile.tableStorageBytes.toFixed(0)} B/notification, indexes excluded) at steady state`,
    });
  }
  const archiveMonths = months(inventory.archiveRetentionDays, a.neverExpiresHorizonMonths);
  add({
    id: "eventbridge-archive-storage",
    group: "storage",
    service: "EventBridge",
    item: "archive storage",
    quantity: (n * profile.eventBytes * archiveMonths) / GB,
    unit: "GB-months",
    priceKey: "eventbridgeArchiveStorage",
    perPricedUnits: 1,
    basis: `${profile.eventBytes.toFixed(0)} B/event × ${archiveMonths.toFixed(2)} months`,
  });

  // --- Requests --------------------------------------------------------------------------------
  const requests = n / batch;
  const requestRate = requests / SECONDS_PER_MONTH;
  add({
    id: "api-requests",
    group: "request",
    service: "API Gateway",
    item: "REST API requests",
    quantity: requests,
    unit: "requests",
    priceKey: "apiGatewayRestRequest",
    perPricedUnits: 1e6,
    basis: `${n} notifications / ${batch} per request`,
  });
  if (inventory.webAcls > 0) {
    add({
      id: "waf-requests",
      group: "request",
      service: "AWS WAF",
      item: "requests inspected",
      quantity: requests,
      unit: "requests",
      priceKey: "wafRequest",
      perPricedUnits: 1e6,
      basis: "every API request passes the web ACL",
    });
  }

  // Ingest function.
  const ing = a.ingest;
  const secretMiss = idleProbability(requestRate / ing.sources, ing.secretCacheSeconds);
  const ingestMs =
    ing.baseMs +
    ing.perRecordMs * batch +
    Math.ceil(batch / ing.storeConcurrency) * profile.storeRoundTrips * ing.storeCallMs +
    secretMiss * ing.secretFetchMs;
  const ingestCold = idleProbability(requestRate, a.warmKeepAliveSeconds);
  const ingestBilledMs = Math.ceil(ingestMs) + ingestCold * ing.initMs;
  const ingestFn = inventory.functions.ingest;
  add({
    id: "lambda-ingest-requests",
    group: "request",
    service: "Lambda",
    item: "ingest invocations",
    quantity: requests,
    unit: "invocations",
    priceKey: "lambdaRequest",
    perPricedUnits: 1e6,
    basis: "one per API request",
  });
  add({
    id: "lambda-ingest-duration",
    group: "request",
    service: "Lambda",
    item: `ingest duration (${ingestFn.memoryMb} MB, ${ingestFn.architecture})`,
    quantity: (requests * ingestBilledMs * ingestFn.memoryMb) / 1024 / 1000,
    unit: "GB-seconds",
    priceKey: ingestFn.architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond",
    perPricedUnits: 1,
    basis: `${ingestBilledMs.toFixed(1)} ms billed/invocation (${ingestMs.toFixed(1)} ms + ${(ingestCold * 100).toFixed(0)}% cold × ${ing.initMs} ms INIT)`,
  });
  const secretFetches = requests * secretMiss;
  add({
    id: "secrets-api",
    group: "request",
    service: "Secrets Manager",
    item: "GetSecretValue (60 s cache expired)",
    quantity: secretFetches,
    unit: "API calls",
    priceKey: "secretsManagerApiCall",
    perPricedUnits: 1e4,
    basis: `${(secretMiss * 100).toFixed(1)}% of requests find the cache of their source expired`,
  });

  // Table writes.
  add({
    id: "dynamodb-table-writes",
    group: "request",
    service: "DynamoDB",
    item: "table writes (notification + subject items)",
    quantity: n * profile.tableWriteUnits,
    unit: "WRU",
    priceKey: "dynamodbWriteRequestUnit",
    perPricedUnits: 1e6,
    basis: `${profile.tableWriteUnits.toFixed(2)} WRU/notification, ${profile.tableWriteMode}`,
  });
  add({
    id: "dynamodb-index-writes",
    group: "request",
    service: "DynamoDB",
    item: "index writes (2 GSIs)",
    quantity: n * profile.indexWriteUnits,
    unit: "WRU",
    priceKey: "dynamodbWriteRequestUnit",
    perPricedUnits: 1e6,
    basis: `${profile.indexWriteUnits.toFixed(2)} WRU/notification (one entry per item that has the index keys)`,
  });
  add({
    id: "dynamodb-reads",
    group: "request",
    service: "DynamoDB",
    item: "reads (none in the data path; stream reads by Lambda are free)",
    quantity: 0,
    unit: "RRU",
    priceKey: "dynamodbReadRequestUnit",
    perPricedUnits: 1e6,
    basis: "conditional writes need no read; the stream trigger is free",
  });

  // Publish function.
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
  const publishBilledMs = Math.ceil(publishMs) + publishCold * pub.initMs;
  const publishFn = inventory.functions.publish;
  add({
    id: "lambda-publish-requests",
    group: "request",
    service: "Lambda",
    item: "publish invocations",
    quantity: publishInvocations,
    unit: "invocations",
    priceKey: "lambdaRequest",
    perPricedUnits: 1e6,
    basis: `${recordsPerPublish.toFixed(2)} records/invocation (batch over ${a.streamShards} stream shards, ${inventory.streamWindowSeconds} s window)`,
  });
  add({
    id: "lambda-publish-duration",
    group: "request",
    service: "Lambda",
    item: `publish duration (${publishFn.memoryMb} MB, ${publishFn.architecture})`,
    quantity: (publishInvocations * publishBilledMs * publishFn.memoryMb) / 1024 / 1000,
    unit: "GB-seconds",
    priceKey: publishFn.architecture === "arm64" ? "lambdaArmGbSecond" : "lambdaX86GbSecond",
    perPricedUnits: 1,
    basis: `${publishBilledMs.toFixed(1)} ms billed/invocation (${publishMs.toFixed(1)} ms + ${(publishCold * 100).toFixed(0)}% cold × ${pub.initMs} ms INIT)`,
  });

  // EventBridge.
  add({
    id: "eventbridge-events",
    group: "request",
    service: "EventBridge",
    item: "PutEvents custom events (64 KB chunks)",
    quantity: n * profile.eventChunks,
    unit: "events",
    priceKey: "eventbridgeCustomEvent",
    perPricedUnits: 1e6,
    basis: `${profile.eventChunks.toFixed(2)} chunk(s)/event; rule delivery to same-account targets is free`,
  });
  add({
    id: "eventbridge-archive",
    group: "request",
    service: "EventBridge",
    item: "archive processing",
    quantity: (n * profile.eventBytes) / GB,
    unit: "GB",
    priceKey: "eventbridgeArchiveProcessing",
    perPricedUnits: 1,
    basis: `${profile.eventBytes.toFixed(0)} B/event, every hub event archived`,
  });

  // SQS.
  const messageChunks = Math.max(1, Math.ceil(profile.eventBytes / CHUNK_BYTES));
  const sqsMessages = n * fanout;
  add({
    id: "sqs-send",
    group: "request",
    service: "SQS",
    item: "SendMessage by EventBridge",
    quantity: sqsMessages * messageChunks,
    unit: "requests",
    priceKey: "sqsRequest",
    perPricedUnits: 1e6,
    basis: `average fan-out ${fanout.toFixed(3)} unit queues × ${messageChunks} chunk(s)`,
  });
  const perReceive = Math.max(
    1,
    Math.min(a.maxMessagesPerReceive, Math.floor(CHUNK_BYTES / Math.max(1, profile.eventBytes))),
  );
  const sqsReceives = profile.unitShares.reduce(
    (sum, share) => sum + requests * receivesPerBurst(batch * share, perReceive),
    0,
  );
  add({
    id: "sqs-receive",
    group: "request",
    service: "SQS",
    item: "ReceiveMessage that return messages",
    quantity: sqsReceives,
    unit: "requests",
    priceKey: "sqsRequest",
    perPricedUnits: 1e6,
    basis: `messages of one ingest request arrive together; up to ${perReceive} per receive`,
  });
  const sqsDeletes = a.deleteInBatches
    ? profile.unitShares.reduce((sum, share) => sum + requests * receivesPerBurst(batch * share, 10), 0)
    : sqsMessages;
  add({
    id: "sqs-delete",
    group: "request",
    service: "SQS",
    item: a.deleteInBatches ? "DeleteMessageBatch" : "DeleteMessage (one per message, as `hub poll`)",
    quantity: sqsDeletes,
    unit: "requests",
    priceKey: "sqsRequest",
    perPricedUnits: 1e6,
    basis: a.deleteInBatches ? "one per 10 messages" : "one per message",
  });
  const periods = SECONDS_PER_MONTH / inventory.kmsDataKeyReuseSeconds;
  const dataKeyRequests = profile.unitShares.reduce(
    (sum, share) => sum + 2 * periods * (1 - idleProbability((n * share) / periods, 1)),
    0,
  );
  add({
    id: "kms-sqs",
    group: "request",
    service: "KMS",
    item: "SQS data keys (sender + consumer, per reuse period)",
    quantity: dataKeyRequests,
    unit: "requests",
    priceKey: "kmsRequest",
    perPricedUnits: 1e4,
    basis: `per unit queue: 2 × ${periods.toFixed(0)} periods of ${inventory.kmsDataKeyReuseSeconds} s × P(≥1 message in the period)`,
  });
  add({
    id: "kms-secrets",
    group: "request",
    service: "KMS",
    item: "Decrypt behind GetSecretValue",
    quantity: secretFetches,
    unit: "requests",
    priceKey: "kmsRequest",
    perPricedUnits: 1e4,
    basis: "one per secret fetch (secrets use the data key)",
  });

  // CloudWatch Logs: ingestion per log group, and storage for its retention.
  const logBytes: Record<LogSource, number> = {
    ingest:
      requests *
      (a.logBytes.platformPerInvocation + a.logBytes.ingestAppPerInvocation + 3 * LOG_EVENT_OVERHEAD_BYTES),
    publish:
      publishInvocations *
      (a.logBytes.platformPerInvocation + a.logBytes.publishAppPerInvocation + 3 * LOG_EVENT_OVERHEAD_BYTES),
    "api-access": requests * (inventory.apiAccessLogBytes + LOG_EVENT_OVERHEAD_BYTES),
    "api-execution": inventory.apiExecutionLogging ? requests * a.logBytes.apiExecutionPerRequest : 0,
    audit:
      n * ((a.auditLogLine === "event" ? profile.eventBytes : a.auditLogLine) + LOG_EVENT_OVERHEAD_BYTES),
    other: 0,
  };
  for (const group of inventory.logGroups) {
    const ingested = logBytes[group.source];
    if (ingested === 0) continue;
    add({
      id: `logs-ingest-${group.source}`,
      group: "request",
      service: "CloudWatch Logs",
      item: `ingestion: ${group.name}`,
      quantity: ingested / GB,
      unit: "GB",
      priceKey: "cloudwatchLogsIngestion",
      perPricedUnits: 1,
      basis: `${(ingested / n).toFixed(0)} B/notification`,
    });
    const kept = months(group.retentionDays, a.neverExpiresHorizonMonths);
    add({
      id: `logs-storage-${group.source}`,
      group: "storage",
      service: "CloudWatch Logs",
      item: `storage: ${group.name}`,
      quantity: (ingested * a.logCompressionRatio * kept) / GB,
      unit: "GB-months",
      priceKey: "cloudwatchLogsStorage",
      perPricedUnits: 1,
      basis:
        group.retentionDays === "never"
          ? `never expires: counted at ${a.neverExpiresHorizonMonths} months, compressed ×${a.logCompressionRatio.toFixed(2)}`
          : `${group.retentionDays} d retention, compressed ×${a.logCompressionRatio.toFixed(2)}`,
    });
  }

  // X-Ray: API requests start traces (the ingest function joins them); stream invocations start their own.
  const tracedRate =
    (inventory.apiTracing || inventory.lambdaTracing ? requestRate : 0) +
    (inventory.lambdaTracing ? publishInvocations / SECONDS_PER_MONTH : 0);
  const traces =
    sampledPerSecond(tracedRate, a.xray.reservoirPerSecond, a.xray.fixedRate) * SECONDS_PER_MONTH;
  add({
    id: "xray-traces",
    group: "request",
    service: "X-Ray",
    item: "traces recorded (default sampling)",
    quantity: traces,
    unit: "traces",
    priceKey: "xrayTraceRecorded",
    perPricedUnits: 1e6,
    basis: `${a.xray.reservoirPerSecond}/s reservoir + ${a.xray.fixedRate * 100}% of the rest, of ${(tracedRate * 3600).toFixed(1)} traced starts/hour`,
  });

  // Data transfer out: what the units receive, and the API's answers.
  if (a.consumersOutsideAws) {
    const outBytes =
      sqsMessages * (profile.eventBytes + a.receiveOverheadBytesPerMessage) +
      requests * (a.responseBytes.perRequest + a.responseBytes.perRecord * batch);
    add({
      id: "data-transfer-out",
      group: "request",
      service: "Data transfer",
      item: "to the internet (units' receives, API responses)",
      quantity: outBytes / GB,
      unit: "GB",
      priceKey: "dataTransferOutInternet",
      perPricedUnits: 1,
      basis: `${(outBytes / n).toFixed(0)} B/notification; consumers poll from outside AWS`,
    });
  }

  const sum = (group: CostGroup) => lines.filter((l) => l.group === group).reduce((s, l) => s + l.usd, 0);
  const monthly: CostTotals = {
    fixed: sum("fixed"),
    storage: sum("storage"),
    request: sum("request"),
    variable: sum("storage") + sum("request"),
    total: sum("fixed") + sum("storage") + sum("request"),
  };
  const millions = n / 1e6;
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
    derived: {
      ingestRequests: requests,
      ingestBilledMs,
      ingestColdFraction: ingestCold,
      publishInvocations,
      recordsPerPublish,
      publishBilledMs,
      publishColdFraction: publishCold,
      fanout,
      sqsMessages,
      sqsReceives,
      secretFetches,
      traces,
    },
  };
}

/** The lines of a result, most expensive first. */
export function dominantLines(result: CostResult, groups: readonly CostGroup[], count: number): CostLine[] {
  return result.lines
    .filter((line) => groups.includes(line.group))
    .sort((a, b) => b.usd - a.usd)
    .slice(0, count);
}
