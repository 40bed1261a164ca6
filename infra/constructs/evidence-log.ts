/**
 * The evidence log of a deployment (docs/decisions/evidence-log.md): its signing key (KMS, asymmetric
 * ECC_NIST_P256, SIGN_VERIFY; only the checkpoint function may sign), its checkpoint table
 * (append-only: conditional puts by the checkpoint function only; updates and deletes denied to every
 * principal by the table's own policy), the checkpoint function, its schedule, and the alarm that
 * fires when checkpoints stop.
 */
import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { DeploymentId, ExtraSubscriptions } from "../../shared/domain/catalogue/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { evidenceTable } from "../../shared/wiring/evidence-table.ts";
import type { HubFunctionName } from "../../shared/wiring/functions.ts";
import { METRICS_NAMESPACE, metricNames } from "../../shared/wiring/metrics.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { receiptLedger } from "../../shared/wiring/receipts.ts";
import type { EvidenceConfig } from "../config/schema.ts";
import { HubFunction, viaService } from "./hub-function.ts";
import { MAX_RECOVERY_DAYS } from "./notification-store.ts";

/** What the checkpoint store adapter calls on the evidence table: conditional inserts and reads, nothing else. */
export const EVIDENCE_WRITER_ACTIONS = {
  items: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"],
  indexes: ["dynamodb:Query"],
} as const;

/** What no principal may do to the evidence table, whatever its identity policy allows. */
export const EVIDENCE_DENIED_ACTIONS = [
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
  "dynamodb:DeleteTable",
] as const;

/**
 * The notification table's partitions the checkpoint function reads leaves from (BatchGetItem): the
 * upstream records (notifications) and the receipt ledger.
 */
const LEAF_PARTITIONS = [
  `${notificationTable.recordPartitionPrefix}*`,
  `${receiptLedger.partitionKeyPrefix}*`,
];

/** What the checkpoint function calls on the signing key. */
export const EVIDENCE_SIGNER_ACTIONS = ["kms:Sign", "kms:GetPublicKey"] as const;

const CHECKPOINT_SERVICE: HubFunctionName = "checkpoint";

export interface EvidenceLogProps {
  readonly deployment: DeploymentId;
  /** Names (the key alias, the alarm) start with it. */
  readonly namePrefix: string;
  readonly config: EvidenceConfig;
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly code: lambda.Code;
  /** The notification table the leaves are read from, and its key. */
  readonly notifications: dynamodb.ITableV2;
  readonly notificationKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey: kms.IKey;
}

export class EvidenceLog extends Construct {
  public readonly signingKey: kms.Key;
  public readonly table: dynamodb.TableV2;
  public readonly checkpoint: HubFunction;
  public readonly schedule: scheduler.Schedule;
  private readonly props: EvidenceLogProps;

  constructor(scope: Construct, id: string, props: EvidenceLogProps) {
    super(scope, id);
    this.props = props;
    const interval = Duration.minutes(props.config.checkpointMinutes);

    this.checkpoint = new HubFunction(this, "Checkpoint", {
      serviceName: CHECKPOINT_SERVICE,
      description: "Order 195 hub: signs a checkpoint of the evidence log over each period's new leaves",
      code: props.code,
      memorySize: 1024,
      // A run closes up to 48 periods after an outage; one period is a few seconds of reads.
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    }).bindDeployment(props.deployment, props.retentionDays);
    const fn = this.checkpoint.function;
    const role = this.checkpoint.role;

    this.signingKey = new kms.Key(this, "SigningKey", {
      description: `Order 195 hub (${props.namePrefix}): signs the evidence log's checkpoints (ECDSA P-256)`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      alias: `alias/${props.namePrefix}/evidence`,
      // Checkpoints signed with it are verified with its public key for as long as they are kept.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // Whoever may sign may rewrite the log's history: the checkpoint function alone, whatever IAM allows.
    this.signingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "OnlyTheCheckpointFunctionSigns",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["kms:Sign"],
        resources: ["*"],
        conditions: { ArnNotEquals: { "aws:PrincipalArn": role.roleArn } },
      }),
    );

