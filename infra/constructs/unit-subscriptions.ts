/**
 * The fan-out to the units: for every unit of `kindsByUnit(extraSubscriptions)` (the one routing
 * rule), a construct `Unit-<unitId>` with
 * - its queue and dead-letter queue (messaging key, TLS only, 14 days, redrive after 5 receives);
 * - one rule on the hub bus whose pattern is exactly the hub's sources × the kinds the unit receives,
 *   in catalogue order, targeting the queue with a bounded retry policy; events the rule cannot
 *   deliver go to the same dead-letter queue (one place, one alarm, one redrive for the unit);
 * - queue policies: only that rule may deliver (plus the unit's own role, to redrive), nothing else
 *   may send, no plain HTTP;
 * - a role that the configured principals assume to read, delete and redrive its own messages only.
 */
import { Duration, Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import {
  type ExtraSubscriptions,
  hubEventSources,
  type KindId,
  kindsByUnit,
  type UnitId,
  units,
} from "../../shared/domain/catalogue/index.ts";
import { viaService } from "./hub-function.ts";
import { hubKey } from "./keys.ts";
import { hubQueue, MAX_RECEIVE_COUNT, restrictSenders } from "./queues.ts";

/** What a unit's role may do on its queue and dead-letter queue (the consumer's whole vocabulary). */
export const CONSUMER_ACTIONS = [
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
] as const;

/** EventBridge's retry policy towards a unit queue: retry for a day (its maximum), then dead-letter. */
export const TARGET_RETRY = { maxEventAge: Duration.hours(24), retryAttempts: 185 } as const;

/** The construct id of a unit's resources; CloudFormation logical ids derive from it. */
export function unitConstructId(unit: UnitId): string {
  return `Unit-${unit}`;
}

/** The exact event pattern of a unit's rule. */
export function unitEventPattern(kinds: readonly KindId[]): events.EventPattern {
  return { source: [...hubEventSources], detailType: [...kinds] };
}

export interface UnitSubscriptionsProps {
  readonly bus: events.IEventBus;
  /** The bus's literal name: the queue key's policy names its rules by ARN pattern (a token would cycle). */
  readonly busName: string;
  readonly extraSubscriptions: ExtraSubscriptions;
  /** Per unit, who may assume its role (account ids or IAM ARNs). @default the stack's account */
  readonly principals?: Partial<Record<UnitId, readonly string[]>>;
  /** Physical names: `<namePrefix>-<unit>` for the queue, rule and role. */
  readonly namePrefix: string;
  /** @default - a new customer-managed key */
  readonly encryptionKey?: kms.IKey;
}

export class UnitSubscriptions extends Construct {
  public readonly units: ReadonlyMap<UnitId, UnitSubscription>;
  public readonly encryptionKey: kms.IKey;

  constructor(scope: Construct, id: string, props: UnitSubscriptionsProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey ?? hubKey(this, "Key", "unit queues");
    const stack = Stack.of(this);
    // EventBridge encrypts into the queues with this key, for this bus's rules only.
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowHubBusRulesToDeliver",
        principals: [new iam.ServicePrincipal("events.amazonaws.com")],
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: ["*"],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: {
            "aws:SourceArn": stack.formatArn({
              service: "events",
              resource: "rule",
              resourceName: `${props.busName}/*`,
            }),
          },
        },
      }),
    );
    const routing = kindsByUnit(props.extraSubscriptions);
    this.units = new Map(
      [...routing].map(([unit, kinds]) => [
        unit,
        new UnitSubscription(this, unitConstructId(unit), {
          unit,
          kinds,
          bus: props.bus,
          encryptionKey: this.encryptionKey,
          name: `${props.namePrefix}-${unit}`,
          principals: props.principals?.[unit],
        }),
      ]),
    );
  }
}

export interface UnitSubscriptionProps {
  readonly unit: UnitId;
  readonly kinds: readonly KindId[];
  readonly bus: events.IEventBus;
  readonly encryptionKey: kms.IKey;
  readonly name: string;
  readonly principals?: readonly string[];
}

function principalOf(entry: string): iam.IPrincipal {
  return /^\d{12}$/.test(entry) ? new iam.AccountPrincipal(entry) : new iam.ArnPrincipal(entry);
}

export class UnitSubscription extends Construct {
  public readonly unit: UnitId;
  public readonly kinds: readonly KindId[];
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly rule: events.Rule;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: UnitSubscriptionProps) {
    super(scope, id);
    this.unit = props.unit;
    this.kinds = props.kinds;
    const unitName = units[props.unit].name.en;

    this.deadLetterQueue = hubQueue(this, "DeadLetterQueue", {
      queueName: `${props.name}-dlq`,
      encryptionKey: props.encryptionKey,
      deadLetterFor: `the ${props.unit} queue (after ${MAX_RECEIVE_COUNT} receives) and of its EventBridge rule's target`,
      via: "sqs-redrive",
    });
    this.queue = hubQueue(this, "Queue", {
      queueName: props.name,
      encryptionKey: props.encryptionKey,
      deadLetterQueue: this.deadLetterQueue,
    });

    this.rule = new events.Rule(this, "Rule", {
      ruleName: props.name,
      description: `${unitName}: the ${props.kinds.length} notification kind(s) it receives`,
      eventBus: props.bus,
      eventPattern: unitEventPattern(props.kinds),
    });
    const queue = this.queue;
    const deadLetterQueue = this.deadLetterQueue;
    this.rule.addTarget({
      bind: () => ({
        arn: queue.queueArn,
        targetResource: queue,
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
        retryPolicy: {
          maximumEventAgeInSeconds: TARGET_RETRY.maxEventAge.toSeconds(),
          maximumRetryAttempts: TARGET_RETRY.retryAttempts,
        },
      }),
    });

    const principals =
      props.principals === undefined || props.principals.length === 0
        ? [new iam.AccountRootPrincipal()]
        : props.principals.map(principalOf);
    this.role = new iam.Role(this, "Role", {
      roleName: props.name,
      description: `${unitName}: reads, deletes and redrives its own hub messages, nothing else`,
      assumedBy: new iam.CompositePrincipal(...principals),
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "ConsumeOwnQueues",
        actions: [...CONSUMER_ACTIONS],
        resources: [this.queue.queueArn, this.deadLetterQueue.queueArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "RedriveIntoOwnQueue",
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: "UseQueueKeyThroughSqs",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "sqs") } },
      }),
    );

    restrictSenders(this.queue, {
      deliveries: { service: "events.amazonaws.com", sourceArns: [this.rule.ruleArn] },
      principals: [this.role.roleArn],
    });
    restrictSenders(this.deadLetterQueue, {
      deliveries: { service: "events.amazonaws.com", sourceArns: [this.rule.ruleArn] },
    });
  }
}
