import { describe, expect, it } from "vitest";
import { pollDeletesInBatches } from "../../../bench/cost/assumptions.ts";
import { customMetricLabel, inventoryOf, runsPerMonth } from "../../../bench/cost/inventory.ts";
import {
  type Assumptions,
  type CostResult,
  computeCost,
  itemBytes,
  type NotificationProfile,
  numberBytes,
  receivesPerBurst,
  SECONDS_PER_MONTH,
  type StackInventory,
  sampledPerSecond,
  writeUnits,
} from "../../../bench/cost/model.ts";
import { type PriceFigures, prices } from "../../../bench/cost/prices.ts";

/** Every price $1 per priced unit: a line's cost is its quantity over its priced units. */
const unitPrices = Object.fromEntries(Object.keys(prices).map((key) => [key, { usd: 1 }])) as PriceFigures;

const inventory: StackInventory = {
  deployment: "tiny",
  region: "eu-central-1",
  kmsKeys: 1,
  secrets: 1,
  alarms: { standard: 2, highResolution: 0 },
  dashboards: 1,
  webAcls: 0,
  wafRules: 0,
  apiStages: 1,
  apiMethods: 1,
  apiDetailedMetrics: false,
  apiExecutionLogging: false,
  apiTracing: false,
  apiAccessLogBytes: 0,
  unitQueues: 2,
  otherQueues: 2,
  queueWaitTimeSeconds: 20,
  kmsDataKeyReuseSeconds: 300,
  unitRules: 2,
  otherRules: 0,
  functions: {
    ingest: { memoryMb: 1024, architecture: "arm64" },
    publish: { memoryMb: 512, architecture: "arm64" },
  },
  schedules: [],
  tableClass: "standard",
  lambdaTracing: false,
  streamBatchSize: 100,
  streamWindowSeconds: 0,
  archiveRetentionDays: 30,
  pitr: true,
  tableRetentionDays: 28,
  logGroups: [{ name: "audit", source: "audit", retentionDays: 30 }],
  customMetrics: 0,
};

const profile: NotificationProfile = {
  tableWriteMode: "test",
  storeRoundTrips: 2,
  tableWriteUnits: 4,
  indexWriteUnits: 2,
  tableStorageBytes: 1000,
  indexStorageBytes: 500,
  eventChunks: 1,
  eventBytes: 1024,
  // Queue A receives every notification, queue B half of them: fan-out 1.5.
  unitShares: [1, 0.5],
  publicationMark: { tableWriteUnits: 1, indexWriteUnits: 0, tableStorageBytes: 200, indexStorageBytes: 0 },
  acknowledgement: { tableWriteUnits: 4, indexWriteUnits: 1, tableStorageBytes: 600, indexStorageBytes: 200 },
};

const assumptions: Assumptions = {
  ingest: {
    baseMs: 10,
    perRecordMs: 1,
    storeCallMs: 5,
    storeConcurrency: 5,
    secretFetchMs: 0,
    // No cache: every request fetches its secret.
    secretCacheSeconds: 0,
    sources: 1,
    initMs: 0,
  },
  publish: { baseMs: 5, perRecordMs: 0, putEventsMs: 5, initMs: 0 },
  warmKeepAliveSeconds: 0,
  streamShards: 1,
  ttlDeletionLagDays: 0,
  pollersPerQueue: 1,
  maxMessagesPerReceive: 10,
  deleteInBatches: false,
  consumersOutsideAws: false,
  receiveOverheadBytesPerMessage: 0,
  responseBytes: { perRequest: 0, perRecord: 0 },
  logBytes: {
    platformPerInvocation: 0,
    ingestAppPerInvocation: 0,
    publishAppPerInvocation: 0,
    apiExecutionPerRequest: 0,
  },
  logCompressionRatio: 0.5,
  neverExpiresHorizonMonths: 12,
  xray: { reservoirPerSecond: 1, fixedRate: 0.05 },
  apiDetailedMetricsPerMethod: 5,
  kmsCachedServiceRequestsPerMonth: 0,
  auditLogLine: "event",
  scheduledRunMs: {},
  scheduledRunLogBytes: 0,
};

