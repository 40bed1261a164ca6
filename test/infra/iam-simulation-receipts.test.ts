/**
 * IAM simulation (@cloud-copilot/iam-simulate) of the receipts' policies: only the receipts function
 * writes receipts, and nothing else; the checker reads by receipt day and receipts by key, keeps its
 * cursor and stores escalations, never a receipt or another notification; only the units that receive
 * notifications may call `POST /v1/receipts` of their own deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGE_NAME } from "../../infra/constructs/ingest-api.ts";
import { RECEIPT_CHECKER_ACTIONS, RECEIPT_WRITER_ACTIONS } from "../../infra/constructs/receipts.ts";
import { kindsByUnit, type UnitId, unitIds } from "../../shared/domain/catalogue/index.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { receiptCheckerCursor, receiptLedger } from "../../shared/wiring/receipts.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { type CfnWorld, cfnWorld, type PolicyDocument } from "./support/cfn-world.ts";
import { type Caller, type Decision, namedRoleCaller, decide as simulate } from "./support/iam-simulation.ts";
import { PAIR, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

let hub: SynthesizedHub;
let almaty: CfnWorld;
let transport: CfnWorld;
let roles: Caller[];
let receipts: Caller;
let checker: Caller;
let checks = 0;

function roleId(world: CfnWorld, matches: (id: string, name: string) => boolean): string {
  const found = world.ids("AWS::IAM::Role").find((id) => matches(id, world.ref(id)));
  if (found === undefined) throw new Error("no such role");
  return found;
}

async function decide(
  caller: Caller,
  action: string,
  resource: string,
  options: { resourcePolicy?: PolicyDocument; context?: Record<string, string> } = {},
): Promise<Decision> {
  const decision = await simulate(caller, action, resource, options.resourcePolicy, options.context);
  checks += 1;
  return decision;
}

const table = () => {
  const id = almaty.ids("AWS::DynamoDB::GlobalTable").find((found) => found.startsWith("StoreTable"));
  if (id === undefined) throw new Error("no notification table");
  return almaty.getAtt(id, "Arn");
};
const index = (name: string) => `${table()}/index/${name}`;
/** DynamoDB names the partition key of every item-level request (the fine-grained access key). */
const itemOf = (partitionKey: string) => ({ "dynamodb:LeadingKeys": partitionKey });
const receiptItem = itemOf(`${receiptLedger.partitionKeyPrefix}01JWT00000000000000000000`);
const escalationItem = itemOf("REC#receipts#01JWT00000000000000000000.imc.first");
const notificationItem = itemOf("REC#kqp#record-1");
const cursorItem = itemOf(receiptCheckerCursor.partitionKey);

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  almaty = cfnWorld(hub.json("almaty"));
  transport = cfnWorld(hub.json("transport"));
  roles = almaty.ids("AWS::IAM::Role").map((id) => namedRoleCaller(almaty, id));
  receipts = namedRoleCaller(
    almaty,
    roleId(almaty, (id) => id.startsWith("ReceiptsRole")),
  );
  checker = namedRoleCaller(
    almaty,
    roleId(almaty, (id) => id.startsWith("ReceiptsCheckerRole")),
  );
}, SYNTH_TIMEOUT);

afterAll(() => {
  console.log(`IAM simulation of the receipts: ${checks} checks`);
});

describe("the ledger (almaty, every role of the stack)", () => {
  it("lets only the receipts role write receipts, and no role delete one", async () => {
    for (const role of roles) {
      for (const action of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"]) {
        const decision = await decide(role, action, table(), { context: receiptItem });
        const expected =
          role.principal === receipts.principal &&
          RECEIPT_WRITER_ACTIONS.ledger.some((allowed) => allowed === action);
        expect(decision === "Allowed", `${role.label} ${action}`).toBe(expected);
      }
      expect(await decide(role, "dynamodb:DeleteItem", table(), { context: receiptItem })).not.toBe(
        "Allowed",
      );
    }
  });
});

describe("the receipts role", () => {
  it("finds notifications by id only, and writes nothing but receipts", async () => {
    expect(
      await decide(
        receipts,
        RECEIPT_WRITER_ACTIONS.index[0],
        index(notificationTable.indexes.byId.indexName),
      ),
    ).toBe("Allowed");
    for (const other of ["bySubject", "byKindRegionMonth", "byReceivedDay"] as const) {
      const name = notificationTable.indexes[other].indexName;
      expect(await decide(receipts, "dynamodb:Query", index(name)), name).not.toBe("Allowed");
    }
    for (const action of ["dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem"]) {
      expect(await decide(receipts, action, table(), { context: notificationItem }), action).not.toBe(
        "Allowed",
      );
    }
    for (const item of [notificationItem, escalationItem, cursorItem]) {
      for (const action of RECEIPT_WRITER_ACTIONS.ledger) {
        expect(
          await decide(receipts, action, table(), { context: item }),
          `${action} ${JSON.stringify(item)}`,
        ).not.toBe("Allowed");
      }
    }
  });
});