    const text = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });
    const byPeriodEnd = evidenceTable.indexes.byPeriodEnd;
    this.table = new dynamodb.TableV2(this, "Table", {
      partitionKey: text(evidenceTable.partitionKey),
      sortKey: text(evidenceTable.sortKey),
      billing: dynamodb.Billing.onDemand(),
      // No personal data (hashes, notification ids, units, times), and no customer key whose
      // disabling or deletion could make the evidence unreadable.
      encryption: dynamodb.TableEncryptionV2.dynamoOwnedKey(),
      pointInTimeRecoverySpecification: {
        pointInTimeRecoveryEnabled: true,
        recoveryPeriodInDays: MAX_RECOVERY_DAYS,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: byPeriodEnd.indexName,
          partitionKey: text(byPeriodEnd.partitionKey),
          sortKey: text(byPeriodEnd.sortKey),
          projectionType: dynamodb.ProjectionType.ALL,
        },
      ],
      resourcePolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: "AppendOnly",
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: [...EVIDENCE_DENIED_ACTIONS],
            resources: ["*"],
          }),
          new iam.PolicyStatement({
            sid: "OnlyTheCheckpointFunctionWrites",
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ["dynamodb:PutItem"],
            resources: ["*"],
            conditions: { ArnNotEquals: { "aws:PrincipalArn": role.roleArn } },
          }),
        ],
      }),
    });

    fn.addEnvironment(envNames.tableName, props.notifications.tableName);
    fn.addEnvironment(envNames.evidenceTableName, this.table.tableName);
    fn.addEnvironment(envNames.evidenceKeyId, this.signingKey.keyArn);
    fn.addEnvironment(envNames.checkpointIntervalSeconds, String(interval.toSeconds()));
    fn.addEnvironment(envNames.checkpointSettleSeconds, String(props.config.settleSeconds));
    fn.addEnvironment(envNames.extraSubscriptions, JSON.stringify(props.extraSubscriptions));
    const receivedIndex = notificationTable.indexes.byReceivedDay.indexName;
    const statements = [
      {
        // Its RECEIVED#<day> (notifications) and ACKNOWLEDGED#<day> (acknowledgement marks) partitions.
        sid: "FindNotificationsAndAcknowledgementsByDay",
        actions: ["dynamodb:Query"],
        resources: [`${props.notifications.tableArn}/index/${receivedIndex}`],
      },
      {
        // The notifications and the receipts the index entries point at: no other partition.
        sid: "ReadNotificationsAndReceipts",
        actions: ["dynamodb:BatchGetItem"],
        resources: [props.notifications.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": LEAF_PARTITIONS } },
      },
      {
        sid: "AppendCheckpoints",
        actions: [...EVIDENCE_WRITER_ACTIONS.items],
        resources: [this.table.tableArn],
      },
      {
        sid: "FindCheckpointsByPeriodEnd",
        actions: [...EVIDENCE_WRITER_ACTIONS.indexes],
        resources: [`${this.table.tableArn}/index/${byPeriodEnd.indexName}`],
      },
      { sid: "SignCheckpoints", actions: [...EVIDENCE_SIGNER_ACTIONS], resources: [this.signingKey.keyArn] },
    ];
    for (const statement of statements) role.addToPrincipalPolicy(new iam.PolicyStatement(statement));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "DecryptNotificationsThroughDynamoDb",
        actions: ["kms:Decrypt", "kms:DescribeKey"],
        resources: [props.notificationKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "dynamodb") } },
      }),
    );

    // The schedule's own role, trusted by EventBridge Scheduler of this account only: it invokes this function.
    const scheduleRole = new iam.Role(this, "ScheduleRole", {
      description: "EventBridge Scheduler: invokes the checkpoint function",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    });
    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: `Order 195 hub (${props.namePrefix}): a checkpoint of the evidence log`,
      schedule: scheduler.ScheduleExpression.rate(interval),
      // A missed run is made good by the next, which closes every period due: no retries needed.
      target: new targets.LambdaInvoke(fn, { role: scheduleRole, retryAttempts: 0 }),
    });
    const functionResource = fn.node.defaultChild;
    if (!(functionResource instanceof CfnElement)) throw new Error("the checkpoint function has no resource");
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(functionResource)}.Arn>:*]`,
      reason:
        "The scheduler target's grant (grantInvoke) covers the checkpoint function and its versions and aliases (`:*`): one function, nothing else.",
    });
    Validations.of(fn).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason:
        "Invoked asynchronously by its schedule only: a failed run is made good by the next one, which closes every period due since the last checkpoint; the checkpoint-lag and errors alarms fire if runs keep failing.",
    });
  }

  /**
   * The alarm "checkpoints stopped": the chain's end is more than two periods behind, or no run
   * reported at all (missing data breaches). `section`: its anchor in docs/alarms.md.
   */
  alarmOn(topic: sns.ITopic): cloudwatch.Alarm {
    const interval = Duration.minutes(this.props.config.checkpointMinutes);
    const alarm = new cloudwatch.Alarm(this, "Alarm-checkpoint-lag", {
      alarmName: `${this.props.namePrefix}-checkpoint-lag`,
      alarmDescription: `The evidence log's checkpoints have stopped: the last one ends more than ${2 * interval.toMinutes()} minutes before it could. See docs/alarms.md#checkpoint-lag.`,
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: metricNames.checkpointLagSeconds,
        dimensionsMap: { service: CHECKPOINT_SERVICE },
        period: Duration.minutes(Math.max(5, 2 * interval.toMinutes())),
        statistic: cloudwatch.Stats.MINIMUM,
      }),
      threshold: 2 * interval.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
    return alarm;
  }
}
