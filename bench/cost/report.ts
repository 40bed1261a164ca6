/**
 * The cost report: the default scenario's lines and totals, the goal and cumulative what-ifs that
 * would meet it, the volume × batch grid, what a notification weighs, the inventory, the assumptions
 * and the prices.
 */
import { deploymentIds, type UnitId } from "../../shared/domain/catalogue/index.ts";
import { metricNames as hubMetricNames } from "../../shared/wiring/metrics.ts";
import { assumptionNotes, type BenchFigures } from "./assumptions.ts";
import { type CustomMetric, customMetricLabel } from "./inventory.ts";
import {
  type Assumptions,
  type CostLine,
  type CostResult,
  computeCost,
  dominantLines,
  type NotificationProfile,
  type Scenario,
  type StackInventory,
} from "./model.ts";
import { PRICE_REGION, PRICE_REGION_NAME, PRICES_AS_OF, prices } from "./prices.ts";
import { average, type KindProfile, profileOf, type StoreWrites } from "./profile.ts";

/** The goal: variable cost per million notifications at batch size 100. */
const GOAL_USD_PER_MILLION = 6;
const GOAL_BATCH = 100;
/** The goal: fixed cost per deployment and month. */
const FIXED_GOAL_USD = 15;
const VOLUMES = [100_000, 1_000_000, 10_000_000] as const;
const BATCHES = [1, 10, 100] as const;

