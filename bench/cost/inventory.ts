/**
 * What the synthesized template of one deployment contains, as far as cost is concerned: resources
 * counted, function sizes, log groups and their retention, the unit rules (and so the fan-out).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type CloudFormationResource,
  type CloudFormationTemplate,
  list,
  numberOr,
  record,
  referencedId,
  referencedIds,
} from "../../infra/template.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { type HubFunctionName, hubFunctionNames } from "../../shared/wiring/functions.ts";
import {
  DAYS_PER_MONTH,
  type EvidenceSpec,
  type FunctionSpec,
  type LogGroupSpec,
  type LogSource,
  type ScheduleSpec,
  SECONDS_PER_MONTH,
  type StackInventory,
} from "./model.ts";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

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

/** Shared modules that publish metrics on behalf of the functions that call them. */
const sharedMetricSources = ["shared/http/json-api.ts", "shared/http/middlewares.ts"];

/** A metric reference (`metricNames.x`) in a source file, and whether it is published with extra dimensions. */
interface MetricReference {
  readonly name: string;
  readonly dimensioned: boolean;
  /** The names referenced in the same file (a dimensioned metric no alarm names takes its siblings' count). */
  readonly file: string;
}

/**
 * The metrics a piece of source publishes: every `metricNames.x` it references. Dimensioned: within
 * 300 characters after a `singleMetric()`, or handed to one through a variable (not the literal
 * argument of an `addMetric`) in a file that has one.
 */
