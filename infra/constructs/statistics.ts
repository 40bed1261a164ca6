/**
 * The exchange's statistics (`GET /v1/stats`): the stats function, which counts from the "kind ×
 * region × month" index alone (kind, time and citizenships are in each entry): `Query` on that index,
 * nothing else of the table, never a Scan, never a write.
 */
import { Duration } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { DeploymentId, ExtraSubscriptions } from "../../shared/domain/catalogue/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { HubFunction, viaService } from "./hub-function.ts";

/** What the stats function calls on the notification table: queries of one index. */
export const STATS_READER_ACTIONS = ["dynamodb:Query"] as const;

export interface StatisticsProps {
  readonly deployment: DeploymentId;
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly code: lambda.Code;
  readonly notifications: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  readonly logEncryptionKey: kms.IKey;
}

export class Statistics extends Construct {
  public readonly stats: HubFunction;

  constructor(scope: Construct, id: string, props: StatisticsProps) {
    super(scope, id);
    this.stats = new HubFunction(this, "Stats", {
      serviceName: "stats",
      description:
        "Order 195 hub: counts the deployment's notifications per kind, unit, month and citizenship",
      code: props.code,
      memorySize: 1024,
      // A year of every kind is a few hundred small index queries, 8 at a time.
      timeout: Duration.seconds(25),
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
    }).bindDeployment(props.deployment, props.retentionDays);
    const fn = this.stats.function;
    fn.addEnvironment(envNames.tableName, props.notifications.tableName);
    // Deliveries per unit count the kinds the deployment routes to each unit, its extras included.
    fn.addEnvironment(envNames.extraSubscriptions, JSON.stringify(props.extraSubscriptions));
    const index = notificationTable.indexes.byKindRegionMonth.indexName;
    this.stats.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "CountByKindAndMonth",
        actions: [...STATS_READER_ACTIONS],
        resources: [`${props.notifications.tableArn}/index/${index}`],
      }),
    );
    this.stats.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "DecryptIndexThroughDynamoDb",
        actions: ["kms:Decrypt", "kms:DescribeKey"],
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "dynamodb") } },
      }),
    );
  }
}
