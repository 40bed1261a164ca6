/**
 * Reads what the local hub must build from the synthesized CloudFormation template of one
 * deployment, so that what runs locally is what deploys: the table, the queues with their redrive
 * policies, the bus rules with their patterns, targets, retry policies and dead-letter queues, and
 * which queues are whose.
 */
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import {
  type CloudFormationTemplate,
  list,
  numberOr,
  record,
  referencedId,
  synthesizeDeployment,
} from "../infra/template.ts";
import { type DeploymentId, feedSourceIds, isUnitId, type UnitId } from "../shared/domain/catalogue/index.ts";
import { envNames } from "../shared/wiring/env.ts";
import type { EventPattern } from "./event-pattern.ts";
import type { HubTopology, QueueSpec, RuleSpec, RuleTargetSpec } from "./topology.ts";

/** The notification table as the template declares it: plain data, so tests can pass it between processes. */
export interface TableSpec {
  readonly tableName: string;
  readonly create: Omit<CreateTableCommandInput, "TableName">;
  readonly timeToLiveAttribute?: string;
}

/** What the local hub of one deployment is built from. */
export interface LocalDeploymentSpec {
  readonly topology: HubTopology;
  readonly table: TableSpec;
  /** How long notifications are kept (the table's TTL), as the deployment's configuration says. */
  readonly retentionDays: number;
  /** The reports function's per-unit quota, as the template configures the function. */
  readonly reportsPerUnitPerMinute: number;
}

function cdkPath(resource: { Metadata?: Record<string, unknown> }): string {
  const path = resource.Metadata?.["aws:cdk:path"];
  return typeof path === "string" ? path : "";
}

export function topologyFromTemplate(
  deployment: string,
  template: CloudFormationTemplate,
): { topology: HubTopology; table: TableSpec } {
  const resources = Object.entries(template.Resources);
  const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);

  const queues: QueueSpec[] = ofType("AWS::SQS::Queue").map(([logicalId, resource]) => {
    const properties = record(resource.Properties);
    const redrive = record(properties.RedrivePolicy);
    const deadLetterLogicalId = referencedId(redrive.deadLetterTargetArn);
    return {
      logicalId,
      visibilityTimeoutSeconds:
        properties.VisibilityTimeout === undefined ? undefined : numberOr(properties.VisibilityTimeout, 30),
      retentionSeconds:
        properties.MessageRetentionPeriod === undefined
          ? undefined
          : numberOr(properties.MessageRetentionPeriod, 345_600),
      redrive:
        deadLetterLogicalId === undefined
          ? undefined
          : { deadLetterLogicalId, maxReceiveCount: numberOr(redrive.maxReceiveCount, 5) },
    };
  });
  const queueIds = new Set(queues.map((q) => q.logicalId));

  const rules: RuleSpec[] = ofType("AWS::Events::Rule").flatMap(([logicalId, resource]) => {
    const properties = record(resource.Properties);
    if (properties.State === "DISABLED") return [];
    const targets: RuleTargetSpec[] = list(properties.Targets).flatMap((value) => {
      const target = record(value);
      const queueLogicalId = referencedId(target.Arn);
      if (queueLogicalId === undefined || !queueIds.has(queueLogicalId)) return []; // not an SQS target (e.g. the audit log)
      const retry = record(target.RetryPolicy);
      return [
        {
          id: String(target.Id ?? queueLogicalId),
          queueLogicalId,
          // EventBridge's defaults when a target sets no retry policy: 185 attempts over 24 hours.
          maximumRetryAttempts: numberOr(retry.MaximumRetryAttempts, 185),
          maximumEventAgeSeconds: numberOr(retry.MaximumEventAgeInSeconds, 86_400),
          deadLetterLogicalId: referencedId(record(target.DeadLetterConfig).Arn),
        },
      ];
    });
    return targets.length === 0
      ? []
      : [{ logicalId, pattern: record(properties.EventPattern) as EventPattern, targets }];
  });

  // A unit's queue is the SQS target of the rule built under the construct `Unit-<unit>`.
  const units: Partial<Record<UnitId, { queueLogicalId: string; deadLetterLogicalId: string }>> = {};
  for (const [logicalId, resource] of ofType("AWS::Events::Rule")) {
    const unit = /\/Unit-([a-z-]+)\//.exec(cdkPath(resource))?.[1];
    if (!isUnitId(unit)) continue;
    const queueLogicalId = rules.find((rule) => rule.logicalId === logicalId)?.targets[0]?.queueLogicalId;
    const deadLetterLogicalId = queues.find((q) => q.logicalId === queueLogicalId)?.redrive
      ?.deadLetterLogicalId;
    if (queueLogicalId !== undefined && deadLetterLogicalId !== undefined) {
      units[unit] = { queueLogicalId, deadLetterLogicalId };
    }
  }

  const mapping = ofType("AWS::Lambda::EventSourceMapping")[0]?.[1];
  const publishFailureQueueLogicalId = referencedId(
    record(record(record(mapping?.Properties).DestinationConfig).OnFailure).Destination,
  );

  const tableResource = [...ofType("AWS::DynamoDB::GlobalTable"), ...ofType("AWS::DynamoDB::Table")][0];
  if (tableResource === undefined) throw new Error(`the ${deployment} template declares no DynamoDB table`);
  const table = record(tableResource[1].Properties);
  const stream = record(table.StreamSpecification);
  const ttl = record(table.TimeToLiveSpecification);
  const create: TableSpec["create"] = {
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: list(table.AttributeDefinitions) as CreateTableCommandInput["AttributeDefinitions"],
    KeySchema: list(table.KeySchema) as CreateTableCommandInput["KeySchema"],
    GlobalSecondaryIndexes: list(table.GlobalSecondaryIndexes).map((value) => {
      const index = record(value);
      return {
        IndexName: String(index.IndexName),
        KeySchema: list(index.KeySchema) as NonNullable<CreateTableCommandInput["KeySchema"]>,
        Projection: record(index.Projection),
      };
    }),
    StreamSpecification:
      stream.StreamViewType === undefined
        ? undefined
        : { StreamEnabled: true, StreamViewType: stream.StreamViewType as "NEW_IMAGE" },
  };
  return {
    topology: { deployment, queues, rules, units, publishFailureQueueLogicalId },
    table: {
      tableName: `order195-hub-${deployment}-notifications`,
      create,
      timeToLiveAttribute: ttl.Enabled === true ? String(ttl.AttributeName) : undefined,
    },
  };
}

