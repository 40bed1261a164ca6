/**
 * The operators' role for `hub republish` and `hub replay`: after a long outage, or to repair a
 * consumer, stored notifications of a period are put on the bus again (same ids, so consumers drop
 * repeats), or the bus archive's events of a period are replayed through one unit's rule. It reads
 * the table only through the receipt-day index and the notification items it names (never a Scan),
 * may put events on the bus, which admits it as a producer, and may replay the archive
 * (`admitReplays`). Nothing else: no queue, no secret, no write.
 */
import { Duration, Stack, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import { Construct } from "constructs";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { viaService } from "./hub-function.ts";
import { nagResourceOf } from "./ingest-api.ts";

export interface RepublisherProps {
  readonly roleName: string;
  readonly table: dynamodb.ITableV2;
  readonly tableKey: kms.IKey;
  readonly bus: events.IEventBus;
}

export class Republisher extends Construct {
  public readonly role: iam.Role;
  private readonly bus: events.IEventBus;

  constructor(scope: Construct, id: string, props: RepublisherProps) {
    super(scope, id);
    this.bus = props.bus;
    this.role = new iam.Role(this, "Role", {
      roleName: props.roleName,
      description:
        "Operators: hub republish (stored notifications of a period back on the bus) and hub replay (the archive, through a unit's rule)",
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

  /**
   * `hub replay`: the archive's replay to its bus through one unit's rule. StartReplay names the
   * archive, the destination bus and the new replay; DescribeArchive finds the bus, DescribeRule the
   * unit's rule (these rules only); DescribeReplay follows the replay, CancelReplay stops a wrong one.
   */
  admitReplays(archive: events.Archive, rules: readonly events.IRule[]): void {
    const replays = Stack.of(this).formatArn({ service: "events", resource: "replay", resourceName: "*" });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ReplayArchive",
        actions: ["events:StartReplay"],
        resources: [archive.archiveArn, this.bus.eventBusArn, replays],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "FollowReplays",
        actions: ["events:DescribeReplay", "events:CancelReplay"],
        resources: [replays],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "FindReplayTargets",
        actions: ["events:DescribeArchive", "events:DescribeRule"],
        resources: [archive.archiveArn, ...rules.map((rule) => rule.ruleArn)],
      }),
    );
    const policy = this.role.node.tryFindChild("DefaultPolicy");
    if (policy === undefined) throw new Error("the republisher role has no default policy");
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagResourceOf(Stack.of(this).resolve(replays))}]`,
      reason:
        "A replay's name is chosen when it starts (`hub replay` names it after the unit and the time), so its ARN cannot be known ahead: the right covers replays only, and StartReplay also needs this archive and this bus.",
    });
  }
}
