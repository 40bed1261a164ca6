/**
 * Receipts (issue 14): the receipts function behind `POST /v1/receipts` (the route is added with the
 * API's `addIamRoute`), the overdue checker with its schedule (every minute), and an alarm per unit on
 * the receipts it let go overdue. Both functions work in the notification table (key design:
 * shared/wiring/receipts.ts) and each may touch only its own items: IAM's `dynamodb:LeadingKeys`
 * names the partitions.
 */
import { CfnElement, Duration, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { recordPartitionKey } from "../../shared/adapters/dynamodb/notification-items.ts";
import type {
  DeploymentId,
  ExtraSubscriptions,
  HubProcessId,
  UnitId,
} from "../../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../../shared/domain/receipts/deadlines.ts";
import { envNames } from "../../shared/wiring/env.ts";
import type { HubFunctionName } from "../../shared/wiring/functions.ts";
import { METRICS_NAMESPACE, metricDimensions, metricNames } from "../../shared/wiring/metrics.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { receiptCheckerCursor, receiptLedger } from "../../shared/wiring/receipts.ts";
import type { ReceiptsConfig } from "../config/schema.ts";
import { HubFunction, viaService } from "./hub-function.ts";

/**
 * What the receipts function calls: the by-id index, then transactions (TransactWriteItems) of a
 * conditional receipt write and its acknowledgement marks. IAM authorizes a transaction's Put and
 * Update as PutItem and UpdateItem, item by item, so these two on `RECEIPT#*` are all it needs.
 */
export const RECEIPT_WRITER_ACTIONS = {
  index: ["dynamodb:Query"],
  ledger: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
} as const;

/** What the checker calls: the by-received-day index, receipts (keys only), its cursor, escalations. */
export const RECEIPT_CHECKER_ACTIONS = {
  index: ["dynamodb:Query"],
  ledger: ["dynamodb:BatchGetItem"],
  cursor: ["dynamodb:GetItem", "dynamodb:PutItem"],
  escalations: ["dynamodb:PutItem"],
} as const;

/** How often the checker runs: a deadline is escalated at most this late. */
export const RECEIPT_CHECK_INTERVAL = Duration.minutes(1);
/** The checked span ends this far behind the clock in every run of 5 minutes: the checker is not keeping up. */
export const RECEIPT_CHECK_LAG_ALARM = Duration.minutes(5);

const RECEIPTS_SERVICE: HubFunctionName = "receipts";
const CHECKER_SERVICE: HubFunctionName = "receipt-checker";

/** The deployment configuration's deadlines (minutes) as the checker reads them (seconds). */
export function receiptDeadlinesOf(config: ReceiptsConfig): ReceiptDeadlines {
  const seconds = ({ firstMinutes, secondMinutes }: { firstMinutes: number; secondMinutes: number }) => ({
    first: firstMinutes * 60,
    second: secondMinutes * 60,
  });
  return { urgent: seconds(config.deadlines.urgent), routine: seconds(config.deadlines.routine) };
}

export interface ReceiptsProps {
  readonly deployment: DeploymentId;
  /** Names (the schedule's description, the alarms) start with it. */
  readonly namePrefix: string;
  readonly config: ReceiptsConfig;
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly receiptsCode: lambda.Code;
  readonly checkerCode: lambda.Code;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey: kms.IKey;
}

export class Receipts extends Construct {
  public readonly receipts: HubFunction;
  public readonly checker: HubFunction;
  public readonly schedule: scheduler.Schedule;
  private readonly props: ReceiptsProps;

  constructor(scope: Construct, id: string, props: ReceiptsProps) {
    super(scope, id);
    this.props = props;
    const { table } = props;
    const ledgerKeys = [`${receiptLedger.partitionKeyPrefix}*`];

    this.receipts = new HubFunction(this, "Receipts", {
      serviceName: RECEIPTS_SERVICE,
      description: "Order 195 hub: records the units' acknowledgements of notifications (IAM-signed)",
      code: props.receiptsCode,
      memorySize: 1024,
      // DynamoDB calls fail fast (3 s, 3 attempts): well inside API Gateway's 29 s.
      timeout: Duration.seconds(15),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    }).bindDeployment(props.deployment, props.retentionDays);
    this.configure(this.receipts, [
      {
        sid: "FindNotificationsById",
        actions: [...RECEIPT_WRITER_ACTIONS.index],
        resources: [indexArn(table, notificationTable.indexes.byId.indexName)],
      },
      {
        sid: "RecordReceipts",
        actions: [...RECEIPT_WRITER_ACTIONS.ledger],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ledgerKeys } },
      },
    ]);

    this.checker = new HubFunction(this, "Checker", {
      serviceName: CHECKER_SERVICE,
      description: "Order 195 hub: escalates receipts not acknowledged by their deadlines",
      code: props.checkerCode,
      memorySize: 1024,
      // One run checks at most an hour of deadlines (catching up after an outage).
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    }).bindDeployment(props.deployment, props.retentionDays);
    this.checker.function.addEnvironment(
      envNames.receiptDeadlines,
      JSON.stringify(receiptDeadlinesOf(props.config)),
    );
    const escalationProcess: HubProcessId = "receipts";
    const escalationKeys = [recordPartitionKey(escalationProcess, "*")];
    this.configure(this.checker, [
      {
        sid: "FindNotificationsByReceiptDay",
        actions: [...RECEIPT_CHECKER_ACTIONS.index],
        resources: [indexArn(table, notificationTable.indexes.byReceivedDay.indexName)],
      },
      {
        sid: "ReadReceipts",
        actions: [...RECEIPT_CHECKER_ACTIONS.ledger],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ledgerKeys } },
      },
      {
        sid: "KeepCursor",
        actions: [...RECEIPT_CHECKER_ACTIONS.cursor],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [receiptCheckerCursor.partitionKey] },
        },
      },
      {
        sid: "StoreEscalations",
        actions: [...RECEIPT_CHECKER_ACTIONS.escalations],
        resources: [table.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": escalationKeys } },
      },
    ]);

    const scheduled =
      "invoked by its schedule every minute, without retries: a failed run leaves the cursor where it was, so the next run checks the same deadlines again, and the errors alarm reports the failure";
    Validations.of(this.checker.function).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason: `No event to keep: ${scheduled}.`,
    });
    Validations.of(this.checker.function).acknowledge({
      id: "Serverless-LambdaAsyncFailureDestination",
      reason: `No event to keep: ${scheduled}.`,
    });
    // The schedule's own role, trusted by EventBridge Scheduler of this account only: it invokes the checker.
    const scheduleRole = new iam.Role(this, "ScheduleRole", {
      description: "EventBridge Scheduler: invokes the receipt checker",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": Stack.of(this).account } },
      }),
    });
    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: `Order 195 hub (${props.namePrefix}): escalate receipts not acknowledged in time`,
      schedule: scheduler.ScheduleExpression.rate(RECEIPT_CHECK_INTERVAL),
      // A missed run is made good by the next, which checks every deadline since the cursor.
      target: new targets.LambdaInvoke(this.checker.function, { role: scheduleRole, retryAttempts: 0 }),
    });
    const functionResource = this.checker.function.node.defaultChild;
    if (!(functionResource instanceof CfnElement)) throw new Error("the receipt checker has no resource");
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(functionResource)}.Arn>:*]`,
      reason:
        "The scheduler target's grant (grantInvoke) covers the receipt checker and its versions and aliases (`:*`): one function, nothing else.",
    });
  }

  /** `HUB_TABLE_NAME`, `HUB_EXTRA_SUBSCRIPTIONS`, the statements, and the table key through DynamoDB. */
  private configure(fn: HubFunction, statements: iam.PolicyStatementProps[]): void {
    fn.function.addEnvironment(envNames.tableName, this.props.table.tableName);
    fn.function.addEnvironment(envNames.extraSubscriptions, JSON.stringify(this.props.extraSubscriptions));
    for (const statement of statements) fn.role.addToPrincipalPolicy(new iam.PolicyStatement(statement));
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "UseTableKeyThroughDynamoDb",
        actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        resources: [this.props.tableKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "dynamodb") } },
      }),
    );
  }

  /**
   * The alarm "receipt checks stopped" (the checker's lag, missing data breaching), and one alarm per
   * unit that receives notifications: more than the configured number of its receipts newly overdue
   * within an hour (the escalations tell duty and imc of each; this tells the operators that a unit may
   * not be reading at all). Each description names its section of docs/alarms.md.
   */
  alarmOn(topic: sns.ITopic, units: readonly UnitId[]): cloudwatch.Alarm[] {
    const lag = new cloudwatch.Alarm(this, "Alarm-receipt-check-lag", {
      alarmName: `${this.props.namePrefix}-receipt-check-lag`,
      alarmDescription: `The receipt checker has stopped or fallen more than ${RECEIPT_CHECK_LAG_ALARM.toMinutes()} minutes behind: overdue receipts are not escalated. See docs/alarms.md#receipt-check-lag.`,
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: metricNames.receiptCheckLagSeconds,
        dimensionsMap: { service: CHECKER_SERVICE },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MINIMUM,
      }),
      threshold: RECEIPT_CHECK_LAG_ALARM.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // No run reported at all (the schedule disabled, every run failing): the checker has stopped.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    const overdue = units.map((unit) => {
      const alarm = new cloudwatch.Alarm(this, `Alarm-receipts-overdue-${unit}`, {
        alarmName: `${this.props.namePrefix}-receipts-overdue-${unit}`,
        alarmDescription: `More than ${this.props.config.overdueAlarmPerHour} receipts of ${unit} went overdue within an hour: the unit may not be reading or acknowledging its notifications. See docs/alarms.md#receipts-overdue.`,
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: metricNames.receiptsOverdue,
          dimensionsMap: { service: CHECKER_SERVICE, [metricDimensions.unit]: unit },
          period: Duration.hours(1),
          statistic: cloudwatch.Stats.SUM,
        }),
        threshold: this.props.config.overdueAlarmPerHour,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      return alarm;
    });
    const alarms = [lag, ...overdue];
    for (const alarm of alarms) {
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
    }
    return alarms;
  }
}

function indexArn(table: dynamodb.ITableV2, indexName: string): string {
  return `${table.tableArn}/index/${indexName}`;
}
