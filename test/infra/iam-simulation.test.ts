/**
 * IAM simulation (@cloud-copilot/iam-simulate) of the synthesized policies, references resolved to
 * concrete fake ARNs: who may read, write, send, ask or audit what. The pairwise unit matrix runs on
 * almaty; the transport deployment gets a smoke check and the cross-deployment API checks. Every decision is Allowed, ExplicitlyDenied or
 * ImplicitlyDenied; "denied" below accepts either denial unless an explicit deny is the point.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AUDIT_READER_ACTIONS,
  AUDIT_WRITER_ACTIONS,
  NOTIFICATION_READER_ACTIONS,
  QUERIED_NOTIFICATION_INDEXES,
  QUOTA_COUNTER_ACTIONS,
} from "../../infra/constructs/hub-function.ts";
import { STAGE_NAME } from "../../infra/constructs/ingest-api.ts";
import { CONSUMER_ACTIONS } from "../../infra/constructs/unit-subscriptions.ts";
import {
  type DeploymentId,
  feedSourceIds,
  hubEventSources,
  kindsByUnit,
  kindsFiledBy,
  type UnitId,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import { auditTable } from "../../shared/wiring/audit-table.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { AUDIT_PATH, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { REPORTS_PATH } from "../../shared/wiring/reports-route.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { type CfnWorld, cfnWorld, type PolicyDocument } from "./support/cfn-world.ts";
import { type Caller, type Decision, decide } from "./support/iam-simulation.ts";
import { PAIR, resourcesOfType, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

interface Units {
  readonly queue: string;
  readonly dlq: string;
  readonly queueId: string;
  readonly dlqId: string;
  readonly rule: string;
  readonly role: Caller;
}

const checks = new Map<string, number>();
function count(category: string): void {
  checks.set(category, (checks.get(category) ?? 0) + 1);
}

async function expectDecision(
  category: string,
  expected: Decision | "denied",
  caller: Caller,
  action: string,
  resource: string,
  resourcePolicy: PolicyDocument | undefined,
  context: Record<string, string | string[]> = {},
): Promise<void> {
  const decision = await decide(caller, action, resource, resourcePolicy, context);
  const label = `${category}: ${caller.label} ${action} on ${resource} ${JSON.stringify(context)}`;
  if (expected === "denied") expect(decision, label).not.toBe("Allowed");
  else expect(decision, label).toBe(expected);
  count(category);
}

function roleCaller(world: CfnWorld, roleId: string, label: string): Caller {
  const name = world.ref(roleId);
  const arn = world.getAtt(roleId, "Arn");
  return {
    label,
    principal: `arn:aws:sts::${world.account}:assumed-role/${name}/session`,
    identityPolicies: world.identityPolicies(roleId).map((p) => ({ name: p.name, policy: p.policy })),
    context: { "aws:PrincipalArn": arn, "aws:PrincipalAccount": world.account },
  };
}

function serviceCaller(world: CfnWorld, service: string, sourceArn: string, label: string): Caller {
  return {
    label,
    principal: service,
    identityPolicies: [],
    context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": world.account },
  };
}

/** A hypothetical administrator of the deployment account whose identity policy allows everything. */
function adminCaller(world: CfnWorld): Caller {
  const arn = `arn:aws:iam::${world.account}:role/AccountAdministrator`;
  return {
    label: "account administrator (Allow *:*)",
    principal: `arn:aws:sts::${world.account}:assumed-role/AccountAdministrator/session`,
    identityPolicies: [
      {
        name: "admin",
        policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
    context: { "aws:PrincipalArn": arn, "aws:PrincipalAccount": world.account },
  };
}

/**
 * Who may do what with a notification item (a `REC#` partition), by the construct id of the role
 * (`IngestRole…` → `Ingest`): reviewed, one entry at a time. A role that gains an item right fails the
 * test until it is listed here.
 */
const notificationItemRights: Record<string, readonly string[]> = {
  // Storing notifications: the feeds, the units' reports, the monthly list's own notification.
  "dynamodb:PutItem": ["Ingest", "Reports", "MonthlyListsJob"],
  "dynamodb:BatchWriteItem": ["Ingest", "Reports", "MonthlyListsJob"],
  // Reading the items an index named: queries, republish, evidence checkpoints, traces, monthly lists.
  "dynamodb:BatchGetItem": ["Queries", "Republisher", "EvidenceCheckpoint", "Trace", "MonthlyListsJob"],
  "dynamodb:GetItem": ["Trace"],
  "dynamodb:UpdateItem": [],
  "dynamodb:DeleteItem": [],
  "dynamodb:ConditionCheckItem": [],
  "dynamodb:Query": [],
  "dynamodb:Scan": [],
};

/** The construct id a role was created under: its logical id without `Role` and the hash. */
function constructOfRole(caller: Caller): string {
  const id = world
    .ids("AWS::IAM::Role")
    .find((roleId) => roleCaller(world, roleId, "").principal === caller.principal);
  return (id ?? caller.label).replace(/Role[0-9A-F]{8}$/, "");
}

function tableIdBy(prefix: string): string {
  const found = world.ids("AWS::DynamoDB::GlobalTable").find((id) => id.startsWith(prefix));
  if (found === undefined) throw new Error(`no table ${prefix}`);
  return found;
}
const notificationTableId = () => tableIdBy("StoreTable");
const auditTableId = () => tableIdBy("AuditStoreTable");

function roleIdByName(world: CfnWorld, name: string): string {
  const found = world.ids("AWS::IAM::Role").find((id) => world.ref(id) === name);
  if (found === undefined) throw new Error(`no role ${name}`);
  return found;
}

function queueIdByName(world: CfnWorld, name: string): string {
  const found = world.ids("AWS::SQS::Queue").find((id) => world.getAtt(id, "QueueName") === name);
  if (found === undefined) throw new Error(`no queue ${name}`);
  return found;
}

function unitsOf(world: CfnWorld, deployment: DeploymentId): Map<UnitId, Units> {
  const prefix = `Order195Hub-${deployment}`;
  const units = new Map<UnitId, Units>();
  for (const unit of kindsByUnit().keys()) {
    const queueId = queueIdByName(world, `${prefix}-${unit}`);
    const dlqId = queueIdByName(world, `${prefix}-${unit}-dlq`);
    const ruleId = world
      .ids("AWS::Events::Rule")
      .find((id) => world.resolve(world.resource(id).Properties?.Name) === `${prefix}-${unit}`);
    if (ruleId === undefined) throw new Error(`no rule for ${unit}`);
    units.set(unit, {
      queueId,
      dlqId,
      queue: world.getAtt(queueId, "Arn"),
      dlq: world.getAtt(dlqId, "Arn"),
      rule: world.getAtt(ruleId, "Arn"),
      role: roleCaller(world, roleIdByName(world, `${prefix}-${unit}`), `${unit} role`),
    });
  }
  return units;
}

let hub: SynthesizedHub;
let world: CfnWorld;
let units: Map<UnitId, Units>;
let hubRoles: Caller[];
let ingest: Caller;
let reports: Caller;
let publish: Caller;
let republisher: Caller;
let queries: Caller;
let audit: Caller;
let auditor: Caller;

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  world = cfnWorld(hub.json("almaty"));
  units = unitsOf(world, "almaty");
  const roleIds = world.ids("AWS::IAM::Role");
  hubRoles = roleIds.map((id) => roleCaller(world, id, `${world.ref(id)} role`));
  const functionRole = (prefix: string) => {
    const id = roleIds.find((roleId) => roleId.startsWith(prefix));
    if (id === undefined) throw new Error(`no role ${prefix}`);
    return roleCaller(world, id, `${prefix} function role`);
  };
  ingest = functionRole("IngestRole");
  reports = functionRole("ReportsRole");
  publish = functionRole("PublisherPublishRole");
  republisher = functionRole("RepublisherRole");
  queries = functionRole("QueriesRole");
  audit = functionRole("AuditRole");
  auditor = roleCaller(world, roleIdByName(world, auditorRoleName(hubNameOf("almaty"))), "auditor role");
}, SYNTH_TIMEOUT);

