/**
 * IAM simulation (@cloud-copilot/iam-simulate) of issue 14's trace and replay policies on almaty: who
 * may ask for a trace, what the trace function may read (and that it writes nothing), that the publish
 * function may write its publication marks and nothing else of the table, and that the operators'
 * republisher role may replay the archive through a unit's rule. Also the naming `hub replay` relies
 * on: each unit's rule is `<bus name>-<unit>`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGE_NAME } from "../../infra/constructs/ingest-api.ts";
import { PUBLICATION_WRITER_ACTIONS, TRACE_READER_ACTIONS } from "../../infra/constructs/trace.ts";
import { kindsByUnit, unitIds } from "../../shared/domain/catalogue/index.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { publicationMarks } from "../../shared/wiring/publications.ts";
import { receiptLedger } from "../../shared/wiring/receipts.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { type CfnWorld, cfnWorld, type PolicyDocument } from "./support/cfn-world.ts";
import { type Caller, type Decision, decide, namedRoleCaller } from "./support/iam-simulation.ts";
import { PAIR, resourcesOfType, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

let hub: SynthesizedHub;
let world: CfnWorld;
let checks = 0;

/** The role of the construct whose logical id starts with `prefix`. */
function roleOf(prefix: string): Caller {
  const id = world.ids("AWS::IAM::Role").find((roleId) => roleId.startsWith(prefix));
  if (id === undefined) throw new Error(`no role ${prefix}…`);
  return namedRoleCaller(world, id);
}

/** Any role of the stack, with an identity policy that allows every API call on top of its own. */
function withInvokeAnything(caller: Caller): Caller {
  return {
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
  };
}

async function expectDecision(
  expected: Decision | "denied",
  caller: Caller,
  action: string,
  resource: string,
  options: { resourcePolicy?: PolicyDocument; context?: Record<string, string | string[]> } = {},
): Promise<void> {
  const decision = await decide(caller, action, resource, options.resourcePolicy, options.context);
  const label = `${caller.label} ${action} on ${resource} ${JSON.stringify(options.context ?? {})}`;
  if (expected === "denied") expect(decision, label).not.toBe("Allowed");
  else expect(decision, label).toBe(expected);
  checks += 1;
}

const idOf = (type: string, prefix: string) => {
  const found = world.ids(type).find((id) => id.startsWith(prefix));
  if (found === undefined) throw new Error(`no ${type} ${prefix}…`);
  return found;
};
const table = () => world.getAtt(idOf("AWS::DynamoDB::GlobalTable", "Store"), "Arn");
const leadingKeys = (...keys: string[]) => ({ context: { "dynamodb:LeadingKeys": keys } });
const unitRoles = () =>
  unitIds.flatMap((unit) => {
    const name = unitRoleName(hubNameOf("almaty"), unit);
    const id = world.ids("AWS::IAM::Role").find((roleId) => world.ref(roleId) === name);
    return id === undefined ? [] : [namedRoleCaller(world, id)];
  });

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  world = cfnWorld(hub.json("almaty"));
}, SYNTH_TIMEOUT);

afterAll(() => {
  console.log(`IAM simulation of the trace and the replay: ${checks} checks`);
});

describe("the trace routes", () => {
  const api = () => world.ids("AWS::ApiGateway::RestApi")[0] ?? "";
  const routes = () => [
    world.executeApiArn(api(), STAGE_NAME, "GET", "/v1/notifications/01KB0000000000000000000001/trace"),
    world.executeApiArn(api(), STAGE_NAME, "GET", "/v1/records/kqp/EXP-2025-1/trace"),
  ];

  it("let every unit role of the deployment ask (the function answers for what the unit may follow), and no one else", async () => {
    const units = unitRoles();
    expect(units.length).toBe(unitIds.length);
    const unitPrincipals = new Set(units.map((unit) => unit.principal));
    const others = world
      .ids("AWS::IAM::Role")
      .map((id) => namedRoleCaller(world, id))
      .filter((role) => !unitPrincipals.has(role.principal));
    for (const route of routes()) {
      const resourcePolicy = world.restApiPolicy(api());
      for (const unit of units)
        await expectDecision("Allowed", unit, "execute-api:Invoke", route, { resourcePolicy });
      for (const other of others)
        await expectDecision("ExplicitlyDenied", withInvokeAnything(other), "execute-api:Invoke", route, {
          resourcePolicy,
        });
    }
  });
});