const reductions: Partial<Record<string, string>> = {
  "dynamodb-storage":
    "the Standard-IA table class (`tableClass`, storage ≈60 % cheaper, requests ≈25 % dearer) where it is not on; subject items keyed by the subject (no by-subject index); the notification JSON compressed (a few % only: docs/decisions/performance.md); or less than a year in DynamoDB and older items exported to S3",
  "dynamodb-pitr":
    "PITR is billed on the table size whatever the window and whatever the table class (Standard-IA does not lower it): compressing the stored notification shrinks it in step with storage",
  "dynamodb-receipt-writes":
    "the ledger item and its mark go in one TransactWriteItems (2 WRU per KB each): written apart (BatchWriteItem, the mark made idempotent) they would cost half; an acknowledgement per page instead of per message would need a ledger of pages",
  "custom-metrics":
    "only what no free AWS metric says and an alarm, the dashboard or a runbook reads (docs/decisions/performance.md); per-unit overdue receipts are needed by their alarms",
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
  "sqs-delete":
    "one DeleteMessageBatch per page received is the floor for a consumer that deletes what it received",
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

/** The evidence log's share of a result: its fixed monthly cost, and its variable and total cost per million. */
function evidenceCostOf(result: CostResult) {
  const lines = result.lines.filter((line) => line.service === "Evidence log");
  const millions = result.scenario.notificationsPerMonth / 1e6;
  const sum = (group?: CostLine["group"]) =>
    lines.filter((line) => group === undefined || line.group === group).reduce((s, line) => s + line.usd, 0);
  return {
    lines: lines.length,
    fixed: sum("fixed"),
    variablePerMillion: (sum("storage") + sum("request")) / millions,
    storagePerMillion: sum("storage") / millions,
    totalPerMillion: sum() / millions,
  };
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

/** What the report is made of: the model's inputs and what was measured to build them. */
export interface CostInputs {
  readonly defaultScenario: Scenario;
  readonly inventory: StackInventory;
  readonly kinds: readonly KindProfile[];
  readonly units: readonly UnitId[];
  readonly profile: NotificationProfile;
  readonly assumptions: Assumptions;
  readonly customMetrics: readonly CustomMetric[];
  readonly compression: number;
  readonly fanoutCheck: string;
  readonly bench: BenchFigures | undefined;
  readonly retentionDays: number;
  readonly store: StoreWrites;
}

/** The default scenario, the goal and its what-ifs, the volume grid: as Markdown and as JSON. */
export function costReport(context: CostInputs): { markdown: string; json: string } {
  const { defaultScenario, inventory, kinds, units, profile, assumptions } = context;
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
  const ack = profile.acknowledgement;
  const receiptsApart: NotificationProfile = {
    ...compressedKeyed,
    acknowledgement: { ...ack, tableWriteUnits: ack.tableWriteUnits / 2 },
  };
  const whatIf = (change: string, i: StackInventory, p: NotificationProfile, a: Assumptions) => ({
    change,
    result: computeCost(i, p, a, goalScenario, prices),
  });
  const whatIfs = [
    ...(inventory.tableClass === "standard-ia"
      ? [
          whatIf(
            "the Standard table class (before issue 16)",
            { ...inventory, tableClass: "standard" },
            profile,
            assumptions,
          ),
        ]
      : []),
    ...(assumptions.deleteInBatches
      ? [
          whatIf(
            "`hub poll` deleting each message with DeleteMessage (before issue 16)",
            inventory,
            profile,
            { ...assumptions, deleteInBatches: false },
          ),
        ]
      : []),
    { change: `as built (${context.store.label}; table class ${inventory.tableClass})`, result: goal },
    whatIf("the notification attribute stored gzip-compressed (binary)", inventory, compressed, assumptions),
    whatIf(
      "… and subject items keyed by the subject (pk = subject key, sk = time#id), so the by-subject index is not needed",
      inventory,
      compressedKeyed,
      assumptions,
    ),
    whatIf(
      "… and each receipt's ledger item and mark written apart (BatchWriteItem, 1 WRU per KB) instead of in a transaction",
      inventory,
      receiptsApart,
      assumptions,
    ),
    whatIf(
      "… and the audit rule logging a 300-byte line (id, kind, source, time) instead of the whole event",
      inventory,
      receiptsApart,
      shortAudit,
    ),
    ...(assumptions.deleteInBatches
      ? []
      : [
          whatIf(
            "… and `hub poll` deleting with DeleteMessageBatch",
            inventory,
            receiptsApart,
            batchedDeletes,
          ),
        ]),
    whatIf(
      `… and personal data kept ${SHORTER_DAYS} days instead of ${context.retentionDays} (table, archive, audit log): a legal decision, shown for sensitivity`,
      shorterRetention,
      receiptsApart,
      batchedDeletes,
    ),
    whatIf(
      "… and no PITR (the archive allows replay, not restore): a durability decision",
      withoutPitr,
      receiptsApart,
      batchedDeletes,
    ),
  ];

  // The fixed cost: what the issue-16 switches saved, and what more it would take (each a decision).
  const overdue = context.customMetrics.find((metric) => metric.name === hubMetricNames.receiptsOverdue);
  const overdueFolded = Math.max(0, (overdue?.dimensionSets ?? 1) - 1);
  const oneOverdue: StackInventory = {
    ...inventory,
    customMetrics: inventory.customMetrics - overdueFolded,
    alarms: { ...inventory.alarms, standard: inventory.alarms.standard - overdueFolded },
  };
  const dashboardOnly = context.customMetrics.filter((metric) => metric.onDashboard && !metric.alarmed);
  const withoutDashboard: StackInventory = {
    ...oneOverdue,
    dashboards: 0,
    customMetrics:
      oneOverdue.customMetrics - dashboardOnly.reduce((sum, metric) => sum + metric.dimensionSets, 0),
  };
  const withoutWaf: StackInventory = { ...withoutDashboard, webAcls: 0, wafRules: 0 };
  const fixedWhatIfs = [
    ...(inventory.apiDetailedMetrics
      ? []
      : [
          whatIf(
            "API Gateway detailed (per-method) metrics on (before issue 16)",
            { ...inventory, apiDetailedMetrics: true },
            profile,
            assumptions,
          ),
        ]),
    { change: "as built", result: goal },
    whatIf(
      `… one \`receiptsOverdue\` metric and alarm for all units instead of ${overdueFolded + 1} (the per-unit oldest-message alarms still name a unit that stops reading): a deadline-monitoring decision`,
      oneOverdue,
      profile,
      assumptions,
    ),
    whatIf(
      `… and no dashboard, nor the ${dashboardOnly.length} metrics only it shows (${dashboardOnly.map(customMetricLabel).join(", ")}); 3 dashboards per account are free`,
      withoutDashboard,
      profile,
      assumptions,
    ),
    whatIf(
      "… and no WAF web ACL (feeds keep their HMAC signatures, units and the auditor SigV4, the stage its throttling): a security decision",
      withoutWaf,
      profile,
      assumptions,
    ),
  ];

  const table = (header: string, rule: string, rows: readonly string[]) => [header, rule, ...rows].join("\n");
  const evidence = evidenceCostOf(result);
  const fn = inventory.functions;
  const fanout = profile.unitShares.reduce((s, v) => s + v, 0);
  const fixedTop = dominantLines(result, ["fixed"], 4)
    .map((line) => `${line.service} ${line.item} ${money(line.usd)}`)
    .join(", ");
  const benchNote =
    context.bench === undefined
      ? "- bench/results/latest.json was absent when this ran: Lambda durations are the stated conservative assumptions below."
      : context.bench.used.length === 0
        ? `- ${context.bench.file} present, but without the figure the model uses (the hot-path whole-handler µs per record; DynamoDB Local latency does not transfer to AWS).`
        : `- From ${context.bench.file}: ${context.bench.used.join("; ")}`;
  const markdown = [
    `# Cost of one deployment (${inventory.deployment}), ${PRICE_REGION_NAME} ${PRICE_REGION}`,
    `List prices as listed on ${PRICES_AS_OF} (bench/cost/prices.ts: source and confirmation per price; many Frankfurt figures are **not confirmed here**). Free tiers ignored. Resources counted from the synthesized template of \`${inventory.deployment}\`; what a notification weighs measured from the feed fixtures; fan-out from the catalogue with a uniform mix over the ${kinds.length} feed kinds.`,
    `Why ${PRICE_REGION}: AWS has no region in Kazakhstan; Frankfurt is the hub's default deployment region (infra/config/defaults.ts), has every service the stack uses, and is among the full-featured regions nearest to Kazakhstan. Where personal data may live is a legal question (docs/deploying.md). Prices differ by region: re-price for another one.`,
    `## Default scenario: ${defaultScenario.notificationsPerMonth.toLocaleString("en-US")} notifications/month, ${defaultScenario.batchSize} records per request`,
    linesTable(result),
    totalsTable(result),
    "## The evidence log (docs/decisions/evidence-log.md)",
    evidence.lines === 0
      ? "The template has no evidence log."
      : `Its lines above (service "Evidence log"): ${money(evidence.fixed)} a month whatever the volume (the signing key, a KMS Sign per checkpoint, the checkpoint runs), plus ${money(evidence.variablePerMillion)} per million notifications (each read back and hashed, its leaves written into the checkpoint's leaf list and kept for the retention, with point-in-time recovery). At ${defaultScenario.notificationsPerMonth.toLocaleString("en-US")} notifications a month: ${money(evidence.totalPerMillion)} per million in all. Leaf lists are counted as kept for the retention; the table keeps them longer (no TTL), each further 12 months adding ${money((evidence.storagePerMillion * 12) / (assumptions.evidence?.keptMonths ?? 12))} per million.`,
    `## Goal: ≤ $${GOAL_USD_PER_MILLION} per million notifications at batch size ${GOAL_BATCH} (variable cost)`,
    `**${met ? "MET" : "NOT MET"}**: variable cost ${money(goal.perMillion.variable)} per million (requests alone ${money(goal.perMillion.request)}, retention storage ${money(goal.perMillion.storage)}) at ${goal.scenario.notificationsPerMonth.toLocaleString("en-US")} notifications/month.`,
    `Under the brief's literal split (PITR, archive and log storage counted as fixed although they grow with the volume), the variable cost is ${money(variableBriefSplit)} per million: ${variableBriefSplit <= GOAL_USD_PER_MILLION ? "met" : "still not met"}.`,
    "Dominant variable lines, and what would reduce them:",
    dominant
      .map(
        (line) =>
          `- **${line.service}, ${line.item}**: ${money(line.usd / millions)} per million (${((line.usd / goal.monthly.variable) * 100).toFixed(0)} % of the variable cost). ${reductions[line.id] ?? ""}`,
      )
      .join("\n"),
    `### What it would take (cumulative what-ifs, ${goalScenario.notificationsPerMonth.toLocaleString("en-US")}/month at batch ${GOAL_BATCH})`,
    table(
      "| change | variable $ / M | requests $ / M | storage $ / M | goal |",
      "| --- | ---: | ---: | ---: | --- |",
      whatIfs.map(
        ({ change, result: r }) =>
          `| ${change} | ${money(r.perMillion.variable)} | ${money(r.perMillion.request)} | ${money(r.perMillion.storage)} | ${r.perMillion.variable <= GOAL_USD_PER_MILLION ? "met" : "not met"} |`,
      ),
    ),
    `### The fixed cost per deployment (goal ≤ $${FIXED_GOAL_USD} a month)`,
    table(
      "| change | fixed $ / month | goal |",
      "| --- | ---: | --- |",
      fixedWhatIfs.map(
        ({ change, result: r }) =>
          `| ${change} | ${money(r.monthly.fixed)} | ${r.monthly.fixed <= FIXED_GOAL_USD ? "met" : "not met"} |`,
      ),
    ),
    `Per-notification gzip of the stored JSON: ${(average(kinds.map((k) => k.notificationGzipBytes)) / average(kinds.map((k) => k.notificationJsonBytes))).toFixed(2)} of its size (${average(kinds.map((k) => k.notificationGzipBytes)).toFixed(0)} of ${average(kinds.map((k) => k.notificationJsonBytes)).toFixed(0)} bytes on average).`,
    "## Per million notifications by volume and batch size",
    table(
      "| notifications / month | batch | $ / month | fixed $ / month | variable $ / M | of which requests $ / M | total $ / M |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      grid.map(
        (r) =>
          `| ${r.scenario.notificationsPerMonth.toLocaleString("en-US")} | ${r.scenario.batchSize} | ${money(r.monthly.total)} | ${money(r.monthly.fixed)} | ${money(r.perMillion.variable)} | ${money(r.perMillion.request)} | ${money(r.perMillion.total)} |`,
      ),
    ),
    "## What a notification weighs (fixtures, per kind)",
    table(
      "| kind | records | fan-out | JSON B | notification item B | subject items | table WRU | index WRU | table+index storage B | event B |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
      [
        ...kinds.map(
          (k) =>
            `| ${k.kind} | ${k.records} | ${k.subscribers.length} | ${k.notificationJsonBytes.toFixed(0)} | ${k.notificationItemBytes.toFixed(0)} | ${k.subjectItems.toFixed(1)} | ${k.tableWriteUnits.toFixed(1)} | ${(k.notificationIndexWriteUnits + k.subjectIndexWriteUnits).toFixed(1)} | ${(k.tableStorageBytes + k.notificationIndexStorageBytes + k.subjectIndexStorageBytes).toFixed(0)} | ${k.eventBytes.toFixed(0)} |`,
        ),
        `| **weighted (uniform mix)** | | **${fanout.toFixed(3)}** | | | | **${profile.tableWriteUnits.toFixed(2)}** | **${profile.indexWriteUnits.toFixed(2)}** | **${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)}** | **${profile.eventBytes.toFixed(0)}** |`,
      ],
    ),
    `Fan-out check against the template's unit rules: ${context.fanoutCheck}`,
    "## Inventory (from the template)",
    [
      `- KMS keys ${inventory.kmsKeys}, secrets ${inventory.secrets}, alarms ${inventory.alarms.standard} standard + ${inventory.alarms.highResolution} high-resolution, dashboards ${inventory.dashboards}`,
      `- WAF web ACLs ${inventory.webAcls} with ${inventory.wafRules} rules; API stages ${inventory.apiStages}, methods ${inventory.apiMethods}, detailed metrics ${inventory.apiDetailedMetrics ? "on" : "off"}, execution logging ${inventory.apiExecutionLogging ? "on (INFO)" : "off"}, tracing ${inventory.apiTracing ? "on" : "off"}, access-log line ≈ ${inventory.apiAccessLogBytes} B`,
      `- Lambda: ingest ${fn.ingest.memoryMb} MB ${fn.ingest.architecture}, publish ${fn.publish.memoryMb} MB ${fn.publish.architecture}, active tracing ${inventory.lambdaTracing ? "on" : "off"}; stream batch ${inventory.streamBatchSize}, window ${inventory.streamWindowSeconds} s`,
      `- SQS: ${inventory.unitQueues} unit queues + ${inventory.otherQueues} dead-letter/failure queues, long polling ${inventory.queueWaitTimeSeconds} s, KMS data key reuse ${inventory.kmsDataKeyReuseSeconds} s`,
      `- EventBridge: ${inventory.unitRules} unit rules + ${inventory.otherRules} other (audit), archive retention ${inventory.archiveRetentionDays} days`,
      `- DynamoDB: PITR ${inventory.pitr ? "on" : "off"}, TTL ${context.retentionDays} days (deployment config)`,
      `- Log groups: ${inventory.logGroups.map((g) => `${g.name} (${g.retentionDays === "never" ? "never expires" : `${g.retentionDays} d`})`).join("; ")}`,
      `- Custom metrics (functions' EMF, ${inventory.customMetrics}): ${context.customMetrics.map(customMetricLabel).join(", ")}`,
    ].join("\n"),
    "## Assumptions",
    [
      benchNote,
      ...assumptionNotes.map((note) => `- ${note}`),
      `- Measured log compression (gzip level 6 over the fixtures' events): stored = ${context.compression.toFixed(3)} × ingested.`,
      `- Stored personal data is kept ${context.retentionDays} days (deployment config \`retentionDays\`); the table, archive and audit log are kept that long; function and API logs ${inventory.logGroups.find((g) => g.source === "ingest")?.retentionDays ?? "?"} days.`,
    ].join("\n"),
    [
      `- Store writes: ${context.store.label}, read from shared/adapters/dynamodb/notification-store.ts. Resent duplicates are not modelled: each costs a failed conditional put (1 WRU per KB) and rewrites its subject items.`,
      "- Not modelled (small or event-driven): SNS alarm e-mails, GetMetricData/Logs Insights queries, archive replays and queue redrives, CloudTrail, the KMS rotation surcharge after the first year, the units' own accounts.",
    ].join("\n"),
    "## Findings",
    [
      `- The fixed cost is per deployment: ${money(result.monthly.fixed)}/month here, ≈ ${money(result.monthly.fixed * deploymentIds.length)}/month for all ${deploymentIds.length} deployments before any traffic (largest: ${fixedTop}).`,
      `- Retention storage dominates the variable cost: each notification weighs ${(profile.tableStorageBytes + profile.indexStorageBytes).toFixed(0)} B in the table and its indexes, its publication mark ${(profile.publicationMark.tableStorageBytes + profile.publicationMark.indexStorageBytes).toFixed(0)} B and each of its ${fanout.toFixed(2)} receipts ${(profile.acknowledgement.tableStorageBytes + profile.acknowledgement.indexStorageBytes).toFixed(0)} B more, kept ${context.retentionDays} days, and PITR is billed again on the table part of it. \`retentionDays\` 365 is a placeholder for the legal term (infra/config/defaults.ts): the storage lines scale linearly with it.`,
      "- The audit rule copies every whole notification (personal data) into a log group kept as long as the data, while the archive already keeps every event for replay: a cost and a data-minimisation question.",
      "- API Gateway creates the execution log group (API-Gateway-Execution-Logs_<api-id>/prod) outside the template, without retention: it never expires unless a retention is set.",
      "- The stage's per-source method settings (throttling) are separate method overrides; API Gateway may not apply the stage-wide `*/*` logging and metrics to overridden methods (reported for other tools; not verified here). If so, the execution-log and detailed-metric lines are over-counted and the per-source methods have neither: worth checking with `aws apigateway get-stage` on the first deployment.",
      `- X-Ray's default rule samples every request while traffic stays under 1 per second: at batch size 1 the traces cost $${(computeCost(inventory, profile, assumptions, { notificationsPerMonth: 1_000_000, batchSize: 1 }, prices).lines.find((line) => line.id === "xray-traces")?.usd ?? 0).toFixed(2)} per million notifications.`,
    ].join("\n"),
    "## Prices",
    table(
      "| key | service | price | as listed on | confirmed | source | note |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      Object.entries(prices).map(
        ([key, price]) =>
          `| ${key} | ${price.service} | $${price.usd} ${price.unit} | ${price.asListedOn} | ${price.confirmed} | ${price.source} | ${price.note} |`,
      ),
    ),
    "Prices vary by region: in us-east-1 several lines are 15–25 % cheaper (DynamoDB, CloudWatch Logs, API Gateway); re-price before comparing regions.",
  ].join("\n\n");

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
    evidence,
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
  return { markdown: `${markdown}\n`, json: `${JSON.stringify(json, null, 2)}\n` };
}