afterAll(() => {
  const summary = [...checks].map(([category, n]) => `${category}: ${n}`).join("\n  ");
  const total = [...checks.values()].reduce((sum, n) => sum + n, 0);
  console.log(`IAM simulation: ${total} checks\n  ${summary}`);
});

describe("the simulated policies are complete", () => {
  it("no simulated role depends on an AWS managed policy (only the API Gateway account role, never simulated for data)", () => {
    const withManaged = world.ids("AWS::IAM::Role").filter((id) => world.managedPolicies(id).length > 0);
    expect(withManaged.map((id) => world.managedPolicies(id))).toEqual([
      ["arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    ]);
  });
});

describe("unit queues (almaty, every pair of units)", () => {
  it("lets each unit's role consume its own queues but never send to them, and decrypt through SQS only", async () => {
    const queueKeyId = world.ids("AWS::KMS::Key").find((id) => id.startsWith("QueueKey")) ?? "";
    const queueKey = world.getAtt(queueKeyId, "Arn");
    const keyPolicy = world.resolve(world.resource(queueKeyId).Properties?.KeyPolicy) as PolicyDocument;
    for (const [, own] of units) {
      for (const action of CONSUMER_ACTIONS) {
        for (const [queueId, arn] of [
          [own.queueId, own.queue],
          [own.dlqId, own.dlq],
        ] as const) {
          await expectDecision(
            "own queues: consume",
            "Allowed",
            own.role,
            action,
            arn,
            world.queuePolicy(queueId),
          );
        }
      }
      await expectDecision(
        "own queues: no sending, not even into the own queue",
        "ExplicitlyDenied",
        own.role,
        "sqs:SendMessage",
        own.queue,
        world.queuePolicy(own.queueId),
      );
      await expectDecision(
        "own queues: no sending into the dead-letter queue",
        "ExplicitlyDenied",
        own.role,
        "sqs:SendMessage",
        own.dlq,
        world.queuePolicy(own.dlqId),
      );
      await expectDecision(
        "queue key: decrypt through SQS",
        "Allowed",
        own.role,
        "kms:Decrypt",
        queueKey,
        keyPolicy,
        {
          "kms:ViaService": `sqs.${world.region}.amazonaws.com`,
        },
      );
      await expectDecision(
        "queue key: no direct decrypt",
        "denied",
        own.role,
        "kms:Decrypt",
        queueKey,
        keyPolicy,
      );
    }
  });

  it("never lets a unit's role receive from, delete from or send to another unit's queues", async () => {
    for (const [a, unitA] of units) {
      for (const [b, unitB] of units) {
        if (a === b) continue;
        for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage"]) {
          await expectDecision(
            "cross-unit: denied",
            "denied",
            unitA.role,
            action,
            unitB.queue,
            world.queuePolicy(unitB.queueId),
          );
          await expectDecision(
            "cross-unit: denied",
            "denied",
            unitA.role,
            action,
            unitB.dlq,
            world.queuePolicy(unitB.dlqId),
          );
        }
      }
    }
  });

  it("lets only the unit's own rule deliver to its queue and dead-letter queue", async () => {
    const admin = adminCaller(world);
    for (const [a, unitA] of units) {
      const ruleA = serviceCaller(world, "events.amazonaws.com", unitA.rule, `rule ${a}`);
      await expectDecision(
        "delivery: own rule",
        "Allowed",
        ruleA,
        "sqs:SendMessage",
        unitA.queue,
        world.queuePolicy(unitA.queueId),
      );
      await expectDecision(
        "delivery: own rule",
        "Allowed",
        ruleA,
        "sqs:SendMessage",
        unitA.dlq,
        world.queuePolicy(unitA.dlqId),
      );
      for (const [b, unitB] of units) {
        if (a === b) continue;
        const ruleB = serviceCaller(world, "events.amazonaws.com", unitB.rule, `rule ${b}`);
        await expectDecision(
          "delivery: another unit's rule",
          "ExplicitlyDenied",
          ruleB,
          "sqs:SendMessage",
          unitA.queue,
          world.queuePolicy(unitA.queueId),
        );
        await expectDecision(
          "delivery: another unit's rule",
          "ExplicitlyDenied",
          ruleB,
          "sqs:SendMessage",
          unitA.dlq,
          world.queuePolicy(unitA.dlqId),
        );
      }
      for (const caller of [admin, ingest, publish]) {
        await expectDecision(
          "delivery: nobody else, not even an administrator",
          "ExplicitlyDenied",
          caller,
          "sqs:SendMessage",
          unitA.queue,
          world.queuePolicy(unitA.queueId),
        );
        await expectDecision(
          "delivery: nobody else, not even an administrator",
          "ExplicitlyDenied",
          caller,
          "sqs:SendMessage",
          unitA.dlq,
          world.queuePolicy(unitA.dlqId),
        );
      }
    }
  });

  it("lets only this bus and its rules dead-letter into the bus DLQ, and only publish report stream failures", async () => {
    const busDlqId = queueIdByName(world, "Order195Hub-almaty-bus-dlq");
    const busDlq = world.getAtt(busDlqId, "Arn");
    const bus = world.getAtt(world.ids("AWS::Events::EventBus")[0] ?? "", "Arn");
    const rule = (name: string) => `arn:aws:events:${world.region}:${world.account}:rule/${name}`;
    const senders: [string, Decision][] = [
      [bus, "Allowed"],
      [rule("Order195Hub-almaty/Order195Hub-almaty-audit"), "Allowed"],
      [rule("Order195Hub-astana/Order195Hub-astana-audit"), "ExplicitlyDenied"],
      [`arn:aws:events:${world.region}:${world.account}:event-bus/default`, "ExplicitlyDenied"],
    ];
    for (const [source, expected] of senders) {
      const caller = serviceCaller(world, "events.amazonaws.com", source, source);
      await expectDecision(
        "bus DLQ: only this bus and its rules",
        expected,
        caller,
        "sqs:SendMessage",
        busDlq,
        world.queuePolicy(busDlqId),
      );
    }
    const failuresId = queueIdByName(world, "Order195Hub-almaty-stream-failures");
    const failures = world.getAtt(failuresId, "Arn");
    for (const role of hubRoles) {
      const expected = role.principal === publish.principal ? "Allowed" : "denied";
      await expectDecision(
        "stream failures: only publish reports",
        expected,
        role,
        "sqs:SendMessage",
        failures,
        world.queuePolicy(failuresId),
      );
    }
    await expectDecision(
      "stream failures: only publish reports",
      "ExplicitlyDenied",
      adminCaller(world),
      "sqs:SendMessage",
      failures,
      world.queuePolicy(failuresId),
    );
  });

  it("refuses plain HTTP on every queue of the stack, to everyone", async () => {
    const plain = { "aws:SecureTransport": "false" };
    for (const [a, unitA] of units) {
      await expectDecision(
        "plain HTTP: denied",
        "ExplicitlyDenied",
        unitA.role,
        "sqs:ReceiveMessage",
        unitA.queue,
        world.queuePolicy(unitA.queueId),
        plain,
      );
      await expectDecision(
        "plain HTTP: denied",
        "ExplicitlyDenied",
        unitA.role,
        "sqs:ReceiveMessage",
        unitA.dlq,
        world.queuePolicy(unitA.dlqId),
        plain,
      );
      const ruleA = serviceCaller(world, "events.amazonaws.com", unitA.rule, `rule ${a}`);
      await expectDecision(
        "plain HTTP: denied",
        "ExplicitlyDenied",
        ruleA,
        "sqs:SendMessage",
        unitA.queue,
        world.queuePolicy(unitA.queueId),
        plain,
      );
    }
    const admin = adminCaller(world);
    for (const queueId of world.ids("AWS::SQS::Queue")) {
      await expectDecision(
        "plain HTTP: denied",
        "ExplicitlyDenied",
        admin,
        "sqs:ReceiveMessage",
        world.getAtt(queueId, "Arn"),
        world.queuePolicy(queueId),
        plain,
      );
    }
  });
});

describe("table, secrets and bus (almaty, every role of the stack)", () => {
  it("lets exactly the reviewed roles write or read notification items, only reports count quotas, only publish read the stream", async () => {
    const tableId = notificationTableId();
    const table = world.getAtt(tableId, "Arn");
    const stream = world.getAtt(tableId, "StreamArn");
    // DynamoDB names the partition key of every item-level request (the fine-grained access key).
    const notificationItem = { "dynamodb:LeadingKeys": "REC#kqp#record-1" };
    const quotaCounter = {
      "dynamodb:LeadingKeys": `${notificationTable.quotaPartitionPrefix}imc#2030-01-01T08:00`,
    };
    for (const [action, expected] of Object.entries(notificationItemRights)) {
      const allowed: string[] = [];
      for (const role of hubRoles) {
        const decision = await decide(role, action, table, undefined, notificationItem);
        count("table: notification items, each role and action against the reviewed rights");
        if (decision === "Allowed") allowed.push(constructOfRole(role));
      }
      expect(allowed.sort(), action).toEqual([...expected].sort());
    }
    for (const role of hubRoles) {
      for (const action of QUOTA_COUNTER_ACTIONS) {
        await expectDecision(
          "table: quota counters updated only by reports",
          role.principal === reports.principal ? "Allowed" : "denied",
          role,
          action,
          table,
          undefined,
          quotaCounter,
        );
      }
      await expectDecision(
        "table stream: read only by publish",
        role.principal === publish.principal ? "Allowed" : "denied",
        role,
        "dynamodb:GetRecords",
        stream,
        undefined,
      );
    }
  });

  it("lets the republisher read notifications only through the receipt-day index, and write nothing", async () => {
    const tableId = notificationTableId();
    const table = world.getAtt(tableId, "Arn");
    const index = `${table}/index/${notificationTable.indexes.byReceivedDay.indexName}`;
    const otherIndex = `${table}/index/${notificationTable.indexes.bySubject.indexName}`;
    await expectDecision(
      "republisher: query by receipt day",
      "Allowed",
      republisher,
      "dynamodb:Query",
      index,
      undefined,
    );
    await expectDecision(
      "republisher: read the items the index names",
      "Allowed",
      republisher,
      "dynamodb:BatchGetItem",
      table,
      undefined,
    );
    for (const [action, resource] of [
      ["dynamodb:Query", otherIndex],
      ["dynamodb:Query", table],
      ["dynamodb:Scan", table],
      ["dynamodb:Scan", index],
      ["dynamodb:PutItem", table],
      ["dynamodb:DeleteItem", table],
      ["dynamodb:UpdateItem", table],
    ] as const) {
      await expectDecision(
        "republisher: nothing else of the table",
        "denied",
        republisher,
        action,
        resource,
        undefined,
      );
    }
  });

  it("lets only the ingest function's role read the webhook secrets, even against an administrator", async () => {
    const admin = adminCaller(world);
    for (const secretId of world.ids("AWS::SecretsManager::Secret")) {
      const secret = world.ref(secretId);
      const policy = world.secretPolicy(secretId);
      expect(policy, `${secretId} resource policy`).toBeDefined();
      for (const role of hubRoles) {
        const isIngest = role.principal === ingest.principal;
        await expectDecision(
          "secrets: read only by ingest",
          isIngest ? "Allowed" : "denied",
          role,
          "secretsmanager:GetSecretValue",
          secret,
          policy,
        );
      }
      await expectDecision(
        "secrets: administrator cannot read",
        "ExplicitlyDenied",
        admin,
        "secretsmanager:GetSecretValue",
        secret,
        policy,
      );
      await expectDecision(
        "secrets: administrator can set keys",
        "Allowed",
        admin,
        "secretsmanager:PutSecretValue",
        secret,
        policy,
      );
    }
  });

  it("lets only the producer roles (publish function, republisher) put events on the bus, only with the hub's sources, and no one else of any account", async () => {
    const busId = world.ids("AWS::Events::EventBus")[0] ?? "";
    const bus = world.getAtt(busId, "Arn");
    const policy = world.busPolicy(busId);
    for (const role of hubRoles) {
      const isProducer = role.principal === publish.principal || role.principal === republisher.principal;
      await expectDecision(
        "bus: PutEvents only by the producers",
        isProducer ? "Allowed" : "denied",
        role,
        "events:PutEvents",
        bus,
        policy,
        {
          "events:source": hubEventSources[0] ?? "",
        },
      );
    }
    for (const source of hubEventSources) {
      await expectDecision(
        "bus: every hub source accepted",
        "Allowed",
        publish,
        "events:PutEvents",
        bus,
        policy,
        { "events:source": source },
      );
    }
    await expectDecision(
      "bus: foreign source refused",
      "ExplicitlyDenied",
      publish,
      "events:PutEvents",
      bus,
      policy,
      {
        "events:source": "aws.partner.evil",
      },
    );
    await expectDecision(
      "bus: a batch with one foreign source refused",
      "ExplicitlyDenied",
      publish,
      "events:PutEvents",
      bus,
      policy,
      {
        "events:source": [...hubEventSources, "aws.partner.evil"],
      },
    );
    const putEventsAnywhere = [
      {
        name: "put-events",
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: "*" }],
        },
      },
    ];
    const principalOf = (account: string, label: string): Caller => ({
      label,
      principal: `arn:aws:sts::${account}:assumed-role/forger/session`,
      identityPolicies: putEventsAnywhere,
      context: {
        "aws:PrincipalArn": `arn:aws:iam::${account}:role/forger`,
        "aws:PrincipalAccount": account,
      },
    });
    const forgers = [
      principalOf(world.account, "a role of this account with events:PutEvents on *"),
      principalOf("999999999999", "a role of another account with events:PutEvents on *"),
      adminCaller(world),
    ];
    for (const forger of forgers) {
      await expectDecision(
        "bus: nobody but the producer roles, whatever their identity policy",
        "ExplicitlyDenied",
        forger,
        "events:PutEvents",
        bus,
        policy,
        { "events:source": hubEventSources[0] ?? "" },
      );
    }
  });

  it("lets the deployment account, and no other, assume a unit's role by default", async () => {
    const assume = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
    };
    for (const [unit] of units) {
      const roleId = roleIdByName(world, `Order195Hub-almaty-${unit}`);
      const trust = world.trustPolicy(roleId);
      const roleArn = world.getAtt(roleId, "Arn");
      const insider: Caller = {
        label: "operator in the account",
        principal: `arn:aws:iam::${world.account}:user/operator`,
        identityPolicies: [{ name: "assume", policy: assume }],
        context: {},
      };
      const outsider: Caller = {
        label: "operator in another account",
        principal: "arn:aws:iam::999999999999:user/operator",
        identityPolicies: [{ name: "assume", policy: assume }],
        context: {},
      };
      await expectDecision(
        "unit role trust: own account",
        "Allowed",
        insider,
        "sts:AssumeRole",
        roleArn,
        trust,
      );
      await expectDecision(
        "unit role trust: other account refused",
        "denied",
        outsider,
        "sts:AssumeRole",
        roleArn,
        trust,
      );
    }
  });
});