describe("the receipts role's transactions", () => {
  // IAM authorizes each write of a TransactWriteItems as its own action, and names the transaction.
  const inTransaction = (item: Record<string, string>) => ({
    ...item,
    "dynamodb:EnclosingOperation": "TransactWriteItems",
  });

  it("writes a receipt and its acknowledgement marks in one transaction, in the ledger only", async () => {
    for (const action of RECEIPT_WRITER_ACTIONS.ledger) {
      expect(await decide(receipts, action, table(), { context: inTransaction(receiptItem) }), action).toBe(
        "Allowed",
      );
    }
    for (const action of ["dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"]) {
      expect(
        await decide(receipts, action, table(), { context: inTransaction(receiptItem) }),
        action,
      ).not.toBe("Allowed");
    }
    for (const item of [notificationItem, escalationItem, cursorItem]) {
      for (const action of RECEIPT_WRITER_ACTIONS.ledger) {
        expect(
          await decide(receipts, action, table(), { context: inTransaction(item) }),
          `${action} ${JSON.stringify(item)}`,
        ).not.toBe("Allowed");
      }
    }
  });
});

describe("the checker role", () => {
  it("reads by receipt day and receipts by key, keeps its cursor and stores escalations", async () => {
    const byReceivedDay = index(notificationTable.indexes.byReceivedDay.indexName);
    expect(await decide(checker, RECEIPT_CHECKER_ACTIONS.index[0], byReceivedDay)).toBe("Allowed");
    expect(await decide(checker, RECEIPT_CHECKER_ACTIONS.ledger[0], table(), { context: receiptItem })).toBe(
      "Allowed",
    );
    for (const action of RECEIPT_CHECKER_ACTIONS.cursor)
      expect(await decide(checker, action, table(), { context: cursorItem }), action).toBe("Allowed");
    expect(
      await decide(checker, RECEIPT_CHECKER_ACTIONS.escalations[0], table(), { context: escalationItem }),
    ).toBe("Allowed");
  });

  it("never scans, reads a notification, forges a receipt or writes another system's record", async () => {
    for (const other of ["bySubject", "byKindRegionMonth", "byId"] as const) {
      const name = notificationTable.indexes[other].indexName;
      expect(await decide(checker, "dynamodb:Query", index(name)), name).not.toBe("Allowed");
    }
    expect(await decide(checker, "dynamodb:Scan", table())).not.toBe("Allowed");
    for (const action of [
      "dynamodb:BatchGetItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:BatchWriteItem",
    ])
      expect(await decide(checker, action, table(), { context: notificationItem }), action).not.toBe(
        "Allowed",
      );
    for (const action of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"])
      expect(await decide(checker, action, table(), { context: receiptItem }), action).not.toBe("Allowed");
    for (const action of ["dynamodb:UpdateItem", "dynamodb:DeleteItem"])
      expect(await decide(checker, action, table(), { context: escalationItem }), action).not.toBe("Allowed");
  });
});

describe("POST /v1/receipts", () => {
  const apiOf = (world: CfnWorld) => world.ids("AWS::ApiGateway::RestApi")[0] ?? "";
  const routeOf = (world: CfnWorld) => world.executeApiArn(apiOf(world), STAGE_NAME, "POST", RECEIPTS_PATH);
  const unitRole = (world: CfnWorld, deployment: "almaty" | "transport", unit: UnitId) =>
    namedRoleCaller(
      world,
      roleId(world, (_, name) => name === unitRoleName(hubNameOf(deployment), unit)),
    );
  const receivingUnits = () => unitIds.filter((unit) => kindsByUnit().has(unit));

  it("lets each receiving unit's role of the deployment invoke it, and not another deployment's", async () => {
    for (const unit of receivingUnits()) {
      const role = unitRole(almaty, "almaty", unit);
      expect(
        await decide(role, "execute-api:Invoke", routeOf(almaty), {
          resourcePolicy: almaty.restApiPolicy(apiOf(almaty)),
        }),
        unit,
      ).toBe("Allowed");
      expect(
        await decide(role, "execute-api:Invoke", routeOf(transport), {
          resourcePolicy: transport.restApiPolicy(apiOf(transport)),
        }),
        unit,
      ).toBe("ExplicitlyDenied");
    }
  });

  it("refuses the auditor, the functions' roles and units that receive nothing, whatever their identity policy allows", async () => {
    const invokeAnything = {
      name: "invoke-anything",
      policy: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" }],
      },
    };
    const receiving = new Set(
      receivingUnits().map((unit) => `${unitRoleName(hubNameOf("almaty"), unit)} role`),
    );
    const others = roles.filter((role) => !receiving.has(role.label));
    expect(others.map((role) => role.label)).toEqual(
      expect.arrayContaining([
        `${auditorRoleName(hubNameOf("almaty"))} role`,
        `${unitRoleName(hubNameOf("almaty"), "penal-ops")} role`,
      ]),
    );
    for (const role of others) {
      const decision = await decide(
        { ...role, identityPolicies: [...role.identityPolicies, invokeAnything] },
        "execute-api:Invoke",
        routeOf(almaty),
        { resourcePolicy: almaty.restApiPolicy(apiOf(almaty)) },
      );
      expect(decision, role.label).toBe("ExplicitlyDenied");
    }
  });
});
