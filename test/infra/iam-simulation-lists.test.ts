/**
 * IAM simulation of the monthly lists and the statistics (almaty, with transport as the other
 * deployment): only imc's role reads a list, only the monthly-list function writes one, whatever an
 * administrator's identity policy allows; only the units the catalogue names read the statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGE_NAME } from "../../infra/constructs/ingest-api.ts";
import { mayReadStatistics, type UnitId, unitIds } from "../../shared/domain/catalogue/index.ts";
import { admin519ListKeys } from "../../shared/wiring/monthly-lists.ts";
import { STATS_PATH } from "../../shared/wiring/stats-route.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { type CfnWorld, cfnWorld, type PolicyDocument } from "./support/cfn-world.ts";
import {
  adminCaller,
  type Caller,
  type Decision,
  decide,
  roleCaller,
  roleIdByName,
} from "./support/iam-simulation.ts";
import { PAIR, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

let hub: SynthesizedHub;
let almaty: CfnWorld;
let transport: CfnWorld;
let checks = 0;

async function expectDecision(
  expected: Decision | "denied",
  caller: Caller,
  action: string,
  resource: string,
  policy: PolicyDocument | undefined,
  context: Record<string, string | string[]> = {},
): Promise<void> {
  const decision = await decide(caller, action, resource, policy, context);
  const label = `${caller.label} ${action} on ${resource} ${JSON.stringify(context)}`;
  if (expected === "denied") expect(decision, label).not.toBe("Allowed");
  else expect(decision, label).toBe(expected);
  checks += 1;
}

/** The unit roles a deployment has (units that receive or file), by unit. */
function unitRoles(world: CfnWorld, deployment: "almaty" | "transport"): Map<UnitId, Caller> {
  const roles = new Map<UnitId, Caller>();
  for (const unit of unitIds) {
    const id = world
      .ids("AWS::IAM::Role")
      .find((roleId) => world.ref(roleId) === unitRoleName(hubNameOf(deployment), unit));
    if (id !== undefined) roles.set(unit, roleCaller(world, id, `${deployment} ${unit} role`));
  }
  return roles;
}

function bucketOf(world: CfnWorld) {
  const bucketId = world.ids("AWS::S3::Bucket").find((id) => id.startsWith("MonthlyListsBucket")) ?? "";
  const policyId = world
    .ids("AWS::S3::BucketPolicy")
    .find((id) => JSON.stringify(world.resource(id).Properties?.Bucket).includes(bucketId));
  const policy = world.resolve(world.resource(policyId ?? "").Properties?.PolicyDocument) as PolicyDocument;
  const arn = world.getAtt(bucketId, "Arn");
  return { policy, object: (key: string) => `${arn}/${key}` };
}

function jobRole(world: CfnWorld): Caller {
  const id = world.ids("AWS::IAM::Role").find((roleId) => roleId.startsWith("MonthlyListsJobRole")) ?? "";
  return roleCaller(world, id, "monthly-list function role");
}

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  almaty = cfnWorld(hub.json("almaty"));
  transport = cfnWorld(hub.json("transport"));
}, SYNTH_TIMEOUT);

afterAll(() => {
  console.log(`IAM simulation of the lists and statistics: ${checks} checks`);
});