describe("POST /v1/reports (almaty and transport)", () => {
  const filingUnits = unitIds.filter((unit) => kindsFiledBy(unit).length > 0);
  const apiOf = (w: CfnWorld) => w.ids("AWS::ApiGateway::RestApi")[0] ?? "";
  const reportsOf = (w: CfnWorld) => w.executeApiArn(apiOf(w), STAGE_NAME, "POST", REPORTS_PATH);
  const filerOf = (w: CfnWorld, deployment: DeploymentId, unit: UnitId) =>
    roleCaller(w, roleIdByName(w, unitRoleName(hubNameOf(deployment), unit)), `${deployment} ${unit} role`);

  it("lets each filing unit's role invoke POST /v1/reports of its own deployment, and no other path or deployment", async () => {
    const transport = cfnWorld(hub.json("transport"));
    for (const [w, deployment, other] of [
      [world, "almaty", transport],
      [transport, "transport", world],
    ] as const) {
      for (const unit of filingUnits) {
        const filer = filerOf(w, deployment, unit);
        await expectDecision(
          "reports: own deployment",
          "Allowed",
          filer,
          "execute-api:Invoke",
          reportsOf(w),
          w.restApiPolicy(apiOf(w)),
        );
        await expectDecision(
          "reports: not another deployment's",
          "ExplicitlyDenied",
          filer,
          "execute-api:Invoke",
          reportsOf(other),
          other.restApiPolicy(apiOf(other)),
        );
        // Feed methods are not IAM-authorised (their guards are the allow-list and the signature):
        // the role's own policy grants none of them, nor another method or stage of its API.
        for (const resource of [
          ...feedSourceIds.map((source) =>
            w.executeApiArn(apiOf(w), STAGE_NAME, "POST", `/v1/feeds/${source}`),
          ),
          w.executeApiArn(apiOf(w), STAGE_NAME, "GET", REPORTS_PATH),
          w.executeApiArn(apiOf(w), "test", "POST", REPORTS_PATH),
        ]) {
          await expectDecision(
            "reports: no other path, method or stage",
            "denied",
            filer,
            "execute-api:Invoke",
            resource,
            w.restApiPolicy(apiOf(w)),
          );
        }
      }
    }
  });

  it("refuses every other principal of the account, whatever its identity policy allows", async () => {
    const invokeAnything = [
      {
        name: "invoke-anything",
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
        },
      },
    ];
    const filers = new Set(filingUnits.map((unit) => filerOf(world, "almaty", unit).principal));
    const others = hubRoles.filter((role) => !filers.has(role.principal));
    expect(others.length).toBeGreaterThan(0);
    for (const role of [...others, adminCaller(world)]) {
      await expectDecision(
        "reports: no other principal of the account",
        "ExplicitlyDenied",
        { ...role, identityPolicies: [...role.identityPolicies, ...invokeAnything] },
        "execute-api:Invoke",
        reportsOf(world),
        world.restApiPolicy(apiOf(world)),
      );
    }
  });

  it("refuses a unit's role of another deployment, even with an identity policy allowing any API", async () => {
    const transport = cfnWorld(hub.json("transport"));
    for (const unit of filingUnits) {
      const stranger = filerOf(transport, "transport", unit);
      await expectDecision(
        "reports: another deployment's unit role",
        "ExplicitlyDenied",
        {
          ...stranger,
          identityPolicies: [
            {
              name: "invoke-anything",
              policy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
              },
            },
          ],
        },
        "execute-api:Invoke",
        reportsOf(world),
        world.restApiPolicy(apiOf(world)),
      );
    }
  });
});

