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
import {
  type DeploymentId,
  type ExtraSubscriptions,
  feedSourceIds,
  isUnitId,
  type UnitId,
} from "../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../shared/domain/receipts/deadlines.ts";
import { auditTable } from "../shared/wiring/audit-table.ts";
import { envNames } from "../shared/wiring/env.ts";
import { notificationTable } from "../shared/wiring/notification-table.ts";
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
  /** The audit table (every query's record), as the template declares it, and how long it keeps a record. */
  readonly auditTable: TableSpec;
  readonly auditRetentionDays: number;
  /** How long notifications are kept (the table's TTL), as the deployment's configuration says. */
  readonly retentionDays: number;
  /** The reports function's per-unit quota, as the template configures the function. */
  readonly reportsPerUnitPerMinute: number;
  /** The deployment's routing beyond the catalogue, as its configuration says (the evidence log's routing leaves). */
  readonly extraSubscriptions: ExtraSubscriptions;
  /** The receipt checker's deadlines (seconds), as the template configures the function. */
  readonly receiptDeadlines: ReceiptDeadlines;
  /** The monthly lists' bucket, by its logical id (what the monthly-list function's `HUB_LISTS_BUCKET` names). */
  readonly listsBucketLogicalId: string;
}

function cdkPath(resource: { Metadata?: Record<string, unknown> }): string {
  const path = resource.Metadata?.["aws:cdk:path"];
  return typeof path === "string" ? path : "";
}

export function topologyFromTemplate(
  deployment: string,
  template: CloudFormationTemplate,
): { topology: HubTopology; table: TableSpec; auditTable: TableSpec } {
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

  // Each table is told by an index only its own key design names.
  const tables = [...ofType("AWS::DynamoDB::GlobalTable"), ...ofType("AWS::DynamoDB::Table")].map(
    ([, resource]) => record(resource.Properties),
  );
  const tableWithIndex = (indexName: string, what: string) => {
    const found = tables.find((table) =>
      list(table.GlobalSecondaryIndexes).some((index) => record(index).IndexName === indexName),
    );
    if (found === undefined) throw new Error(`the ${deployment} template declares no ${what} table`);
    return found;
  };
  return {
    topology: { deployment, queues, rules, units, publishFailureQueueLogicalId },
    table: tableSpecOf(
      tableWithIndex(notificationTable.indexes.bySubject.indexName, "notification"),
      `order195-hub-${deployment}-notifications`,
    ),
    auditTable: tableSpecOf(
      tableWithIndex(auditTable.indexes.byPerson.indexName, "audit"),
      `order195-hub-${deployment}-audit`,
    ),
  };
}

/** A table of the template as DynamoDB Local creates it: keys, indexes, stream and TTL. */
function tableSpecOf(table: Record<string, unknown>, tableName: string): TableSpec {
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
    tableName,
    create,
    timeToLiveAttribute: ttl.Enabled === true ? String(ttl.AttributeName) : undefined,
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

/** The logical id an environment variable of the template's functions refers to (`{ "Ref": id }`). */
function functionEnvironmentReference(template: CloudFormationTemplate, name: string): string | undefined {
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Function") continue;
    const id = referencedId(record(record(record(resource.Properties).Environment).Variables)[name]);
    if (id !== undefined) return id;
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
  const receiptDeadlines = functionEnvironmentValue(template, envNames.receiptDeadlines);
  if (receiptDeadlines === undefined)
    throw new Error(`the ${deployment} template sets no ${envNames.receiptDeadlines} on its functions`);
  const listsBucketLogicalId = functionEnvironmentReference(template, envNames.listsBucket);
  if (listsBucketLogicalId === undefined)
    throw new Error(`the ${deployment} template names no ${envNames.listsBucket} bucket on its functions`);
  return {
    ...topologyFromTemplate(deployment, template),
    listsBucketLogicalId,
    receiptDeadlines: JSON.parse(receiptDeadlines) as ReceiptDeadlines,
    retentionDays: config.retentionDays,
    auditRetentionDays: config.auditRetentionDays,
    reportsPerUnitPerMinute,
    extraSubscriptions: config.extraSubscriptions,
  };
}