describe("the monthly lists (almaty)", () => {
  const csv = admin519ListKeys("2026-10").csv;

  it("lets imc's role read a list, over TLS only, and no other unit's role", async () => {
    const bucket = bucketOf(almaty);
    for (const [unit, role] of unitRoles(almaty, "almaty")) {
      await expectDecision(
        unit === "imc" ? "Allowed" : "denied",
        role,
        "s3:GetObject",
        bucket.object(csv),
        bucket.policy,
      );
    }
    const imc = unitRoles(almaty, "almaty").get("imc");
    if (imc === undefined) throw new Error("almaty has no imc role");
    await expectDecision("ExplicitlyDenied", imc, "s3:GetObject", bucket.object(csv), bucket.policy, {
      "aws:SecureTransport": "false",
    });
    await expectDecision("denied", imc, "s3:GetObject", bucket.object("elsewhere/file.csv"), bucket.policy);
    await expectDecision("denied", imc, "s3:PutObject", bucket.object(csv), bucket.policy);
    await expectDecision("denied", imc, "s3:DeleteObject", bucket.object(csv), bucket.policy);
  });

  it("lets only the monthly-list function write a list, which cannot read one back", async () => {
    const bucket = bucketOf(almaty);
    const job = jobRole(almaty);
    for (const key of Object.values(admin519ListKeys("2026-10"))) {
      await expectDecision("Allowed", job, "s3:PutObject", bucket.object(key), bucket.policy);
    }
    await expectDecision("denied", job, "s3:PutObject", bucket.object("elsewhere/file.csv"), bucket.policy);
    await expectDecision("denied", job, "s3:GetObject", bucket.object(csv), bucket.policy);
  });

  it("denies an administrator allowed everything, and imc's role of another deployment", async () => {
    const bucket = bucketOf(almaty);
    const admin = adminCaller(almaty);
    await expectDecision("ExplicitlyDenied", admin, "s3:GetObject", bucket.object(csv), bucket.policy);
    await expectDecision("ExplicitlyDenied", admin, "s3:PutObject", bucket.object(csv), bucket.policy);
    const transportImc = unitRoles(transport, "transport").get("imc");
    if (transportImc === undefined) throw new Error("transport has no imc role");
    await expectDecision("denied", transportImc, "s3:GetObject", bucket.object(csv), bucket.policy);
    // Its own deployment's lists, it may read.
    const own = bucketOf(transport);
    await expectDecision("Allowed", transportImc, "s3:GetObject", own.object(csv), own.policy);
  });

  it("lets imc decrypt with the data key through S3 only", async () => {
    const keyId = almaty.ids("AWS::KMS::Key").find((id) => id.startsWith("DataKey")) ?? "";
    const key = almaty.getAtt(keyId, "Arn");
    const keyPolicy = almaty.resolve(almaty.resource(keyId).Properties?.KeyPolicy) as PolicyDocument;
    const imc = unitRoles(almaty, "almaty").get("imc");
    if (imc === undefined) throw new Error("almaty has no imc role");
    const via = (service: string) => ({ "kms:ViaService": `${service}.${almaty.region}.amazonaws.com` });
    await expectDecision("Allowed", imc, "kms:Decrypt", key, keyPolicy, via("s3"));
    await expectDecision("denied", imc, "kms:Decrypt", key, keyPolicy, via("dynamodb"));
    await expectDecision("denied", imc, "kms:Decrypt", key, keyPolicy);
  });
});

describe("GET /v1/stats (almaty)", () => {
  it("lets the catalogue's readers invoke it, and no other unit, the auditor or another deployment", async () => {
    const apiOf = (world: CfnWorld) => world.ids("AWS::ApiGateway::RestApi")[0] ?? "";
    const stats = almaty.executeApiArn(apiOf(almaty), STAGE_NAME, "GET", STATS_PATH);
    const policy = almaty.restApiPolicy(apiOf(almaty));
    for (const [unit, role] of unitRoles(almaty, "almaty")) {
      await expectDecision(
        mayReadStatistics(unit) ? "Allowed" : "denied",
        role,
        "execute-api:Invoke",
        stats,
        policy,
      );
    }
    const auditor = roleCaller(
      almaty,
      roleIdByName(almaty, auditorRoleName(hubNameOf("almaty"))),
      "auditor role",
    );
    await expectDecision("denied", auditor, "execute-api:Invoke", stats, policy);
    for (const [unit, role] of unitRoles(transport, "transport")) {
      if (mayReadStatistics(unit)) await expectDecision("denied", role, "execute-api:Invoke", stats, policy);
    }
  });
});

describe("the monthly list's failure queue (almaty)", () => {
  it("takes failed runs from the function's role and the schedule's role, and from no one else", async () => {
    const queueId = almaty.ids("AWS::SQS::Queue").find((id) => id.startsWith("MonthlyListsFailures")) ?? "";
    const queue = almaty.getAtt(queueId, "Arn");
    const policy = almaty.queuePolicy(queueId);
    const scheduleId =
      almaty.ids("AWS::IAM::Role").find((id) => id.startsWith("MonthlyListsScheduleRole")) ?? "";
    await expectDecision("Allowed", jobRole(almaty), "sqs:SendMessage", queue, policy);
    await expectDecision(
      "Allowed",
      roleCaller(almaty, scheduleId, "schedule role"),
      "sqs:SendMessage",
      queue,
      policy,
    );
    await expectDecision("ExplicitlyDenied", adminCaller(almaty), "sqs:SendMessage", queue, policy);
  });
});
