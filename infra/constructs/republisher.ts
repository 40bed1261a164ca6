/**
 * The operators' role for `hub republish`: after a long outage, or to repair a consumer, stored
 * notifications of a period are put on the bus again (same ids, so consumers drop repeats). It reads
 * the table only through the receipt-day index and the notification items it names (never a Scan), and
 * may put events on the bus, which admits it as a producer. Nothing else: no queue, no secret, no write.
 */
import { Duration } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { viaService } from "./hub-function.ts";

export interface RepublisherProps {
  readonly roleName: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly bus: events.IEventBus;
}

export class Republisher extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: RepublisherProps) {
    super(scope, id);
    this.role = new iam.Role(this, "Role", {
      roleName: props.roleName,
      description: "Operators: hub republish (stored notifications of a period back on the bus)",
      // The account's administrators decide, with their own policies, which operators may assume it.
      assumedBy: new iam.AccountRootPrincipal(),
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "FindByReceiptDay",
        actions: ["dynamodb:Query"],
        resources: [`${props.table.tableArn}/index/${notificationTable.indexes.byReceivedDay.indexName}`],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReadNotifications",
        actions: ["dynamodb:BatchGetItem"],
        resources: [props.table.tableArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "DecryptThroughDynamoDb",
        actions: ["kms:Decrypt"],
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "dynamodb") } },
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "PutHubEvents",
        actions: ["events:PutEvents"],
        resources: [props.bus.eventBusArn],
      }),
    );
  }
}
