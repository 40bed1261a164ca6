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
import type { HubFunctionName } from "../../shared/wiring/functions.ts";
import type { EvidenceSpec, FunctionSpec, LogGroupSpec, StackInventory } from "./model.ts";

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

export function inventoryOf(
  template: CloudFormationTemplate,
  stackName: string,
  region: string,
  retentionDays: number,
): { inventory: StackInventory; metricNames: string[]; unitRuleKinds: Map<string, string[]> } {
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
    evidence,
  };
  return { inventory, metricNames: metrics.names, unitRuleKinds };
}