describe("queries and the audit log: the API (almaty and transport)", () => {
  const apiOf = (w: CfnWorld) => w.ids("AWS::ApiGateway::RestApi")[0] ?? "";
  const routeOf = (w: CfnWorld, method: string, path: string) =>
    w.executeApiArn(apiOf(w), STAGE_NAME, method, path);
  const queryPaths = Object.values(QUERY_PATHS);
  const unitRolesOf = (w: CfnWorld, deployment: DeploymentId) =>
    unitIds.flatMap((unit) => {
      const name = unitRoleName(hubNameOf(deployment), unit);
      const id = w.ids("AWS::IAM::Role").find((roleId) => w.ref(roleId) === name);
      return id === undefined ? [] : [roleCaller(w, id, `${deployment} ${unit} role`)];
    });
  const withInvokeAnything = (caller: Caller): Caller => ({
    ...caller,
    label: `${caller.label} (+ execute-api:Invoke on *)`,
    identityPolicies: [
      ...caller.identityPolicies,
      {
        name: "invoke-anything",
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
        },
      },
    ],
  });

  it("lets every unit role of the deployment invoke the query routes (the function decides who may ask, and audits a refusal), and no role of another deployment", async () => {
    const transport = cfnWorld(hub.json("transport"));
    for (const [w, deployment, other] of [
      [world, "almaty", transport],
      [transport, "transport", world],
    ] as const) {
      const roles = unitRolesOf(w, deployment);
      // More than the catalogue's askers: IAM lets every unit reach the function.
      expect(roles.length).toBeGreaterThan(3);
      for (const role of roles) {
        for (const path of queryPaths) {
          await expectDecision(
            "queries: every unit role of the deployment",
            "Allowed",
            role,
            "execute-api:Invoke",
            routeOf(w, "GET", path),
            w.restApiPolicy(apiOf(w)),
          );
          await expectDecision(
            "queries: not another deployment's, whatever its identity policy",
            "ExplicitlyDenied",
            withInvokeAnything(role),
            "execute-api:Invoke",
            routeOf(other, "GET", path),
            other.restApiPolicy(apiOf(other)),
          );
          await expectDecision(
            "queries: not another method or stage",
            "denied",
            role,
            "execute-api:Invoke",
            w.executeApiArn(apiOf(w), "test", "GET", path),
            w.restApiPolicy(apiOf(w)),
          );
        }
      }
    }
  });

  it("lets only the auditor role invoke GET /v1/audit: no unit, function, operator or administrator, whatever its identity policy", async () => {
    const transport = cfnWorld(hub.json("transport"));
    const auditRoute = routeOf(world, "GET", AUDIT_PATH);
    const policy = world.restApiPolicy(apiOf(world));
    await expectDecision(
      "audit log: the auditor",
      "Allowed",
      auditor,
      "execute-api:Invoke",
      auditRoute,
      policy,
    );
    const others = hubRoles.filter((role) => role.principal !== auditor.principal);
    expect(others.length).toBeGreaterThan(unitRolesOf(world, "almaty").length);
    for (const role of [...others, adminCaller(world)]) {
      await expectDecision(
        "audit log: nobody but the auditor",
        "ExplicitlyDenied",
        withInvokeAnything(role),
        "execute-api:Invoke",
        auditRoute,
        policy,
      );
    }
    const strangerAuditor = roleCaller(
      transport,
      roleIdByName(transport, auditorRoleName(hubNameOf("transport"))),
      "transport auditor role",
    );
    await expectDecision(
      "audit log: not another deployment's auditor",
      "ExplicitlyDenied",
      withInvokeAnything(strangerAuditor),
      "execute-api:Invoke",
      auditRoute,
      policy,
    );
  });

  it("lets the auditor do nothing else: no query, report, feed, queue, table or key", async () => {
    const policy = world.restApiPolicy(apiOf(world));
    for (const [method, path] of [
      ...queryPaths.map((path) => ["GET", path] as const),
      ["POST", REPORTS_PATH] as const,
      ...feedSourceIds.map((source) => ["POST", `/v1/feeds/${source}`] as const),
      ["POST", AUDIT_PATH] as const,
    ]) {
      await expectDecision(
        "auditor: no other route",
        "denied",
        auditor,
        "execute-api:Invoke",
        routeOf(world, method, path),
        policy,
      );
    }
    for (const [, unit] of units) {
      for (const [queueId, arn] of [
        [unit.queueId, unit.queue],
        [unit.dlqId, unit.dlq],
      ] as const) {
        await expectDecision(
          "auditor: no queue",
          "denied",
          auditor,
          "sqs:ReceiveMessage",
          arn,
          world.queuePolicy(queueId),
        );
      }
    }
    const auditTableArn = world.getAtt(auditTableId(), "Arn");
    for (const [action, resource] of [
      ["dynamodb:Query", `${auditTableArn}/index/${auditTable.indexes.byPerson.indexName}`],
      ["dynamodb:GetItem", auditTableArn],
      ["dynamodb:Scan", auditTableArn],
      ["dynamodb:GetItem", world.getAtt(notificationTableId(), "Arn")],
    ] as const) {
      await expectDecision("auditor: no table", "denied", auditor, action, resource, undefined);
    }
    for (const keyId of world.ids("AWS::KMS::Key")) {
      const keyPolicy = world.resolve(world.resource(keyId).Properties?.KeyPolicy) as PolicyDocument;
      for (const service of ["dynamodb", "sqs"]) {
        await expectDecision(
          "auditor: no key",
          "denied",
          auditor,
          "kms:Decrypt",
          world.getAtt(keyId, "Arn"),
          keyPolicy,
          { "kms:ViaService": `${service}.${world.region}.amazonaws.com` },
        );
      }
    }
  });

  it("lets the deployment account, and no other, assume the auditor role by default", async () => {
    const roleId = roleIdByName(world, auditorRoleName(hubNameOf("almaty")));
    const assume = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }],
    };
    for (const [account, expected] of [
      [world.account, "Allowed"],
      ["999999999999", "denied"],
    ] as const) {
      await expectDecision(
        "auditor role trust: the deployment account only",
        expected,
        {
          label: `operator of ${account}`,
          principal: `arn:aws:iam::${account}:user/operator`,
          identityPolicies: [{ name: "assume", policy: assume }],
          context: {},
        },
        "sts:AssumeRole",
        world.getAtt(roleId, "Arn"),
        world.trustPolicy(roleId),
      );
    }
  });
});