describe("the trace function", () => {
  const trace = () => roleOf("TraceRole");
  const index = (name: string) => `${table()}/index/${name}`;

  it("finds a notification by id, reads items by key and a ledger's receipts", async () => {
    for (const action of TRACE_READER_ACTIONS.index)
      await expectDecision("Allowed", trace(), action, index(notificationTable.indexes.byId.indexName));
    for (const action of TRACE_READER_ACTIONS.items)
      await expectDecision("Allowed", trace(), action, table());
    for (const action of TRACE_READER_ACTIONS.ledger)
      await expectDecision(
        "Allowed",
        trace(),
        action,
        table(),
        leadingKeys(`${receiptLedger.partitionKeyPrefix}01KB`),
      );
  });

  it("writes nothing, scans nothing, queries no other index or partition", async () => {
    for (const action of [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Scan",
    ])
      await expectDecision("denied", trace(), action, table());
    await expectDecision("denied", trace(), "dynamodb:Query", table(), leadingKeys("REC#kqp#EXP-1"));
    for (const other of [notificationTable.indexes.bySubject, notificationTable.indexes.byReceivedDay])
      await expectDecision("denied", trace(), "dynamodb:Query", index(other.indexName));
  });
});

describe("the publish function's publication marks", () => {
  const publish = () => roleOf("PublisherPublish");

  it("may write marks, and no notification or receipt", async () => {
    for (const action of PUBLICATION_WRITER_ACTIONS) {
      await expectDecision(
        "Allowed",
        publish(),
        action,
        table(),
        leadingKeys(`${publicationMarks.partitionKeyPrefix}01KB`),
      );
      await expectDecision("denied", publish(), action, table(), leadingKeys("REC#kqp#EXP-1"));
      await expectDecision(
        "denied",
        publish(),
        action,
        table(),
        leadingKeys(`${publicationMarks.partitionKeyPrefix}01KB`, `${receiptLedger.partitionKeyPrefix}01KB`),
      );
    }
    for (const action of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
      await expectDecision(
        "denied",
        publish(),
        action,
        table(),
        leadingKeys(`${publicationMarks.partitionKeyPrefix}01KB`),
      );
  });
});

describe("hub replay on AWS: the republisher role", () => {
  const republisher = () => roleOf("RepublisherRole");
  const archive = () => world.getAtt(idOf("AWS::Events::Archive", "EventBusArchive"), "Arn");
  const bus = () => world.getAtt(idOf("AWS::Events::EventBus", "EventBus"), "Arn");
  const replay = `arn:aws:events:${"eu-central-1"}:123456789012:replay/replay-imc-20261129T100000Z-beef`;
  const unitRules = () =>
    resourcesOfType(hub.json("almaty"), "AWS::Events::Rule")
      .filter(([id]) => id.startsWith("UnitsUnit"))
      .map(([id]) => world.getAtt(id, "Arn"));

  it("may start a replay of the archive to its bus, follow and cancel it, and find the units' rules", async () => {
    for (const resource of [archive(), bus(), replay])
      await expectDecision("Allowed", republisher(), "events:StartReplay", resource);
    for (const action of ["events:DescribeReplay", "events:CancelReplay"])
      await expectDecision("Allowed", republisher(), action, replay);
    await expectDecision("Allowed", republisher(), "events:DescribeArchive", archive());
    expect(unitRules()).toHaveLength(kindsByUnit().size);
    for (const rule of unitRules())
      await expectDecision("Allowed", republisher(), "events:DescribeRule", rule);
  });

  it("may replay no other archive, change no rule, and no unit role may replay", async () => {
    const otherArchive = "arn:aws:events:eu-central-1:123456789012:archive/another-archive";
    await expectDecision("denied", republisher(), "events:StartReplay", otherArchive);
    for (const action of ["events:PutRule", "events:PutTargets", "events:DisableRule"])
      for (const rule of unitRules()) await expectDecision("denied", republisher(), action, rule);
    for (const unit of unitRoles()) await expectDecision("denied", unit, "events:StartReplay", archive());
  });
});

describe("the names hub replay relies on", () => {
  it("names each unit's rule `<bus name>-<unit>` on a bus named after the hub", () => {
    const template = hub.json("almaty");
    const [[, busResource] = []] = resourcesOfType(template, "AWS::Events::EventBus");
    const busName = String(busResource?.Properties?.Name);
    expect(busName).toBe(hubNameOf("almaty"));
    const ruleNames = resourcesOfType(template, "AWS::Events::Rule")
      .filter(([id]) => id.startsWith("UnitsUnit"))
      .map(([, rule]) => String(rule.Properties?.Name));
    expect(ruleNames.sort()).toEqual(
      [...kindsByUnit().keys()].map((unit) => unitRoleName(busName, unit)).sort(),
    );
  });
});
