/**
 * The house Lambda function: one way to run code in the hub. Fixed: the newest Node.js runtime, arm64,
 * X-Ray active tracing, JSON logs into its own (encrypted, retained) log group, Powertools service
 * name and metrics namespace, an execution role of its own with no managed policies.
 *
 * `bind…` helpers set the environment variable a function reads (names from `shared/wiring/env.ts`) and
 * grant exactly what that use needs, in one call, so a permission never drifts from its variable.
 */
import { Duration, Stack, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { DeploymentId, FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { auditTable } from "../../shared/wiring/audit-table.ts";
import { envNames } from "../../shared/wiring/env.ts";
import type { HubFunctionName } from "../../shared/wiring/functions.ts";
import { METRICS_NAMESPACE } from "../../shared/wiring/metrics.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { BUNDLE_HANDLER, LAMBDA_RUNTIME } from "../bundling.ts";

/**
 * What the notification store adapter calls: `PutItem` (the conditional insert) and `BatchWriteItem`
 * (the subject items). A test compares this with the commands the adapter sends.
 */
export const TABLE_WRITER_ACTIONS = ["dynamodb:PutItem", "dynamodb:BatchWriteItem"] as const;

/** What the report quota adapter calls: the conditional counter update. */
export const QUOTA_COUNTER_ACTIONS = ["dynamodb:UpdateItem"] as const;

/** The notification indexes the queries function looks up: persons by subject key, notifications by kind, region and month. */
export const QUERIED_NOTIFICATION_INDEXES = [
  notificationTable.indexes.bySubject.indexName,
  notificationTable.indexes.byKindRegionMonth.indexName,
] as const;

/**
 * What the queries adapter calls on the notification table: lookups in its indexes, then the items
 * they name in batches. A test compares this with the commands the adapter sends.
 */
export const NOTIFICATION_READER_ACTIONS = {
  indexes: ["dynamodb:Query"],
  items: ["dynamodb:BatchGetItem"],
} as const;

/**
 * What the audit log adapter's writes need: a record and its entries go in one TransactWriteItems of
 * `Put`s, each on condition that it is new, and IAM authorises each `Put` as `PutItem`. Nothing else.
 */
export const AUDIT_WRITER_ACTIONS = ["dynamodb:PutItem"] as const;

/** What the audit function calls on the audit table: lookups in its indexes and single records. */
export const AUDIT_READER_ACTIONS = {
  indexes: ["dynamodb:Query"],
  items: ["dynamodb:GetItem"],
} as const;

/** The table key as a reader needs it through DynamoDB. */
const TABLE_KEY_READ = ["kms:Decrypt", "kms:DescribeKey"];
/** The table key as a writer needs it through DynamoDB. */
const TABLE_KEY_WRITE = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"];

export interface HubFunctionProps {
  /** Powertools service name (`POWERTOOLS_SERVICE_NAME`), also the `service` metric dimension. */
  readonly serviceName: HubFunctionName;
  readonly description: string;
  readonly code: lambda.Code;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  readonly logRetention: logs.RetentionDays;
  /** Key of the log group (logs may carry request context; personal data never, but encrypt anyway). */
  readonly logEncryptionKey?: kms.IKey;
  /**
   * Reserved concurrency. @default - none: the function draws on the account's unreserved pool
   * (API Gateway throttling and the stream's shard count already bound it).
   */
  readonly reservedConcurrentExecutions?: number;
  /** @default none */
  readonly environment?: Readonly<Record<string, string>>;
}

/** `kms:ViaService` value for a service in this stack's region. */
export function viaService(scope: Construct, service: string): string {
  return `${service}.${Stack.of(scope).region}.amazonaws.com`;
}

export class HubFunction extends Construct {
  public readonly function: lambda.Function;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, "LogGroup", {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of the hub's ${props.serviceName} function`,
    });
    // Instead of AWSLambdaBasicExecutionRole (any log group): its own log group only.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "WriteOwnLogGroup",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new lambda.Function(this, "Function", {
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      code: props.code,
      handler: BUNDLE_HANDLER,
      description: props.description,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
    });
    this.acknowledgeWildcard(
      "X-Ray active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which have no resource-level permissions (Resource must be *).",
    );
  }

  /** The role's default policy: where `addToPrincipalPolicy` statements (and Lambda's X-Ray grant) land. */
  private get defaultPolicy(): Construct {
    const policy = this.role.node.tryFindChild("DefaultPolicy");
    if (policy === undefined) throw new Error(`${this.node.path}: the role has no default policy yet`);
    return policy;
  }

  private acknowledgeWildcard(reason: string): void {
    Validations.of(this.defaultPolicy).acknowledge({ id: "AwsSolutions-IAM5[Resource::*]", reason });
  }

  private setEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  /** `HUB_DEPLOYMENT` and `HUB_RETENTION_DAYS`: which region this function serves and for how long data stays. */
  bindDeployment(deployment: DeploymentId, retentionDays: number): this {
    this.setEnvironment(envNames.deployment, deployment);
    this.setEnvironment(envNames.retentionDays, String(retentionDays));
    return this;
  }

  /**
   * `HUB_TABLE_NAME` and the right to insert notifications: `TABLE_WRITER_ACTIONS` on the table only,
   * on items of upstream record partitions (`REC#…`) only (never a receipt, a counter or a cursor), no
   * reads, no index access; the table key only through DynamoDB.
   */
  bindTableWriter(table: dynamodb.ITableV2, tableKey: kms.IKey): this {
    this.setEnvironment(envNames.tableName, table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "PutNotifications",
        actions: [...TABLE_WRITER_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [`${notificationTable.recordPartitionPrefix}*`],
          },
        },
      }),
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_WRITE);
    return this;
  }

  /**
   * `HUB_REPORTS_PER_UNIT_PER_MINUTE` and the right to raise the units' quota counters in the table:
   * `UpdateItem` on items whose partition key starts with `QUOTA#` only (never a notification).
   */
  bindReportQuota(table: dynamodb.ITableV2, tableKey: kms.IKey, reportsPerUnitPerMinute: number): this {
    this.setEnvironment(envNames.reportsPerUnitPerMinute, String(reportsPerUnitPerMinute));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "CountUnitReports",
        actions: [...QUOTA_COUNTER_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [`${notificationTable.quotaPartitionPrefix}*`],
          },
        },
      }),
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_WRITE);
    return this;
  }

  /**
   * Reading the table's stream (the event source mapping polls with the function's role), and the
   * table key through DynamoDB to decrypt stream records.
   */
  bindTableStream(table: dynamodb.ITableV2, tableKey: kms.IKey): this {
    const streamArn = table.tableStreamArn;
    if (streamArn === undefined) throw new Error("bindTableStream: the table has no stream");
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadTableStream",
        actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        resources: [streamArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ListTableStreams",
        actions: ["dynamodb:ListStreams"],
        resources: ["*"],
      }),
    );
    this.acknowledgeWildcard(
      "The stream event source mapping needs dynamodb:ListStreams, which has no resource type (Resource must be *); it lists stream ARNs, never data.",
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_READ);
    return this;
  }

  /**
   * `HUB_TABLE_NAME` and the right to read notifications as the queries do: `Query` on
   * `QUERIED_NOTIFICATION_INDEXES` only, `BatchGetItem` on the table; never a Scan, never a write.
   */
  bindNotificationReader(table: dynamodb.ITableV2, tableKey: kms.IKey): this {
    this.setEnvironment(envNames.tableName, table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "QueryNotificationIndexes",
        actions: [...NOTIFICATION_READER_ACTIONS.indexes],
        resources: QUERIED_NOTIFICATION_INDEXES.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadNotifications",
        actions: [...NOTIFICATION_READER_ACTIONS.items],
        resources: [table.tableArn],
      }),
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_READ);
    return this;
  }

  /**
   * `HUB_AUDIT_TABLE_NAME`, `HUB_AUDIT_RETENTION_DAYS` and the right to add audit records:
   * `AUDIT_WRITER_ACTIONS` on items of `AUDIT#` partitions only. No UpdateItem, no DeleteItem: a
   * record once written stays as written until its TTL (the adapter inserts on condition that it is new).
   */
  bindAuditWriter(table: dynamodb.ITableV2, tableKey: kms.IKey, auditRetentionDays: number): this {
    this.setEnvironment(envNames.auditTableName, table.tableName);
    this.setEnvironment(envNames.auditRetentionDays, String(auditRetentionDays));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "AddAuditRecords",
        actions: [...AUDIT_WRITER_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${auditTable.partitionPrefix}*`] },
        },
      }),
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_WRITE);
    return this;
  }

  /**
   * `HUB_AUDIT_TABLE_NAME` and the right to read the audit log: `Query` on its indexes, `GetItem` on
   * the table; never a Scan, never a write.
   */
  bindAuditReader(table: dynamodb.ITableV2, tableKey: kms.IKey): this {
    this.setEnvironment(envNames.auditTableName, table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "QueryAuditIndexes",
        actions: [...AUDIT_READER_ACTIONS.indexes],
        resources: Object.values(auditTable.indexes).map(
          (index) => `${table.tableArn}/index/${index.indexName}`,
        ),
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadAuditRecords",
        actions: [...AUDIT_READER_ACTIONS.items],
        resources: [table.tableArn],
      }),
    );
    this.grantKeyVia(tableKey, "dynamodb", TABLE_KEY_READ);
    return this;
  }

  /**
   * `HUB_WEBHOOK_SECRET_ARNS` (JSON: source → secret ARN) and reading exactly those secrets, decrypting
   * their key only through Secrets Manager.
   */
  bindWebhookSecrets(secrets: ReadonlyMap<FeedSourceId, secretsmanager.ISecret>, secretsKey: kms.IKey): this {
    const arns = Object.fromEntries([...secrets].map(([source, secret]) => [source, secret.secretArn]));
    this.setEnvironment(envNames.webhookSecretArns, Stack.of(this).toJsonString(arns));
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadWebhookSecrets",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [...secrets.values()].map((secret) => secret.secretArn),
      }),
    );
    this.grantKeyVia(secretsKey, "secretsmanager", ["kms:Decrypt"]);
    return this;
  }

  /**
   * `HUB_EVENT_BUS_NAME` and `events:PutEvents` on that bus only. (A bus encrypted with a customer key
   * needs no KMS right of the caller: EventBridge uses the key under its own key-policy grant.)
   */
  bindEventBus(bus: events.IEventBus): this {
    this.setEnvironment(envNames.eventBusName, bus.eventBusName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "PutHubEvents",
        actions: ["events:PutEvents"],
        resources: [bus.eventBusArn],
      }),
    );
    return this;
  }

  /** Sending to one queue (e.g. an event source mapping's on-failure destination, sent with this role). */
  bindFailureQueue(queue: sqs.IQueue, queueKey: kms.IKey): this {
    this.setEnvironment(envNames.failureQueueUrl, queue.queueUrl);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "SendToFailureQueue",
        actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
        resources: [queue.queueArn],
      }),
    );
    this.grantKeyVia(queueKey, "sqs", ["kms:GenerateDataKey", "kms:Decrypt"]);
    return this;
  }

  private grantKeyVia(key: kms.IKey, service: string, actions: string[]): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [key.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, service) } },
      }),
    );
  }
}
