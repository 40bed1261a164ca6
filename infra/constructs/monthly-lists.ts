/**
 * The monthly lists of art. 11.7 (docs/decisions/monthly-lists.md): the deployment's bucket of lists,
 * the monthly-list function that builds them, its schedule (the 1st of each month, early morning on
 * the deployment's clocks) and its failure queue.
 *
 * The bucket holds personal data: encrypted with the deployment's data key (SSE-KMS, bucket key), TLS
 * only, no public access, unversioned (a list is rebuilt from the table with the same bytes; a version
 * history would only keep personal data past its expiry), each file expired after `lists.expiryDays`.
 * Its policy lets nobody read a list but the roles `admitReaders` names (imc) and nobody write one but
 * the function, whatever their identity policies allow.
 */
import { type CfnElement, Duration, Lazy, RemovalPolicy, Stack, TimeZone, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as destinations from "aws-cdk-lib/aws-lambda-destinations";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import * as targets from "aws-cdk-lib/aws-scheduler-targets";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type DeploymentId, deployments } from "../../shared/domain/catalogue/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { LISTS_PREFIX } from "../../shared/wiring/monthly-lists.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { HubFunction, viaService } from "./hub-function.ts";
import { hubQueue, restrictSenders } from "./queues.ts";

/**
 * The hour of the 1st, on the deployment's clocks, at which the previous month's list is built: late
 * records of the month's last evening have come in, and the list is there before the working day.
 */
export const MONTHLY_LIST_HOUR = 4;

/** What the monthly-list function calls on the notification table: the index of a kind's month, then the items. */
export const LIST_READER_ACTIONS = { index: ["dynamodb:Query"], items: ["dynamodb:BatchGetItem"] } as const;

/** What a list reader (imc) may do in the bucket: fetch a file whose key it knows. */
export const LIST_READER_S3_ACTIONS = ["s3:GetObject"] as const;

export interface MonthlyListsProps {
  readonly deployment: DeploymentId;
  readonly namePrefix: string;
  readonly retentionDays: number;
  /** Days a list's files stay in the bucket. */
  readonly expiryDays: number;
  readonly code: lambda.Code;
  readonly notifications: dynamodb.ITableV2;
  /** The deployment's data key: the table's, and the bucket's. */
  readonly dataKey: kms.IKey;
  /** The key of the failure queue (the stack's messaging key). */
  readonly queueKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

export class MonthlyLists extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly job: HubFunction;
  public readonly schedule: scheduler.Schedule;
  /** Runs that failed after their retries, and schedule invocations that never reached the function. */
  public readonly failureQueue: sqs.Queue;
  /** Roles that may read lists: `admitReaders` adds them, the bucket policy is rendered from them. */
  private readonly readerArns: string[] = [];
  private readonly props: MonthlyListsProps;

