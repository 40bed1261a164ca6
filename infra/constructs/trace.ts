/**
 * A notification's trace (issue 14): the trace function behind `GET /v1/notifications/{id}/trace` and
 * `GET /v1/records/{source}/{recordId}/trace` (the routes are added with the API's `addIamRoute`), and
 * the publish function's right to record when it published each notification (the marks the trace
 * reads). The trace function reads by key only: the by-id index, the notification and publication
 * items and escalations (GetItem, BatchGetItem), the receipt ledger (a Query of `RECEIPT#` partitions).
 * It writes nothing. The publish function may write publication marks and nothing else of the table.
 */
import { Duration } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { DeploymentId, ExtraSubscriptions } from "../../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../../shared/domain/receipts/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { publicationMarks } from "../../shared/wiring/publications.ts";
import { receiptLedger } from "../../shared/wiring/receipts.ts";
import { HubFunction, viaService } from "./hub-function.ts";

/** What the trace function calls. */
export const TRACE_READER_ACTIONS = {
  index: ["dynamodb:Query"],
  items: ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
  ledger: ["dynamodb:Query"],
} as const;

/** What the publish function calls to record its publications. */
export const PUBLICATION_WRITER_ACTIONS = ["dynamodb:BatchWriteItem"] as const;

export interface NotificationTraceProps {
  readonly deployment: DeploymentId;
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly deadlines: ReceiptDeadlines;
  readonly code: lambda.Code;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  /** The publish function: it records when it published each notification. */
  readonly publisher: HubFunction;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey: kms.IKey;
}

export class NotificationTrace extends Construct {
  public readonly trace: HubFunction;

  constructor(scope: Construct, id: string, props: NotificationTraceProps) {
    super(scope, id);
    const { table, tableKey } = props;
    this.trace = new HubFunction(this, "Trace", {
      serviceName: "trace",
      description: "Order 195 hub: where a notification is (stored, published, delivered, acknowledged)",
      code: props.code,
      memorySize: 512,
      // DynamoDB calls fail fast (3 s, 3 attempts): well inside API Gateway's 29 s.
      timeout: Duration.seconds(15),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    }).bindDeployment(props.deployment, props.retentionDays);
    const environment = {
      [envNames.tableName]: table.tableName,
      [envNames.extraSubscriptions]: JSON.stringify(props.extraSubscriptions),
      [envNames.receiptDeadlines]: JSON.stringify(props.deadlines),
    };
    for (const [name, value] of Object.entries(environment)) this.trace.function.addEnvironment(name, value);
    const statements: iam.PolicyStatementProps[] = [
      {
        sid: "FindNotificationsById",
        actions: [...TRACE_READER_ACTIONS.index],
        resources: [`${table.tableArn}/index/${notificationTable.indexes.byId.indexName}`],
      },
      {
        sid: "ReadTracedItems",
        actions: [...TRACE_READER_ACTIONS.items],
        resources: [table.tableArn],
      },
      {
        sid: "ReadReceipts",
        actions: [...TRACE_READER_ACTIONS.ledger],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${receiptLedger.partitionKeyPrefix}*`] },
        },
      },
    ];
    for (const statement of statements)
      this.trace.role.addToPrincipalPolicy(new iam.PolicyStatement(statement));
    this.useTableKey(this.trace, tableKey, ["kms:Decrypt", "kms:DescribeKey"]);

    props.publisher.function.addEnvironment(envNames.tableName, table.tableName);
    props.publisher.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "RecordPublications",
        actions: [...PUBLICATION_WRITER_ACTIONS],
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [`${publicationMarks.partitionKeyPrefix}*`],
          },
        },
      }),
    );
    this.useTableKey(props.publisher, tableKey, ["kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]);
  }

  private useTableKey(fn: HubFunction, key: kms.IKey, actions: string[]): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [key.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "dynamodb") } },
      }),
    );
  }
}
