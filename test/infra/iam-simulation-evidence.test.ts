/**
 * IAM simulation (@cloud-copilot/iam-simulate) of the evidence log's policies: no role of the stack,
 * and no administrator allowed everything by IAM, can change or delete a checkpoint or sign one; the
 * checkpoint function appends and signs, and reads notifications and receipts only, found by day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EVIDENCE_DENIED_ACTIONS,
  EVIDENCE_SIGNER_ACTIONS,
  EVIDENCE_WRITER_ACTIONS,
} from "../../infra/constructs/evidence-log.ts";
import { evidenceTable } from "../../shared/wiring/evidence-table.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { publicationMarks } from "../../shared/wiring/publications.ts";
import { receiptCheckerCursor, receiptLedger } from "../../shared/wiring/receipts.ts";
import { type CfnWorld, cfnWorld, type PolicyDocument } from "./support/cfn-world.ts";
import {
  adminCaller,
  type Caller,
  type Decision,
  namedRoleCaller,
  decide as simulate,
} from "./support/iam-simulation.ts";
import { PAIR, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

let hub: SynthesizedHub;
let world: CfnWorld;
let callers: Caller[];
let checkpoint: Caller;
let scheduler: Caller;
let checks = 0;

async function decide(
  caller: Caller,
  action: string,
  resource: string,
  resourcePolicy: PolicyDocument | undefined,
): Promise<Decision> {
  const decision = await simulate(caller, action, resource, resourcePolicy);
  checks += 1;
  return decision;
}

/** `denied` accepts either denial; an explicit one is asked for where a resource policy is the point. */
async function expectDecision(
  expected: Decision | "denied",
  caller: Caller,
  action: string,
  resource: string,
  resourcePolicy?: PolicyDocument,
): Promise<void> {
  const decision = await decide(caller, action, resource, resourcePolicy);
  const label = `${caller.label} ${action} on ${resource}`;
  if (expected === "denied") expect(decision, label).not.toBe("Allowed");
  else expect(decision, label).toBe(expected);
}

function idOf(type: string, prefix: string): string {
  const found = world.ids(type).find((id) => id.startsWith(prefix));
  if (found === undefined) throw new Error(`no ${type} ${prefix}…`);
  return found;
}

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  world = cfnWorld(hub.json("almaty"));
  callers = [...world.ids("AWS::IAM::Role").map((id) => namedRoleCaller(world, id)), adminCaller(world)];
  checkpoint = namedRoleCaller(world, idOf("AWS::IAM::Role", "EvidenceCheckpointRole"));
  scheduler = namedRoleCaller(world, idOf("AWS::IAM::Role", "EvidenceScheduleRole"));
}, SYNTH_TIMEOUT);

afterAll(() => {
  console.log(`IAM simulation of the evidence log: ${checks} checks`);
});

describe("the checkpoint table (almaty, every role of the stack and an administrator)", () => {
  const table = () => world.getAtt(idOf("AWS::DynamoDB::GlobalTable", "EvidenceTable"), "Arn");
  const policy = (): PolicyDocument => {
    const replicas = world.resolve(
      world.resource(idOf("AWS::DynamoDB::GlobalTable", "EvidenceTable")).Properties?.Replicas,
    ) as { ResourcePolicy: { PolicyDocument: PolicyDocument } }[];
    const document = replicas[0]?.ResourcePolicy.PolicyDocument;
    if (document === undefined) throw new Error("the evidence table has no resource policy");
    return document;
  };

  it("lets no one update or delete a checkpoint, or the table", async () => {
    for (const caller of callers) {
      for (const action of EVIDENCE_DENIED_ACTIONS) {
        await expectDecision("ExplicitlyDenied", caller, action, table(), policy());
      }
    }
  });

  it("lets the checkpoint function alone put items; an administrator is denied by the table itself", async () => {
    for (const caller of callers) {
      const expected = caller.principal === checkpoint.principal ? "Allowed" : "ExplicitlyDenied";
      await expectDecision(expected, caller, "dynamodb:PutItem", table(), policy());
    }
  });

  it("lets the checkpoint function read the chain, by key and by period end", async () => {
    for (const action of EVIDENCE_WRITER_ACTIONS.items) {
      await expectDecision("Allowed", checkpoint, action, table(), policy());
    }
    const index = `${table()}/index/${evidenceTable.indexes.byPeriodEnd.indexName}`;
    await expectDecision("Allowed", checkpoint, "dynamodb:Query", index, policy());
    await expectDecision("denied", checkpoint, "dynamodb:Scan", table(), policy());
  });
});

