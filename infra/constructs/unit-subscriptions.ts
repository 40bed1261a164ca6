/**
 * The units' access to the hub. For every unit of `kindsByUnit(extraSubscriptions)` (the one routing
 * rule), a construct `Unit-<unitId>` with
 * - its queue and dead-letter queue (messaging key, TLS only, 14 days, redrive after 5 receives);
 * - one rule on the hub bus whose pattern is exactly the hub's sources × the kinds the unit receives,
 *   in catalogue order, targeting the queue with a bounded retry policy; events the rule cannot
 *   deliver go to the same dead-letter queue (one place, one alarm, one replay for the unit);
 * - queue policies: only that rule may deliver, nothing else may send (not even the unit's role: a
 *   unit could otherwise put forged notifications in its own queue), no plain HTTP;
 * - a role that the configured principals assume to read and delete its own messages only.
 * A unit that files reports (the catalogue's `kindsFiledBy`) but receives nothing gets a construct
 * `Unit-<unitId>` with that role alone, and no queue. The role is named by `unitRoleName`, the rule
 * the reports function reads the filing unit back by; the API admits the filers (`IngestApi`).
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
  kindsFiledBy,
  type UnitId,
  unitIds,
  units,
} from "../../shared/domain/catalogue/index.ts";
import { unitRoleName } from "../../shared/wiring/unit-roles.ts";
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
  /** The hub's name: physical names are `unitRoleName(namePrefix, unit)` for the queue, rule and role. */
  readonly namePrefix: string;
  /** @default - a new customer-managed key */
  readonly encryptionKey?: kms.IKey;
}

/** A unit's role, with its ARN spelled from its name: policies name it without depending on the role. */
export interface UnitRole {
  readonly unit: UnitId;
  readonly role: iam.Role;
  readonly roleArn: string;
  /** The unit files reports (so the reports API admits this role). */
  readonly files: boolean;
}

export class UnitSubscriptions extends Construct {
  /** The units that receive notifications: queue, dead-letter queue, rule and role. */
  public readonly units: ReadonlyMap<UnitId, UnitSubscription>;
  /** Every unit's role, receiving or filing, in catalogue order. */
  public readonly roles: ReadonlyMap<UnitId, UnitRole>;
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
          name: unitRoleName(props.namePrefix, unit),
          principals: props.principals?.[unit],
        }),
      ]),
    );
    const roles = new Map<UnitId, UnitRole>();
    for (const unit of unitIds) {
      const files = kindsFiledBy(unit).length > 0;
      const name = unitRoleName(props.namePrefix, unit);
      const role =
        this.units.get(unit)?.role ??
        (files
          ? unitRole(new Construct(this, unitConstructId(unit)), {
              unit,
              name,
              principals: props.principals?.[unit],
              receives: false,
            })
          : undefined);
      if (role === undefined) continue;
      const roleArn = stack.formatArn({ service: "iam", region: "", resource: "role", resourceName: name });
      roles.set(unit, { unit, role, roleArn, files });
    }
    this.roles = roles;
  }
}

/**
 * The role a unit's officers assume (session name: the officer). Its description says what it may
 * do; the rights are added by whoever grants them (its queues below, the API's reports and queries).
 */
function unitRole(
  scope: Construct,
  props: {
    readonly unit: UnitId;
    readonly name: string;
    readonly principals: readonly string[] | undefined;
    readonly receives: boolean;
  },
): iam.Role {
  const { unit, principals, receives } = props;
  const files = kindsFiledBy(unit).length > 0;
  const does = [
    ...(receives ? ["reads and deletes its own hub messages"] : []),
    ...(files ? ["files its reports"] : []),
    "asks the hub's queries",
  ];
  return new iam.Role(scope, "Role", {
    roleName: props.name,
    description: `${units[unit].name.en}: ${does.join(", ")}; nothing else`,
    assumedBy: new iam.CompositePrincipal(
      ...(principals === undefined || principals.length === 0
        ? [new iam.AccountRootPrincipal()]
        : principals.map(principalOf)),
    ),
    maxSessionDuration: Duration.hours(1),
  });
}

export interface UnitSubscriptionProps {
  readonly unit: UnitId;
  readonly kinds: readonly KindId[];
  readonly bus: events.IEventBus;
  readonly encryptionKey: kms.IKey;
  readonly name: string;
  readonly principals?: readonly string[];
}

/** A configured principal: a 12-digit account id (its root) or an IAM ARN. */
export function principalOf(entry: string): iam.IPrincipal {
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

    this.role = unitRole(this, {
      unit: props.unit,
      name: props.name,
      principals: props.principals,
      receives: true,
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
        sid: "DecryptThroughSqs",
        actions: ["kms:Decrypt"],
        resources: [props.encryptionKey.keyArn],
        conditions: { StringEquals: { "kms:ViaService": viaService(this, "sqs") } },
      }),
    );

    // Dead letters go back by replaying the archive through this rule (docs/alarms.md#unit-dlq).
    for (const queue of [this.queue, this.deadLetterQueue]) {
      restrictSenders(queue, {
        deliveries: { service: "events.amazonaws.com", sourceArns: [this.rule.ruleArn] },
      });
    }
  }
}
