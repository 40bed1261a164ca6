/**
 * The deployment's event bus: customer-managed encryption, an archive for replay (kept as long as
 * personal data may be, encrypted with the same key), a resource policy that refuses any `source` the
 * hub does not emit and any caller but the hub's producer roles, and a catch-all rule that writes
 * identifiers of every hub event to an audit log group. Events the bus or the audit rule cannot
 * deliver land in the bus dead-letter queue.
 */
import { ArnFormat, type Duration, Lazy, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { hubEventSources } from "../../shared/domain/catalogue/index.ts";
import { allowLogsService } from "./keys.ts";
import { hubQueue, restrictSenders } from "./queues.ts";
import { TARGET_RETRY } from "./unit-subscriptions.ts";

/**
 * What the audit log keeps of each event: who sent what kind of notification about which upstream
 * record, when — identifiers only. The notification itself (names, documents) stays in the
 * encrypted table and the archive, which expire with the retention period; it is never copied here.
 */
export const auditLogLine = targets.LogGroupTargetInput.fromObjectV2({
  timestamp: events.EventField.time,
  message: [
    `event ${events.EventField.eventId}`,
    `kind ${events.EventField.detailType}`,
    `source ${events.EventField.source}`,
    `notification ${events.EventField.fromPath("$.detail.id")}`,
    `record ${events.EventField.fromPath("$.detail.upstream.recordId")}`,
    `region ${events.EventField.fromPath("$.detail.region")}`,
  ].join(" "),
});

/** The pattern of everything the hub emits: the archive and the audit rule use it. */
export const allHubEvents: events.EventPattern = { source: [...hubEventSources] };

export interface HubEventBusProps {
  /** A literal name: policies refer to the bus and its rules by ARN without creating cycles. */
  readonly eventBusName: string;
  /** Encrypts the bus, the archive and the audit log group. */
  readonly encryptionKey: kms.IKey;
  /** Encrypts the bus dead-letter queue. */
  readonly queueKey: kms.IKey;
  readonly archiveRetention: Duration;
  readonly auditLogRetention: logs.RetentionDays;
}

export class HubEventBus extends Construct {
  public readonly bus: events.EventBus;
  /** The roles that may put events on the bus: the hub's producers, added by `admitProducer`. */
  private readonly producers: iam.IRole[] = [];
  public readonly archive: events.Archive;
  public readonly auditLogGroup: logs.LogGroup;
  public readonly auditRule: events.Rule;
  /** Events the bus could not process (e.g. a key problem) and audit deliveries that failed. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: HubEventBusProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const busArn = stack.formatArn({
      service: "events",
      resource: "event-bus",
      resourceName: props.eventBusName,
    });
    const auditRuleName = `${props.eventBusName}-audit`;
    const auditRuleArn = stack.formatArn({
      service: "events",
      resource: "rule",
      resourceName: `${props.eventBusName}/${auditRuleName}`,
    });

    this.deadLetterQueue = hubQueue(this, "DeadLetterQueue", {
      queueName: `${props.eventBusName}-bus-dlq`,
      encryptionKey: props.queueKey,
      deadLetterFor: "the event bus (events it cannot process) and of the audit rule's target",
      via: "service",
    });
    // The bus itself (events it cannot process) or any rule on it may dead-letter here.
    const busRules = stack.formatArn({
      service: "events",
      resource: "rule",
      resourceName: `${props.eventBusName}/*`,
    });
    restrictSenders(this.deadLetterQueue, {
      deliveries: { service: "events.amazonaws.com", sourceArns: [busArn, busRules] },
    });
    props.queueKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowHubBusToDeadLetter",
        principals: [new iam.ServicePrincipal("events.amazonaws.com")],
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: { "aws:SourceArn": [busArn, busRules] },
        },
      }),
    );

    this.bus = new events.EventBus(this, "Bus", {
      eventBusName: props.eventBusName,
      description: "Order 195 hub: every stored notification, detail-type = kind",
      kmsKey: props.encryptionKey,
      deadLetterQueue: this.deadLetterQueue,
    });
    // `events:source` is multi-valued (one PutEvents call carries several entries): deny when any is foreign.
    this.denyPutEvents("OnlyHubSources", {
      "ForAnyValue:StringNotEquals": { "events:source": [...hubEventSources] },
    });
    // Whatever their identity policies say, no one but the producers: a forged `kz.mvd.hub.*` event
    // would reach every unit whose rule matches it. Resolved at synthesis, after every producer is in.
    this.denyPutEvents("OnlyHubProducers", {
      ArnNotEquals: {
        "aws:PrincipalArn": Lazy.list({ produce: () => this.producers.map((role) => role.roleArn) }),
      },
    });
    this.node.addValidation({
      validate: () => (this.producers.length === 0 ? ["no producer role may put events on the hub bus"] : []),
    });

    // `bus.archive()` would drop `kmsKey` (an AWS-owned key then). Scoped to the bus with the id
    // `bus.archive()` used, so the archive keeps its logical id and is never replaced (losing its events).
    // The construct lets EventBridge use the key for this bus's events (encryption context): named
    // by the literal ARN, as the key's policy cannot refer to the bus that the key encrypts.
    this.archive = new events.Archive(this.bus, "Archive", {
      sourceEventBus: events.EventBus.fromEventBusArn(this, "BusByArn", busArn),
      description: "Every hub event, for replay after a consumer-side failure",
      eventPattern: allHubEvents,
      retention: props.archiveRetention,
      kmsKey: props.encryptionKey,
    });
    // The archive itself names the bus by reference, as it always has: it depends on the bus, and
    // its replace-on-change `SourceArn` stays as deployed.
    (this.archive.node.defaultChild as events.CfnArchive).sourceArn = this.bus.eventBusArn;

    allowLogsService(props.encryptionKey);
    const auditLogGroupName = `/order195hub/${props.eventBusName}/audit`;
    // Built from the literal name: the log group's policy cannot refer to the log group's own attributes.
    const auditLogGroupArn = stack.formatArn({
      service: "logs",
      resource: "log-group",
      resourceName: auditLogGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.auditLogGroup = new logs.LogGroup(this, "AuditLogGroup", {
      logGroupName: auditLogGroupName,
      retention: props.auditLogRetention,
      encryptionKey: props.encryptionKey,
    });
    // A policy on the log group itself (no account-wide resource policy: those are capped at 10 per
    // account and region), naming the audit rule by its literal ARN.
    (this.auditLogGroup.node.defaultChild as logs.CfnLogGroup).resourcePolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowAuditRuleToWrite",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${auditLogGroupArn}:*`,
          Condition: { ArnEquals: { "aws:SourceArn": auditRuleArn } },
        },
      ],
    };

    this.auditRule = new events.Rule(this, "AuditRule", {
      ruleName: auditRuleName,
      description: "Audit: every hub event to the audit log group",
      eventBus: this.bus,
      eventPattern: allHubEvents,
    });
    const deadLetterQueue = this.deadLetterQueue;
    const auditLogGroup = this.auditLogGroup;
    this.auditRule.addTarget({
      bind: () => ({
        arn: auditLogGroupArn,
        targetResource: auditLogGroup,
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
        retryPolicy: {
          maximumEventAgeInSeconds: TARGET_RETRY.maxEventAge.toSeconds(),
          maximumRetryAttempts: TARGET_RETRY.retryAttempts,
        },
        input: auditLogLine,
      }),
    });
    this.auditRule.node.addDependency(this.auditLogGroup);
  }

  /** Lets a hub function's role put events on the bus (its identity policy must allow it too). */
  admitProducer(role: iam.IRole): void {
    this.producers.push(role);
  }

  private denyPutEvents(sid: string, conditions: Record<string, Record<string, unknown>>): void {
    this.bus.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["events:PutEvents"],
        resources: [this.bus.eventBusArn],
        conditions,
      }),
    );
  }
}