function metricReferences(source: string, file: string): MetricReference[] {
  const hasSingle = source.includes("singleMetric()");
  return [...source.matchAll(/metricNames\.(\w+)/g)].map((match) => {
    const before = source.slice(Math.max(0, (match.index ?? 0) - 300), match.index);
    const direct = /addMetric\(\s*$/.test(before);
    const afterSingle = /singleMetric\(\)[^;]*$/.test(before);
    return { name: match[1] ?? "", dimensioned: afterSingle || (hasSingle && !direct), file };
  });
}

/** One custom metric of a function (the `service` dimension), billed once per dimension set. */
export interface CustomMetric {
  readonly service: HubFunctionName;
  readonly name: string;
  readonly dimensionSets: number;
  /** Some alarm of the template watches it. */
  readonly alarmed: boolean;
  /** The template's dashboard shows it. */
  readonly onDashboard: boolean;
}

/** `publish/published`, `receipt-checker/receiptsOverdue ×11`. */
export function customMetricLabel({ service, name, dimensionSets }: CustomMetric): string {
  return `${service}/${name}${dimensionSets > 1 ? ` ×${dimensionSets}` : ""}`;
}

/**
 * EMF metrics the functions publish: per function (the `service` dimension), the metric names its
 * folder references and those of the shared functions it calls, counted from their source. A
 * dimensioned metric counts once per dimension set the alarms name for it (or for a sibling in its
 * file), else `extraDimensionValues` times.
 */
function customMetricsOf(
  dimensionSets: ReadonlyMap<string, number>,
  extraDimensionValues: number,
  dashboardText: string,
): CustomMetric[] {
  const read = (path: string) => readFileSync(join(repositoryRoot, path), "utf8");
  // Each exported function of a shared module, with the metrics it publishes.
  const segments = sharedMetricSources.flatMap((path) =>
    read(path)
      .split(/(?=^export function )/m)
      .flatMap((segment) => {
        const name = /^export function (\w+)/.exec(segment)?.[1];
        return name === undefined ? [] : [{ name, segment, references: metricReferences(segment, path) }];
      }),
  );
  const calls = (source: string, name: string) => new RegExp(`\\b${name}\\b`).test(source);
  // One level of calls between the shared functions (jsonApiHandler uses countRequests).
  const sharedFunctions = segments.map(({ name, segment, references }) => ({
    name,
    references: [
      ...references,
      ...segments
        .filter((other) => other.name !== name && calls(segment, other.name))
        .flatMap((other) => other.references),
    ],
  }));
  const metrics: CustomMetric[] = [];
  const metric = (service: HubFunctionName, name: string, combos: number) =>
    metrics.push({
      service,
      name,
      dimensionSets: combos,
      alarmed: dimensionSets.has(name),
      onDashboard: dashboardText.includes(`\\"${name}\\"`),
    });
  for (const fn of hubFunctionNames) {
    const directory = join("functions", fn);
    const files = readdirSync(join(repositoryRoot, directory)).filter((file) => file.endsWith(".ts"));
    const sources = files.map((file) => ({ file, source: read(join(directory, file)) }));
    const all = sources.map(({ source }) => source).join("\n");
    const references = [
      ...sources.flatMap(({ file, source }) => metricReferences(source, file)),
      ...sharedFunctions.filter((shared) => calls(all, shared.name)).flatMap((shared) => shared.references),
    ];
    const byName = new Map(references.map((reference) => [reference.name, reference]));
    for (const { name, dimensioned, file } of byName.values()) {
      const siblings = references
        .filter((other) => other.file === file)
        .map((other) => dimensionSets.get(other.name) ?? 0);
      const combos = dimensioned
        ? (dimensionSets.get(name) ?? (Math.max(0, ...siblings) || extraDimensionValues))
        : 1;
      metric(fn, name, combos);
    }
    if (/captureColdStartMetric:\s*true/.test(all)) metric(fn, "ColdStart", 1);
  }
  return metrics;
}

/** Runs a month of a schedule expression: `rate(…)`, or a `cron(…)` fixed to a day of the month or every day. */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (rate !== null) {
    const seconds = { minute: 60, hour: 3600, day: 86_400 }[rate[2] as "minute" | "hour" | "day"];
    return SECONDS_PER_MONTH / (Number(rate[1]) * seconds);
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (cron !== null && /^\d+$/.test(cron[1] ?? "") && /^\d+$/.test(cron[2] ?? "") && cron[4] === "*") {
    if (/^\d+$/.test(cron[3] ?? "")) return 1;
    if (cron[3] === "*" || cron[3] === "?") return DAYS_PER_MONTH;
  }
  throw new Error(`cannot count the runs of the schedule ${expression}`);
}

/** Dimension values assumed for a dimensioned metric no alarm names (e.g. the rejection reasons). */
const EXTRA_DIMENSION_VALUES = 3;

export function inventoryOf(
  template: CloudFormationTemplate,
  stackName: string,
  region: string,
  retentionDays: number,
): { inventory: StackInventory; customMetrics: CustomMetric[]; unitRuleKinds: Map<string, string[]> } {
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);
  const props = (resource: CloudFormationResource) => record(resource.Properties);

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

  // Every function, by its service name (shared/wiring/functions.ts), with its resource and log group ids.
  const deployed = new Map<HubFunctionName, FunctionSpec & { resourceId: string; logGroupId?: string }>();
  for (const [id, r] of ofType("AWS::Lambda::Function")) {
    const service = record(record(props(r).Environment).Variables).POWERTOOLS_SERVICE_NAME;
    const name = hubFunctionNames.find((candidate) => candidate === service);
    if (name === undefined) continue;
    const p = props(r);
    deployed.set(name, {
      memoryMb: numberOr(p.MemorySize, 128),
      architecture: list(p.Architectures)[0] === "arm64" ? "arm64" : "x86_64",
      resourceId: id,
      logGroupId: referencedId(record(p.LoggingConfig).LogGroup),
    });
  }
  const functionSpec = (service: HubFunctionName) => {
    const found = deployed.get(service);
    if (found === undefined) throw new Error(`no ${service} function in the template`);
    return found;
  };
  const ingest = functionSpec("ingest");
  const publish = functionSpec("publish");
  const functionOfResource = new Map([...deployed].map(([name, spec]) => [spec.resourceId, name]));
  const schedules: ScheduleSpec[] = [
    ...ofType("AWS::Scheduler::Schedule").map(([, r]) => ({
      expression: props(r).ScheduleExpression,
      target: referencedId(record(props(r).Target).Arn),
    })),
    ...ofType("AWS::Events::Rule").flatMap(([, r]) =>
      list(props(r).Targets).map((target) => ({
        expression: props(r).ScheduleExpression,
        target: referencedId(record(target).Arn),
      })),
    ),
  ].flatMap(({ expression, target }) => {
    const fn = target === undefined ? undefined : functionOfResource.get(target);
    return typeof expression === "string" && fn !== undefined
      ? [{ function: fn, expression, runsPerMonth: runsPerMonth(expression) }]
      : [];
  });
  const lambdaTracing = ofType("AWS::Lambda::Function").some(
    ([, r]) => record(props(r).TracingConfig).Mode === "Active",
  );

  const accessLogGroupIds = new Set(referencedIds(record(stageProps.AccessLogSetting).DestinationArn));
  const logGroups: LogGroupSpec[] = ofType("AWS::Logs::LogGroup").map(([id, r]) => {
    const p = props(r);
    const retention = p.RetentionInDays === undefined ? "never" : numberOr(p.RetentionInDays, 0);
    const name = typeof p.LogGroupName === "string" ? p.LogGroupName : id;
    const fn = [...deployed].find(([, spec]) => spec.logGroupId === id)?.[0];
    if (fn !== undefined) {
      const priced: readonly LogSource[] = ["ingest", "publish", "receipts", "receipt-checker"];
      const source = priced.find((candidate) => candidate === fn) ?? "other";
      return { name: `${fn} function log`, source, retentionDays: retention };
    }
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
  // The notification table: the one with the stream the publish function reads.
  const tables = [...ofType("AWS::DynamoDB::GlobalTable"), ...ofType("AWS::DynamoDB::Table")];
  const table = tables.find(([, r]) => props(r).StreamSpecification !== undefined) ?? tables[0];
  const tableProps = table === undefined ? {} : props(table[1]);
  const tableClasses = [tableProps, ...list(tableProps.Replicas).map(record)].map((p) => p.TableClass);
  const pitr = [tableProps, ...list(tableProps.Replicas).map(record)].some(
    (p) => record(p.PointInTimeRecoverySpecification).PointInTimeRecoveryEnabled === true,
  );
  // Dimension values of the custom metrics the alarms watch (e.g. one receiptsOverdue per unit).
  const alarmedDimensionSets = new Map<string, Set<string>>();
  for (const [, r] of ofType("AWS::CloudWatch::Alarm")) {
    const { MetricName, Namespace, Dimensions } = props(r);
    if (typeof MetricName !== "string" || typeof Namespace !== "string" || Namespace.startsWith("AWS/"))
      continue;
    const sets = alarmedDimensionSets.get(MetricName) ?? new Set<string>();
    sets.add(JSON.stringify(Dimensions ?? []));
    alarmedDimensionSets.set(MetricName, sets);
  }
  const customMetrics = customMetricsOf(
    new Map([...alarmedDimensionSets].map(([name, sets]) => [name, sets.size])),
    EXTRA_DIMENSION_VALUES,
    JSON.stringify(ofType("AWS::CloudWatch::Dashboard").map(([, r]) => props(r).DashboardBody)),
  );
  // Asymmetric keys (KeySpec other than the symmetric default) sign the evidence log: priced with it.
  const isAsymmetric = (resource: CloudFormationResource) =>
    (props(resource).KeySpec ?? "SYMMETRIC_DEFAULT") !== "SYMMETRIC_DEFAULT";
  const keys = ofType("AWS::KMS::Key");
  const checkpointFunction = ofType("AWS::Lambda::Function").find(
    ([, r]) =>
      record(record(props(r).Environment).Variables).POWERTOOLS_SERVICE_NAME ===
      ("checkpoint" satisfies HubFunctionName),
  );
  const evidence: EvidenceSpec | undefined =
    checkpointFunction === undefined
      ? undefined
      : {
          checkpointIntervalSeconds: numberOr(
            record(record(props(checkpointFunction[1]).Environment).Variables)[
              envNames.checkpointIntervalSeconds
            ],
            300,
          ),
          checkpointFunction: {
            memoryMb: numberOr(props(checkpointFunction[1]).MemorySize, 128),
            architecture:
              list(props(checkpointFunction[1]).Architectures)[0] === "arm64" ? "arm64" : "x86_64",
          },
          signingKeys: keys.filter(([, r]) => isAsymmetric(r)).length,
        };

  const inventory: StackInventory = {
    deployment: stackName,
    region,
    kmsKeys: keys.filter(([, r]) => !isAsymmetric(r)).length,
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
      ...Object.fromEntries(
        [...deployed].map(([name, spec]) => [
          name,
          { memoryMb: spec.memoryMb, architecture: spec.architecture },
        ]),
      ),
      ingest: { memoryMb: ingest.memoryMb, architecture: ingest.architecture },
      publish: { memoryMb: publish.memoryMb, architecture: publish.architecture },
    },
    schedules,
    tableClass: tableClasses.includes("STANDARD_INFREQUENT_ACCESS") ? "standard-ia" : "standard",
    lambdaTracing,
    streamBatchSize: numberOr(mappingProps.BatchSize, 100),
    streamWindowSeconds: numberOr(mappingProps.MaximumBatchingWindowInSeconds, 0),
    archiveRetentionDays: archiveDays === 0 ? "never" : archiveDays,
    pitr,
    tableRetentionDays: retentionDays,
    logGroups,
    customMetrics: customMetrics.reduce((sum, metric) => sum + metric.dimensionSets, 0),
    evidence,
  };
  return { inventory, customMetrics, unitRuleKinds };
}