describe("queries and the audit log: the tables (almaty, every role of the stack)", () => {
  const auditRecord = { "dynamodb:LeadingKeys": `${auditTable.partitionPrefix}01JWT00000000000000000000` };

  it("lets the queries role look up the query indexes and read notifications, never scan or write them", async () => {
    const table = world.getAtt(notificationTableId(), "Arn");
    const index = (name: string) => `${table}/index/${name}`;
    for (const name of QUERIED_NOTIFICATION_INDEXES) {
      await expectDecision(
        "queries: query the lookup indexes",
        "Allowed",
        queries,
        NOTIFICATION_READER_ACTIONS.indexes[0],
        index(name),
        undefined,
      );
      await expectDecision("queries: never scan", "denied", queries, "dynamodb:Scan", index(name), undefined);
    }
    const otherIndexes = Object.values(notificationTable.indexes)
      .map((definition) => definition.indexName)
      .filter((name) => !new Set<string>(QUERIED_NOTIFICATION_INDEXES).has(name));
    for (const name of otherIndexes) {
      await expectDecision(
        "queries: no other index",
        "denied",
        queries,
        "dynamodb:Query",
        index(name),
        undefined,
      );
    }
    for (const action of [
      "dynamodb:Scan",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
    ]) {
      await expectDecision(
        "queries: no scan and no write of notifications",
        "denied",
        queries,
        action,
        table,
        undefined,
        { "dynamodb:LeadingKeys": "REC#kqp#record-1" },
      );
    }
    await expectDecision(
      "queries: no table stream",
      "denied",
      queries,
      "dynamodb:GetRecords",
      world.getAtt(notificationTableId(), "StreamArn"),
      undefined,
    );
  });

  it("lets the queries role add audit records only: no update, delete or read of any", async () => {
    const table = world.getAtt(auditTableId(), "Arn");
    for (const action of AUDIT_WRITER_ACTIONS) {
      await expectDecision(
        "queries: add audit records",
        "Allowed",
        queries,
        action,
        table,
        undefined,
        auditRecord,
      );
      await expectDecision(
        "queries: only into audit partitions",
        "denied",
        queries,
        action,
        table,
        undefined,
        { "dynamodb:LeadingKeys": "REC#kqp#record-1" },
      );
    }
    for (const action of [
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
    ]) {
      await expectDecision(
        "queries: no update, delete or read of audit records",
        "denied",
        queries,
        action,
        table,
        undefined,
        auditRecord,
      );
    }
    for (const index of Object.values(auditTable.indexes)) {
      await expectDecision(
        "queries: no audit index",
        "denied",
        queries,
        "dynamodb:Query",
        `${table}/index/${index.indexName}`,
        undefined,
      );
    }
  });

  it("lets the audit role read audit records through its indexes, and write nothing", async () => {
    const table = world.getAtt(auditTableId(), "Arn");
    for (const index of Object.values(auditTable.indexes)) {
      await expectDecision(
        "audit: query the audit indexes",
        "Allowed",
        audit,
        AUDIT_READER_ACTIONS.indexes[0],
        `${table}/index/${index.indexName}`,
        undefined,
      );
      await expectDecision(
        "audit: never scan",
        "denied",
        audit,
        "dynamodb:Scan",
        `${table}/index/${index.indexName}`,
        undefined,
      );
    }
    await expectDecision(
      "audit: read a record",
      "Allowed",
      audit,
      AUDIT_READER_ACTIONS.items[0],
      table,
      undefined,
      auditRecord,
    );
    for (const action of [
      "dynamodb:PutItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Scan",
    ]) {
      await expectDecision(
        "audit: no write, no scan",
        "denied",
        audit,
        action,
        table,
        undefined,
        auditRecord,
      );
    }
    const notifications = world.getAtt(notificationTableId(), "Arn");
    for (const [action, resource] of [
      ["dynamodb:GetItem", notifications],
      ["dynamodb:Query", `${notifications}/index/${notificationTable.indexes.bySubject.indexName}`],
    ] as const) {
      await expectDecision("audit: no notification", "denied", audit, action, resource, undefined);
    }
  });

  it("keeps the audit table from every other role of the stack", async () => {
    const table = world.getAtt(auditTableId(), "Arn");
    for (const role of hubRoles) {
      if (role.principal === queries.principal || role.principal === audit.principal) continue;
      for (const action of ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"]) {
        await expectDecision(
          "audit table: nobody else",
          "denied",
          role,
          action,
          table,
          undefined,
          auditRecord,
        );
      }
      await expectDecision(
        "audit table: nobody else",
        "denied",
        role,
        "dynamodb:Query",
        `${table}/index/${auditTable.indexes.byPerson.indexName}`,
        undefined,
      );
    }
  });
});

