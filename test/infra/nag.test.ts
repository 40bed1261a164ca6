/**
 * cdk-nag (AwsSolutions and Serverless packs, validation plugins of the hub app): synthesis fails on
 * any unacknowledged finding, so synthesizing is the proof of zero findings. Here: the packs really
 * enforce (a planted violation fails synthesis), and every acknowledgement is specific, on a
 * resource-level construct, with a reason, and from the reviewed list below.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { buildFunctionBundles } from "../../infra/bundling.ts";
import { createHubApp } from "../../infra/hub-app.ts";
import { PAIR, SYNTH_TIMEOUT, type SynthesizedHub, synthesizeHub } from "./support/synth.ts";

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgementsIn(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^Annotation::/, ""),
          reason,
        })),
      ),
  );
}

/** The reviewed acknowledgements of a default deployment: rule id → how many constructs carry it. */
const reviewed: Record<string, number> = {
  "AwsSolutions-APIG2": 1,
  "AwsSolutions-APIG4": 4,
  // The feed methods, and the IAM routes (no APIG4 finding): POST /v1/reports, the three query GETs,
  // GET /v1/audit, POST /v1/receipts, the two trace GETs, GET /v1/stats.
  "AwsSolutions-COG4": 13,
  "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]": 1,
  // X-Ray of the eleven functions, and the publish function's ListStreams.
  "AwsSolutions-IAM5[Resource::*]": 12,
  // A path parameter of an IAM route is `*` in its ARN: on each of the 12 unit roles, per trace route.
  "AwsSolutions-IAM5[Resource::arn:aws:execute-api:eu-central-1:<AWS::AccountId>:<IngestApi9A114750>/prod/GET/v1/notifications/*/trace]": 12,
  "AwsSolutions-IAM5[Resource::arn:aws:execute-api:eu-central-1:<AWS::AccountId>:<IngestApi9A114750>/prod/GET/v1/records/*/*/trace]": 12,
  // Scheduled functions: the schedule's grant to invoke covers versions and aliases.
  "AwsSolutions-IAM5[Resource::<EvidenceCheckpointFunction585A6FF0.Arn>:*]": 1,
  "AwsSolutions-IAM5[Resource::<ReceiptsCheckerFunctionBF625C1D.Arn>:*]": 1,
  "AwsSolutions-IAM5[Resource::<MonthlyListsJobFunction0AC15E07.Arn>:*]": 1,
  // The monthly lists: imc reads any month's file (and the job writes it); the job's failure queue key.
  "AwsSolutions-IAM5[Resource::<MonthlyListsBucketF336EAAC.Arn>/lists/*]": 2,
  "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]": 2,
  "AwsSolutions-IAM5[Action::kms:ReEncrypt*]": 2,
  "AwsSolutions-S1": 1,
  // hub replay names its replay when it starts.
  "AwsSolutions-IAM5[Resource::arn:aws:events:eu-central-1:<AWS::AccountId>:replay/*]": 1,
  "AwsSolutions-SMG4": 3,
  "AwsSolutions-SQS3": 4,
  "Serverless-LambdaAsyncFailureDestination": 9,
  "Serverless-LambdaDLQ": 11,
  "Serverless-SQSRedrivePolicy": 15,
};

let hub: SynthesizedHub;
let wafOff: SynthesizedHub;

beforeAll(async () => {
  hub = await synthesizeHub(PAIR);
  wafOff = await synthesizeHub({
    deployments: ["shymkent"],
    overrides: {
      all: {
        waf: { enabled: false, disabledReason: "filtered upstream by the ministry's own web firewall" },
      },
    },
  });
}, SYNTH_TIMEOUT);

describe("cdk-nag", () => {
  it("fails synthesis of the hub app on a planted violation (the packs are on and enforce)", async () => {
    const plantedOutdir = mkdtempSync(join(tmpdir(), "order195-planted-"));
    onTestFinished(() => rmSync(plantedOutdir, { recursive: true, force: true }));
    const { app, stacks } = createHubApp({
      bundles: await buildFunctionBundles(),
      overrides: {},
      defaultAccount: undefined,
      appProps: { context: { deployments: "transport" }, outdir: plantedOutdir },
    });
    const stack = stacks.get("transport");
    if (stack === undefined) throw new Error("no transport stack");
    new sqs.Queue(stack, "PlantedUnencryptedQueue", { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(
      /AwsSolutions-SQS4[\s\S]*PlantedUnencryptedQueue|PlantedUnencryptedQueue[\s\S]*AwsSolutions-SQS4/,
    );
  });

  it("synthesizes a deployment with zero unacknowledged findings", () => {
    // synthesizeHub throws on any finding: getting here is the proof.
    expect(hub.stacks.has("almaty")).toBe(true);
  });

  it("acknowledges only the reviewed rules, each on a resource-level construct, with a reason", () => {
    const almaty = hub.stacks.get("almaty");
    if (almaty === undefined) throw new Error("no almaty stack");
    const acknowledgements = acknowledgementsIn(almaty).filter((ack) => !ack.id.startsWith("order195:"));
    const counts: Record<string, number> = {};
    for (const ack of acknowledgements) counts[ack.id] = (counts[ack.id] ?? 0) + 1;
    expect(counts).toEqual(reviewed);
    for (const ack of acknowledgements) {
      // Never on the app or a whole stack: on the construct the finding is about.
      expect(ack.path.split("/").length, ack.path).toBeGreaterThanOrEqual(2);
      expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(60);
      if (/IAM[45]/.test(ack.id))
        expect(ack.id, "IAM findings are acknowledged one finding at a time").toMatch(/\[.+\]$/);
    }
    const byRule = new Map<string, Acknowledgement[]>();
    for (const ack of acknowledgements) byRule.set(ack.id, [...(byRule.get(ack.id) ?? []), ack]);
    console.log(
      `cdk-nag acknowledgements (almaty), one example reason per rule:\n${[...byRule]
        .map(([id, acks]) => `  ${id} ×${acks.length}: ${acks[0]?.reason ?? ""}`)
        .join("\n")}`,
    );
  });

  it("acknowledges the missing web ACL only when the configuration turns it off, with its reason", () => {
    const apig3 = acknowledgementsIn(wafOff.app).filter((ack) => ack.id === "AwsSolutions-APIG3");
    expect(apig3).toHaveLength(1);
    expect(apig3[0]?.reason).toContain("filtered upstream by the ministry's own web firewall");
    expect(acknowledgementsIn(hub.app).some((ack) => ack.id === "AwsSolutions-APIG3")).toBe(false);
  });
});