function line(result: CostResult, id: string) {
  const found = result.lines.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no line ${id}`);
  return found;
}

describe("DynamoDB item size rules", () => {
  it("counts attribute names and values: strings in UTF-8 bytes, numbers by significant digits", () => {
    // Prepare: "pk"+"ab" = 4, "n" + 12345 (3 digit pairs → 3 + 1) = 5, "ok" + BOOL = 3, "kk" + "ә" (2 bytes) = 4.
    const item = { pk: { S: "ab" }, n: { N: "12345" }, ok: { BOOL: true }, kk: { S: "ә" } };

    // Act / Assess
    expect(itemBytes(item)).toBe(4 + 5 + 3 + 4);
    expect(numberBytes("0.00100")).toBe(2);
    expect(numberBytes("1700000000")).toBe(2);
  });

  it("bills a write per KB started, twice inside a transaction", () => {
    expect(writeUnits(10, false)).toBe(1);
    expect(writeUnits(1024, false)).toBe(1);
    expect(writeUnits(1025, false)).toBe(2);
    expect(writeUnits(1025, true)).toBe(4);
  });
});

describe("helpers", () => {
  it("samples the reservoir, then the fixed rate of the rest", () => {
    expect(sampledPerSecond(0.5, 1, 0.05)).toBe(0.5);
    expect(sampledPerSecond(21, 1, 0.05)).toBeCloseTo(2);
  });

  it("needs one receive per message below one per burst, else one per full receive", () => {
    expect(receivesPerBurst(0.25, 10)).toBe(0.25);
    expect(receivesPerBurst(5, 10)).toBe(1);
    expect(receivesPerBurst(25, 10)).toBe(2.5);
  });
});

describe("computeCost on a hand-computed scenario (1,000,000 notifications, batches of 10, every price $1)", () => {
  const costAtBatch = (batchSize: number) =>
    computeCost(inventory, profile, assumptions, { notificationsPerMonth: 1_000_000, batchSize }, unitPrices);
  const result = costAtBatch(10);

  it("derives requests, durations and invocations", () => {
    expect(result.derived.ingestRequests).toBe(100_000);
    // 10 ms + 10 records × 1 ms + ⌈10 / 5⌉ waves × 2 round trips × 5 ms
    expect(result.derived.ingestBilledMs).toBe(40);
    // one shard, no window: the 10 records of a request make one stream batch
    expect(result.derived.recordsPerPublish).toBe(10);
    expect(result.derived.publishInvocations).toBe(100_000);
    expect(result.derived.publishBilledMs).toBe(10);
    expect(result.derived.fanout).toBe(1.5);
    expect(result.derived.sqsMessages).toBe(1_500_000);
    expect(result.derived.secretFetches).toBe(100_000);
    expect(result.derived.traces).toBe(0);
  });

  it("prices Lambda duration as GB-seconds of memory × billed time", () => {
    // ingest: 100,000 × 0.040 s × 1 GB; publish: 100,000 × 0.010 s × 0.5 GB
    expect(line(result, "lambda-ingest-duration").quantity).toBeCloseTo(4000);
    expect(line(result, "lambda-publish-duration").quantity).toBeCloseTo(500);
    expect(line(result, "lambda-ingest-requests").usd).toBeCloseTo(0.1);
  });

  it("counts DynamoDB write units and storage kept for the retention period", () => {
    expect(line(result, "dynamodb-table-writes").quantity).toBe(4_000_000);
    expect(line(result, "dynamodb-table-writes").usd).toBeCloseTo(4);
    expect(line(result, "dynamodb-index-writes").quantity).toBe(2_000_000);
    expect(line(result, "dynamodb-publication-marks").quantity).toBe(1_000_000);
    // 1,000,000 × (1,500 B + a 200 B publication mark) × (28 d / 30.4167 d) / 2^30 B
    expect(line(result, "dynamodb-storage").quantity).toBeCloseTo((1.28598 * 1700) / 1500, 4);
    // PITR on the table only: 1,200 of the 1,700 B
    expect(line(result, "dynamodb-pitr").quantity).toBeCloseTo((0.85732 * 1200) / 1000, 4);
  });

  it("counts queue requests: one send and one delete per delivered message, receives per burst", () => {
    expect(line(result, "sqs-send").quantity).toBe(1_500_000);
    expect(line(result, "sqs-delete").quantity).toBe(1_500_000);
    // queue A: 10 messages per request → 1 receive; queue B: 5 → 1 receive; 100,000 requests
    expect(line(result, "sqs-receive").quantity).toBe(200_000);
    // 2 queues × 1 poller × 2,628,000 s / 20 s
    expect(line(result, "sqs-idle-polls").quantity).toBe(262_800);
    // both queues get messages in (almost) every 300 s period: 2 principals × 8,760 periods × 2 queues
    expect(line(result, "kms-sqs").quantity).toBeCloseTo(35_040, 0);
  });

  it("counts one DeleteMessageBatch per page received when the consumers delete in batches, as `hub poll` does", () => {
    // Act
    const batched = computeCost(
      inventory,
      profile,
      { ...assumptions, deleteInBatches: true },
      { notificationsPerMonth: 1_000_000, batchSize: 10 },
      unitPrices,
    );

    // Assess
    expect(line(batched, "sqs-delete").quantity).toBe(line(batched, "sqs-receive").quantity);
    expect(line(batched, "sqs-delete").quantity).toBe(200_000);
    expect(pollDeletesInBatches()).toBe(true);
  });

  it("counts events, archive bytes and the audit log", () => {
    expect(line(result, "eventbridge-events").quantity).toBe(1_000_000);
    // 1,000,000 × 1,024 B / 2^30
    expect(line(result, "eventbridge-archive").quantity).toBeCloseTo(0.953674, 5);
    // (1,024 + 26) B per event ingested; stored at half for 30 days
    expect(line(result, "logs-ingest-audit").quantity).toBeCloseTo(0.977888, 5);
    expect(line(result, "logs-storage-audit").quantity).toBeCloseTo((0.977888 * 0.5 * 30) / (730 / 24), 5);
  });

  it("adds up fixed lines: 1 key + 1 secret + 2 alarms + 1 dashboard + idle polls", () => {
    expect(result.monthly.fixed).toBeCloseTo(1 + 1 + 2 + 1 + 0.2628, 6);
  });

  it("keeps the totals consistent and per million = monthly / millions", () => {
    const sum = result.lines.reduce((total, entry) => total + entry.usd, 0);
    expect(result.monthly.total).toBeCloseTo(sum, 9);
    expect(result.monthly.variable).toBeCloseTo(result.monthly.storage + result.monthly.request, 9);
    expect(result.perMillion.total).toBeCloseTo(result.monthly.total, 9);
  });

  it("divides per-request costs by the batch size", () => {
    const batch100 = costAtBatch(100);
    expect(line(batch100, "api-requests").quantity).toBe(line(result, "api-requests").quantity / 10);
    expect(line(batch100, "dynamodb-table-writes").usd).toBe(line(result, "dynamodb-table-writes").usd);
  });

  it("counts a month as 730 hours", () => {
    expect(SECONDS_PER_MONTH).toBe(2_628_000);
  });
});

/** A checkpoint every 5 minutes (8,760 a month), one signing key. */
const evidenceLog: NonNullable<StackInventory["evidence"]> = {
  checkpointIntervalSeconds: 300,
  checkpointFunction: { memoryMb: 1024, architecture: "arm64" },
  signingKeys: 1,
};

/** 2 leaves of 100 B per notification, read back at half a unit; 1 unit per acknowledgement. */
const evidenceLogAssumptions: Assumptions["evidence"] = {
  runBaseMs: 1000,
  perNotificationMs: 1,
  kmsRequestsPerRun: 2,
  readUnitsPerNotification: 0.5,
  readUnitsPerAcknowledgement: 1,
  leavesPerNotification: 2,
  leafEntryBytes: 100,
  checkpointItemBytes: 1000,
  keptMonths: 12,
  logBytesPerRun: 0,
};

describe("the evidence log's lines", () => {
  it("price the key, one KMS Sign and one run per checkpoint, and per notification its reads, leaf-list writes and storage", () => {
    // Prepare: a checkpoint every 5 minutes (8,760 a month), 1 M notifications of 2 leaves × 100 B
    const withEvidence: StackInventory = {
      ...inventory,
      evidence: evidenceLog,
    };
    const evidenceAssumptions: Assumptions = {
      ...assumptions,
      evidence: evidenceLogAssumptions,
    };
    const scenario = { notificationsPerMonth: 1_000_000, batchSize: 100 };

    // Act
    const result = computeCost(withEvidence, profile, evidenceAssumptions, scenario, unitPrices);
    const without = computeCost(inventory, profile, assumptions, scenario, unitPrices);

    // Assess
    const runs = SECONDS_PER_MONTH / 300;
    expect(runs).toBe(8_760);
    expect(line(result, "evidence-key").usd).toBe(1);
    expect(line(result, "evidence-kms-requests").usd).toBeCloseTo((2 * runs) / 1e4, 9);
    expect(line(result, "evidence-lambda-requests").usd).toBeCloseTo(runs / 1e6, 9);
    expect(line(result, "evidence-lambda-duration-runs").quantity).toBeCloseTo(runs, 6);
    expect(line(result, "evidence-lambda-duration-leaves").quantity).toBeCloseTo(1_000, 6);
    expect(line(result, "evidence-dynamodb-reads").usd).toBeCloseTo(0.5, 9);
    expect(line(result, "evidence-dynamodb-writes-leaves").quantity).toBeCloseTo(200_000_000 / 1024, 6);
    expect(line(result, "evidence-dynamodb-writes-checkpoints").quantity).toBe(2 * runs);
    const monthBytes = 200_000_000;
    expect(line(result, "evidence-dynamodb-storage").quantity).toBeCloseTo(
      ((monthBytes + 2 * runs * 1000) * 12) / 1024 ** 3,
      9,
    );
    expect(line(result, "evidence-dynamodb-pitr").quantity).toBeCloseTo(
      ((monthBytes + runs * 1000) * 12) / 1024 ** 3,
      9,
    );
    expect(without.lines.filter((l) => l.service === "Evidence log")).toEqual([]);
  });
});

describe("receipts, scheduled functions and the table class", () => {
  const withReceipts: StackInventory = {
    ...inventory,
    functions: {
      ...inventory.functions,
      receipts: { memoryMb: 1024, architecture: "arm64" },
      "receipt-checker": { memoryMb: 512, architecture: "arm64" },
    },
    schedules: [{ function: "receipt-checker", expression: "rate(1 minute)", runsPerMonth: 43_800 }],
  };
  const receiptAssumptions: Assumptions = {
    ...assumptions,
    receipts: {
      acknowledgementsPerDelivery: 1,
      requestBaseMs: 10,
      perAcknowledgementMs: 20,
      readUnitsPerAcknowledgement: 0.5,
      checkerReadUnitsPerDelivery: 0.5,
      logBytesPerRequest: 0,
    },
    scheduledRunMs: { "receipt-checker": 100 },
  };
  const scenario = { notificationsPerMonth: 1_000_000, batchSize: 10 };

  it("acknowledges each delivered message, one request per page received, and writes the ledger with its marks", () => {
    // Act
    const result = computeCost(withReceipts, profile, receiptAssumptions, scenario, unitPrices);

    // Assess: 1.5 M deliveries in 200,000 receives (see the queue test above)
    expect(result.derived.receiptRequests).toBe(200_000);
    expect(result.derived.acknowledgements).toBe(1_500_000);
    expect(line(result, "api-receipt-requests").quantity).toBe(200_000);
    expect(line(result, "lambda-receipts-requests").quantity).toBe(200_000);
    // 7.5 acknowledgements per request: one wave of 16 → 10 + 20 ms, 1 GB
    expect(line(result, "lambda-receipts-duration").quantity).toBeCloseTo(200_000 * 0.03, 6);
    expect(line(result, "dynamodb-receipt-writes").quantity).toBe(6_000_000);
    expect(line(result, "dynamodb-index-writes").quantity).toBe(2_000_000 + 1_500_000);
    // 0.5 RRU per acknowledgement + 0.5 RRU per delivery checked
    expect(line(result, "dynamodb-reads").quantity).toBe(1_500_000);
    const months = 28 / (730 / 24);
    expect(line(result, "dynamodb-storage").quantity).toBeCloseTo(
      ((1_000_000 * 1_700 + 1_500_000 * 800) * months) / 1024 ** 3,
      9,
    );
  });

  it("makes each acknowledgement a leaf of the evidence log, read back and listed", () => {
    // Prepare: the same deliveries with the evidence log (2 leaves of 100 B per notification)
    const inventoryWithLog: StackInventory = {
      ...withReceipts,
      evidence: evidenceLog,
    };
    const withLog: Assumptions = {
      ...receiptAssumptions,
      evidence: evidenceLogAssumptions,
    };

    // Act
    const result = computeCost(inventoryWithLog, profile, withLog, scenario, unitPrices);

    // Assess: 2 M notification leaves + 1.5 M receipt leaves; 0.5 M + 1.5 M RRU read back
    expect(line(result, "evidence-dynamodb-writes-leaves").quantity).toBeCloseTo(350_000_000 / 1024, 6);
    expect(line(result, "evidence-dynamodb-reads").quantity).toBe(2_000_000);
  });

  it("prices the scheduled runs as fixed, whatever the volume", () => {
    const result = computeCost(withReceipts, profile, receiptAssumptions, scenario, unitPrices);
    const runs = line(result, "lambda-receipt-checker-requests");
    expect(runs.group).toBe("fixed");
    expect(runs.quantity).toBe(43_800);
    // 43,800 × 0.1 s × 0.5 GB
    expect(line(result, "lambda-receipt-checker-duration").quantity).toBeCloseTo(2_190, 6);
  });

  it("prices storage and requests of a Standard-IA table at its own prices", () => {
    const ia = computeCost(
      { ...inventory, tableClass: "standard-ia" },
      profile,
      assumptions,
      scenario,
      prices,
    );
    const standard = computeCost(inventory, profile, assumptions, scenario, prices);
    expect(line(ia, "dynamodb-storage").priceKey).toBe("dynamodbStorageIa");
    expect(line(ia, "dynamodb-table-writes").priceKey).toBe("dynamodbWriteRequestUnitIa");
    expect(line(ia, "dynamodb-storage").usd).toBeCloseTo(line(standard, "dynamodb-storage").usd * 0.4, 9);
    expect(line(ia, "dynamodb-table-writes").usd).toBeCloseTo(
      line(standard, "dynamodb-table-writes").usd * 1.25,
      9,
    );
    expect(line(ia, "dynamodb-pitr").usd).toBe(line(standard, "dynamodb-pitr").usd);
  });

  it("counts the runs of the template's schedule expressions", () => {
    expect(runsPerMonth("rate(1 minute)")).toBe(43_800);
    expect(runsPerMonth("rate(5 minutes)")).toBe(8_760);
    expect(runsPerMonth("cron(0 4 1 * ? *)")).toBe(1);
    expect(runsPerMonth("cron(30 2 * * ? *)")).toBeCloseTo(730 / 24, 9);
    expect(() => runsPerMonth("cron(0/5 * * * ? *)")).toThrow(/cannot count/);
  });
});

describe("the inventory of a template", () => {
  const fn = (service: string, memoryMb: number) => ({
    Type: "AWS::Lambda::Function",
    Properties: {
      MemorySize: memoryMb,
      Architectures: ["arm64"],
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: service } },
    },
  });

  it("lists every function, the runs of each schedule and the notification table's class", () => {
    // Prepare: three functions, a checker schedule and a Standard-IA table with a stream
    const template = {
      Resources: {
        Ingest: fn("ingest", 1024),
        Publish: fn("publish", 512),
        Checker: fn("receipt-checker", 256),
        Other: fn("not-a-hub-function", 128),
        CheckerSchedule: {
          Type: "AWS::Scheduler::Schedule",
          Properties: {
            ScheduleExpression: "rate(1 minute)",
            Target: { Arn: { "Fn::GetAtt": ["Checker", "Arn"] } },
          },
        },
        Table: {
          Type: "AWS::DynamoDB::GlobalTable",
          Properties: {
            StreamSpecification: { StreamViewType: "NEW_IMAGE" },
            Replicas: [{ Region: "eu-central-1", TableClass: "STANDARD_INFREQUENT_ACCESS" }],
          },
        },
      },
    };

    // Act
    const { inventory: found } = inventoryOf(template, "tiny", "eu-central-1", 30);

    // Assess
    expect(Object.keys(found.functions).sort()).toEqual(["ingest", "publish", "receipt-checker"]);
    expect(found.functions["receipt-checker"]).toEqual({ memoryMb: 256, architecture: "arm64" });
    expect(found.schedules).toEqual([
      { function: "receipt-checker", expression: "rate(1 minute)", runsPerMonth: 43_800 },
    ]);
    expect(found.tableClass).toBe("standard-ia");
  });

  it("counts the functions' metrics from their source, once per alarmed dimension set, with who reads each", () => {
    // Prepare: an alarm on two units' receiptsOverdue, a dashboard showing publish's `published`
    const overdueAlarm = (unit: string) => ({
      Type: "AWS::CloudWatch::Alarm",
      Properties: {
        Namespace: "Order195Hub",
        MetricName: "receiptsOverdue",
        Period: 3600,
        Dimensions: [
          { Name: "service", Value: "receipt-checker" },
          { Name: "unit", Value: unit },
        ],
      },
    });
    const template = {
      Resources: {
        Ingest: fn("ingest", 1024),
        Checker: fn("receipt-checker", 256),
        Publish: fn("publish", 512),
        OverdueImc: overdueAlarm("imc"),
        OverdueDuty: overdueAlarm("duty"),
        Dashboard: {
          Type: "AWS::CloudWatch::Dashboard",
          Properties: {
            DashboardBody: {
              "Fn::Join": ["", ['{"widgets":[{"properties":{"metrics":[["Order195Hub","published"]]}}]}']],
            },
          },
        },
      },
    };

    // Act
    const { inventory: found, customMetrics } = inventoryOf(template, "tiny", "eu-central-1", 30);

    // Assess
    const of = (label: string) => customMetrics.find((metric) => customMetricLabel(metric) === label);
    expect(of("receipt-checker/receiptsOverdue ×2")).toMatchObject({ alarmed: true, onDashboard: false });
    expect(of("receipt-checker/receiptsEscalated")).toMatchObject({ alarmed: false, onDashboard: false });
    expect(of("publish/published")).toMatchObject({ alarmed: false, onDashboard: true });
    expect(found.customMetrics).toBe(customMetrics.reduce((sum, metric) => sum + metric.dimensionSets, 0));
  });
});