describe("the signing key", () => {
  const key = () => world.getAtt(idOf("AWS::KMS::Key", "EvidenceSigningKey"), "Arn");
  const keyPolicy = () =>
    world.resolve(
      world.resource(idOf("AWS::KMS::Key", "EvidenceSigningKey")).Properties?.KeyPolicy,
    ) as PolicyDocument;

  it("signs for the checkpoint function alone, whatever IAM allows anyone else", async () => {
    for (const caller of callers) {
      const signer = caller.principal === checkpoint.principal;
      await expectDecision(signer ? "Allowed" : "denied", caller, "kms:Sign", key(), keyPolicy());
    }
    await expectDecision("ExplicitlyDenied", adminCaller(world), "kms:Sign", key(), keyPolicy());
    for (const action of EVIDENCE_SIGNER_ACTIONS) {
      await expectDecision("Allowed", checkpoint, action, key(), keyPolicy());
    }
  });
});

describe("the checkpoint function's other rights", () => {
  it("reads notifications by receipt day only, and writes none", async () => {
    const table = world.getAtt(world.ids("AWS::DynamoDB::GlobalTable")[0] ?? "", "Arn");
    const { byReceivedDay, bySubject } = notificationTable.indexes;
    await expectDecision(
      "Allowed",
      checkpoint,
      "dynamodb:Query",
      `${table}/index/${byReceivedDay.indexName}`,
    );
    await expectDecision("Allowed", checkpoint, "dynamodb:BatchGetItem", table);
    await expectDecision("denied", checkpoint, "dynamodb:Query", `${table}/index/${bySubject.indexName}`);
    for (const action of [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Scan",
    ]) {
      await expectDecision("denied", checkpoint, action, table);
    }
  });

  it("reads leaves from notification records and the receipt ledger only, and writes neither", async () => {
    const table = world.getAtt(world.ids("AWS::DynamoDB::GlobalTable")[0] ?? "", "Arn");
    const partition = (key: string) => ({
      ...checkpoint,
      context: { ...checkpoint.context, "dynamodb:LeadingKeys": key },
    });
    const receipt = partition(`${receiptLedger.partitionKeyPrefix}01JWT00000000000000000000`);
    await expectDecision("Allowed", partition("REC#kqp#record-1"), "dynamodb:BatchGetItem", table);
    await expectDecision("Allowed", receipt, "dynamodb:BatchGetItem", table);
    for (const other of [
      `${notificationTable.quotaPartitionPrefix}imc#2026-11-29T10:00`,
      `${publicationMarks.partitionKeyPrefix}01JWT00000000000000000000`,
      receiptCheckerCursor.partitionKey,
    ]) {
      await expectDecision("denied", partition(other), "dynamodb:BatchGetItem", table);
    }
    for (const action of [
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
    ]) {
      await expectDecision("denied", receipt, action, table);
    }
  });

  it("is invoked by its schedule's role, which may invoke nothing else", async () => {
    const checkpointFunction = world.getAtt(
      idOf("AWS::Lambda::Function", "EvidenceCheckpointFunction"),
      "Arn",
    );
    const ingestFunction = world.getAtt(idOf("AWS::Lambda::Function", "IngestFunction"), "Arn");
    await expectDecision("Allowed", scheduler, "lambda:InvokeFunction", checkpointFunction);
    await expectDecision("denied", scheduler, "lambda:InvokeFunction", ingestFunction);
  });
});
