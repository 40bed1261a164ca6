/**
 * The evidence log as the stack declares it: the signing key, the append-only checkpoint table, the
 * checkpoint function with its schedule (one per deployment, at the configured interval) and the
 * alarm that fires when checkpoints stop.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { EVIDENCE_DENIED_ACTIONS } from "../../infra/constructs/evidence-log.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { evidenceTable } from "../../shared/wiring/evidence-table.ts";
import {
  resourcesOfType,
  SYNTH_TIMEOUT,
  type SynthesizedHub,
  synthesizeHub,
  TUNED_PAIR,
} from "./support/synth.ts";

let hub: SynthesizedHub;

beforeAll(async () => {
  // almaty with the defaults; transport with a checkpoint every 10 minutes, closed 5 minutes late.
  hub = await synthesizeHub(TUNED_PAIR);
}, SYNTH_TIMEOUT);

/** The checkpoint function's environment variables. */
function checkpointEnvironment(deployment: "almaty" | "transport"): unknown {
  const [, fn] =
    resourcesOfType(hub.json(deployment), "AWS::Lambda::Function").find(([id]) =>
      id.startsWith("EvidenceCheckpointFunction"),
    ) ?? [];
  if (fn === undefined) throw new Error(`${deployment} has no checkpoint function`);
  return fn.Properties?.Environment;
}

describe("the evidence log's signing key", () => {
  it("is an asymmetric ECC_NIST_P256 signing key, kept when the stack goes, that only the checkpoint function may use to sign", () => {
    const template = hub.template("almaty");
    template.hasResource("AWS::KMS::Key", {
      Properties: {
        KeySpec: "ECC_NIST_P256",
        KeyUsage: "SIGN_VERIFY",
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: "OnlyTheCheckpointFunctionSigns",
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: "kms:Sign",
              Condition: { ArnNotEquals: { "aws:PrincipalArn": Match.anyValue() } },
            }),
          ]),
        },
      },
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    template.hasResourceProperties("AWS::KMS::Alias", { AliasName: "alias/Order195Hub-almaty/evidence" });
  });

  it("is published: its ARN and the evidence table are stack outputs", () => {
    const outputs = hub.json("almaty").Outputs ?? {};
    expect(outputs.EvidenceKeyArn?.Value).toEqual({
      "Fn::GetAtt": [expect.stringMatching(/^EvidenceSigningKey/), "Arn"],
    });
    expect(outputs.EvidenceTableName?.Value).toEqual({ Ref: expect.stringMatching(/^EvidenceTable/) });
  });
});

describe("the checkpoint table", () => {
  it("is the key design's table: no TTL, point-in-time recovery, deletion protection, and a policy that denies every change but the checkpoint function's puts", () => {
    const template = hub.template("almaty");
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      Properties: {
        KeySchema: [
          { AttributeName: evidenceTable.partitionKey, KeyType: "HASH" },
          { AttributeName: evidenceTable.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: evidenceTable.indexes.byPeriodEnd.indexName }),
        ],
        TimeToLiveSpecification: Match.absent(),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: Match.objectLike({ PointInTimeRecoveryEnabled: true }),
            ResourcePolicy: {
              PolicyDocument: Match.objectLike({
                Statement: [
                  Match.objectLike({
                    Sid: "AppendOnly",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: [...EVIDENCE_DENIED_ACTIONS].sort(),
                  }),
                  Match.objectLike({
                    Sid: "OnlyTheCheckpointFunctionWrites",
                    Effect: "Deny",
                    Action: "dynamodb:PutItem",
                    Condition: { ArnNotEquals: { "aws:PrincipalArn": Match.anyValue() } },
                  }),
                ],
              }),
            },
          }),
        ],
      },
      DeletionPolicy: "Retain",
    });
  });
});

describe("the checkpoint function and its schedule", () => {
  it("runs once per deployment at the configured interval, with the settle margin it is configured with", () => {
    for (const [deployment, minutes, settle] of [
      ["almaty", 5, 120],
      ["transport", 10, 300],
    ] as const) {
      const schedules = resourcesOfType(hub.json(deployment), "AWS::Scheduler::Schedule").filter(([id]) =>
        id.startsWith("EvidenceSchedule"),
      );
      expect(schedules, deployment).toHaveLength(1);
      expect(schedules[0]?.[1].Properties).toMatchObject({
        ScheduleExpression: `rate(${minutes} minutes)`,
        State: "ENABLED",
        Target: {
          Arn: { "Fn::GetAtt": [expect.stringMatching(/^EvidenceCheckpointFunction/), "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
      expect(checkpointEnvironment(deployment)).toMatchObject({
        Variables: {
          [envNames.deployment]: deployment,
          [envNames.checkpointIntervalSeconds]: String(minutes * 60),
          [envNames.checkpointSettleSeconds]: String(settle),
          [envNames.extraSubscriptions]: "{}",
          [envNames.evidenceKeyId]: { "Fn::GetAtt": [expect.stringMatching(/^EvidenceSigningKey/), "Arn"] },
        },
      });
    }
  });

  it("alarms when checkpoints stop: the chain's end two periods behind, or no run reporting at all", () => {
    hub.template("transport").hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "Order195Hub-transport-checkpoint-lag",
      MetricName: "checkpointLagSeconds",
      Dimensions: [{ Name: "service", Value: "checkpoint" }],
      Threshold: 1200,
      Period: 1200,
      TreatMissingData: "breaching",
      AlarmActions: [Match.anyValue()],
    });
  });
});