  constructor(scope: Construct, id: string, props: MonthlyListsProps) {
    super(scope, id);
    this.props = props;
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.dataKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      lifecycleRules: [
        {
          id: "ListsExpire",
          expiration: Duration.days(props.expiryDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "Server access logs would need a second bucket of request logs naming the same objects. Reads are by IAM roles only (imc's, by the bucket policy), so CloudTrail data events for S3 are where to record who fetched a list (docs/decisions/monthly-lists.md).",
    });

    this.failureQueue = hubQueue(this, "Failures", {
      queueName: `${props.namePrefix}-monthly-list-failures`,
      encryptionKey: props.queueKey,
      deadLetterFor: "the monthly-list function's runs (after their retries) and its schedule",
      via: "service",
    });

    this.job = new HubFunction(this, "Job", {
      serviceName: "monthly-list",
      description: "Order 195 hub: builds the month's art.-519 list (CSV, JSON) for imc, on the 1st",
      code: props.code,
      memorySize: 1024,
      // A month of a busy region is a few thousand offences: index pages, batch reads, three files.
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      logEncryptionKey: props.dataKey,
    })
      .bindDeployment(props.deployment, props.retentionDays)
      .bindTableWriter(props.notifications, props.dataKey);
    const fn = this.job.function;
    fn.addEnvironment(envNames.listsBucket, this.bucket.bucketName);
    // A failed run is retried twice by Lambda, then parked: the queue's alarm calls an operator.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });
    this.grantJob(props);

    // The schedule's own role, so that its findings are acknowledged here (CDK would make one per stack).
    const scheduleRole = new iam.Role(this, "ScheduleRole", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com"),
      description: "EventBridge Scheduler invoking the monthly-list function",
    });
    this.schedule = new scheduler.Schedule(this, "Schedule", {
      description: `Order 195 hub (${props.namePrefix}): the previous month's art.-519 list, on the 1st`,
      schedule: scheduler.ScheduleExpression.cron({
        minute: "0",
        hour: String(MONTHLY_LIST_HOUR),
        day: "1",
        month: "*",
        timeZone: TimeZone.of(deployments[props.deployment].timeZone),
      }),
      target: new targets.LambdaInvoke(fn, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.failureQueue,
        role: scheduleRole,
      }),
    });
    // Lambda's on-failure destination sends with the function's role, the schedule with its own.
    restrictSenders(this.failureQueue, { principals: [this.job.role.roleArn, scheduleRole.roleArn] });
    this.acknowledgeFindings(scheduleRole);
    this.bucket.addToResourcePolicy(this.onlyReadersRead());
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "OnlyTheMonthlyListFunctionWrites",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects("*")],
        conditions: { ArnNotEquals: { "aws:PrincipalArn": this.job.role.roleArn } },
      }),
    );
    this.node.addValidation({
      validate: () => (this.readerArns.length === 0 ? ["no role may read the monthly lists"] : []),
    });
  }

  /** Reading the month's art.-519 offences by index, writing the files; the key through the services only. */
  private grantJob(props: MonthlyListsProps): void {
    const { notifications, dataKey } = props;
    const index = notificationTable.indexes.byKindRegionMonth.indexName;
    const statements = [
      {
        sid: "FindOffencesByKindAndMonth",
        actions: [...LIST_READER_ACTIONS.index],
        resources: [`${notifications.tableArn}/index/${index}`],
      },
      { sid: "ReadOffences", actions: [...LIST_READER_ACTIONS.items], resources: [notifications.tableArn] },
      {
        sid: "WriteLists",
        actions: ["s3:PutObject"],
        resources: [this.bucket.arnForObjects(`${LISTS_PREFIX}*`)],
      },
    ];
    for (const statement of statements)
      this.job.role.addToPrincipalPolicy(new iam.PolicyStatement(statement));
    this.job.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "EncryptListsThroughS3",
        actions: ["kms:GenerateDataKey"],
        resources: [dataKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "s3") } },
      }),
    );
  }

  /** The findings of wildcards CDK's grants write, and of the function's failure handling. */
  private acknowledgeFindings(scheduleRole: iam.Role): void {
    const listsResource = `Resource::<${this.bucketLogicalId}.Arn>/${LISTS_PREFIX}*`;
    const policyOf = (role: iam.Role) => role.node.findChild("DefaultPolicy");
    Validations.of(policyOf(this.job.role)).acknowledge({
      id: `AwsSolutions-IAM5[${listsResource}]`,
      reason:
        "The function writes one month's files under the lists prefix; their keys are per month, so the prefix is the narrowest resource.",
    });
    for (const action of ["kms:GenerateDataKey*", "kms:ReEncrypt*"]) {
      for (const role of [this.job.role, scheduleRole]) {
        Validations.of(policyOf(role)).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "CDK's grant to send to the KMS-encrypted failure queue; the key is the stack's messaging key, which encrypts queues only.",
        });
      }
    }
    Validations.of(policyOf(scheduleRole)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.job.function.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        "CDK's grant to invoke the function covers its versions and aliases (`:*`); the schedule invokes the function itself, nothing else.",
    });
    Validations.of(this.job.function).acknowledge({
      id: "Serverless-LambdaDLQ",
      reason:
        "Its asynchronous invocations (the schedule's) end in an on-failure destination, the failure queue, which keeps the event and the error a dead-letter queue would not.",
    });
  }

  private get bucketLogicalId(): string {
    return Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
  }

  /** Denies reading a list to every principal but the admitted readers (resolved when synthesized). */
  private onlyReadersRead(): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({
      sid: "OnlyListReadersRead",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [this.bucket.arnForObjects("*")],
    });
    statement.addCondition("ArnNotEquals", {
      "aws:PrincipalArn": Lazy.list({ produce: () => this.readerArns }),
    });
    return statement;
  }

  /**
   * Lets each role read the lists: `s3:GetObject` under the lists prefix (its identity policy) and the
   * data key through S3; the bucket policy then admits these roles and denies everyone else.
   */
  admitReaders(roles: readonly iam.Role[]): void {
    for (const role of roles) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "ReadMonthlyLists",
          actions: [...LIST_READER_S3_ACTIONS],
          resources: [this.bucket.arnForObjects(`${LISTS_PREFIX}*`)],
        }),
      );
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "DecryptMonthlyListsThroughS3",
          actions: ["kms:Decrypt"],
          resources: [this.props.dataKey.keyArn],
          conditions: { StringEquals: { "kms:ViaService": viaService(this, "s3") } },
        }),
      );
      Validations.of(role.node.findChild("DefaultPolicy")).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId}.Arn>/${LISTS_PREFIX}*]`,
        reason:
          "A reader fetches the file of any month it is told of: every key under the lists prefix, nothing else of the bucket.",
      });
      this.readerArns.push(role.roleArn);
    }
  }
}