describe("transport (smoke)", () => {
  it("keeps each unit to its own queue and refuses plain HTTP", async () => {
    const transport = cfnWorld(hub.json("transport"));
    const transportUnits = [...unitsOf(transport, "transport")];
    // Two queues per unit; the others (stream failures, bus and alarm dead letters, …) as almaty has them.
    const queueCount = (deployment: DeploymentId) =>
      resourcesOfType(hub.json(deployment), "AWS::SQS::Queue").length;
    expect(queueCount("transport") - transportUnits.length * 2).toBe(queueCount("almaty") - units.size * 2);
    for (const [index, [, own]] of transportUnits.entries()) {
      const [, other] = transportUnits[(index + 1) % transportUnits.length] ?? [];
      if (other === undefined) continue;
      await expectDecision(
        "transport smoke",
        "Allowed",
        own.role,
        "sqs:ReceiveMessage",
        own.queue,
        transport.queuePolicy(own.queueId),
      );
      await expectDecision(
        "transport smoke",
        "denied",
        own.role,
        "sqs:ReceiveMessage",
        other.queue,
        transport.queuePolicy(other.queueId),
      );
      await expectDecision(
        "transport smoke",
        "ExplicitlyDenied",
        own.role,
        "sqs:ReceiveMessage",
        own.queue,
        transport.queuePolicy(own.queueId),
        {
          "aws:SecureTransport": "false",
        },
      );
    }
  });
});