/** An environment variable of the template's functions, from the function that sets it. */
function functionEnvironmentValue(template: CloudFormationTemplate, name: string): string | undefined {
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const value = record(record(record(resource.Properties).Environment).Variables)[name];
    if (typeof value === "string" || typeof value === "number") return String(value);
  }
  return undefined;
}

const synthesized = new Map<DeploymentId, Promise<LocalDeploymentSpec>>();

/**
 * The local hub's topology, table and retention, from the deployment's stack as `cdk synth` builds
 * it. Synthesis takes seconds, so it runs once per deployment and process.
 */
export function loadTopology(deployment: DeploymentId): Promise<LocalDeploymentSpec> {
  let loading = synthesized.get(deployment);
  if (loading === undefined) {
    loading = synthesizeLocalDeployment(deployment);
    synthesized.set(deployment, loading);
    // A failed synthesis is not remembered: the next caller tries again.
    loading.catch(() => synthesized.delete(deployment));
  }
  return loading;
}

async function synthesizeLocalDeployment(deployment: DeploymentId): Promise<LocalDeploymentSpec> {
  const { template, config } = await synthesizeDeployment(deployment, {
    // The local hub is reached from this machine only: loopback callers, a local alarm address.
    overrides: {
      all: {
        sources: Object.fromEntries(
          feedSourceIds.map((source) => [source, { allowedCidrs: ["127.0.0.1/32"] }]),
        ),
        alarmEmail: "duty-officer@hub.localhost",
      },
    },
  });
  const reportsPerUnitPerMinute = Number(
    functionEnvironmentValue(template, envNames.reportsPerUnitPerMinute) ?? Number.NaN,
  );
  if (!Number.isInteger(reportsPerUnitPerMinute))
    throw new Error(
      `the ${deployment} template sets no ${envNames.reportsPerUnitPerMinute} on its functions`,
    );
  return {
    ...topologyFromTemplate(deployment, template),
    retentionDays: config.retentionDays,
    reportsPerUnitPerMinute,
  };
}
