/**
 * The monthly lists and the statistics in the templates: one schedule per deployment, on the 1st early
 * in the morning on its own clocks; the lists bucket (data key, TLS only, no public access, expiry);
 * the stats route behind IAM.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { resolveDeploymentConfigs } from "../../infra/config/load.ts";
import { MONTHLY_LIST_HOUR } from "../../infra/constructs/monthly-lists.ts";
import { deploymentIds, deployments } from "../../shared/domain/catalogue/index.ts";
import {
  ALL_DEPLOYMENTS,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type SynthesizedHub,
  synthesizeHub,
} from "./support/synth.ts";

let hub: SynthesizedHub;

beforeAll(async () => {
  hub = await synthesizeHub(ALL_DEPLOYMENTS);
}, SYNTH_TIMEOUT);

/** The logical id of the one resource of `type` whose id starts with the construct path's ids. */
function onlyId(deployment: (typeof deploymentIds)[number], type: string, prefix: string): string {
  const found = resourcesOfType(hub.json(deployment), type).filter(([id]) => id.startsWith(prefix));
  expect(
    found.map(([id]) => id),
    `${deployment}: ${prefix} ${type}`,
  ).toHaveLength(1);
  return found[0]?.[0] ?? "";
}

describe("the monthly list's schedule", () => {
  it.each(deploymentIds)(
    "%s: one schedule, 04:00 on the 1st in the deployment's time zone, invoking its function",
    (deployment) => {
      const template = hub.json(deployment);
      const jobId = onlyId(deployment, "AWS::Lambda::Function", "MonthlyListsJob");
      const schedules = resourcesOfType(template, "AWS::Scheduler::Schedule").filter(([, schedule]) =>
        JSON.stringify(schedule.Properties?.Target).includes(jobId),
      );
      expect(schedules).toHaveLength(1);
      expect(schedules[0]?.[1].Properties).toMatchObject({
        ScheduleExpression: `cron(0 ${MONTHLY_LIST_HOUR} 1 * ? *)`,
        ScheduleExpressionTimezone: deployments[deployment].timeZone,
        State: "ENABLED",
        Target: {
          Input: "{}",
          RetryPolicy: { MaximumRetryAttempts: 3 },
          DeadLetterConfig: { Arn: expect.anything() },
        },
      });
    },
  );

  it("parks a run that failed after Lambda's retries in the failure queue, which alarms", () => {
    const template = hub.template("almaty");
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { "Fn::GetAtt": [onlyId("almaty", "AWS::SQS::Queue", "MonthlyListsFailures"), "Arn"] },
        },
      },
    });
    const alarms = resourcesOfType(hub.json("almaty"), "AWS::CloudWatch::Alarm").map(([, alarm]) =>
      JSON.stringify(alarm.Properties),
    );
    expect(alarms.some((alarm) => alarm.includes("monthly-list-failures"))).toBe(true);
  });
});

describe("the lists bucket", () => {
  it("is encrypted with the deployment's data key, TLS only, never public, unversioned, and expires its files", () => {
    const template = hub.json("almaty");
    const bucketId = onlyId("almaty", "AWS::S3::Bucket", "MonthlyListsBucket");
    const bucket = template.Resources[bucketId];
    expect(bucket?.DeletionPolicy).toBe("Retain");
    expect(bucket?.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: "aws:kms",
              KMSMasterKeyID: { "Fn::GetAtt": [expect.stringMatching(/^DataKey/), "Arn"] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: 365, Status: "Enabled" })],
      },
    });
    expect(bucket?.Properties?.VersioningConfiguration).toBeUndefined();
    const policy = JSON.stringify(
      resourcesOfType(template, "AWS::S3::BucketPolicy").find(([, resource]) =>
        JSON.stringify(resource.Properties).includes(bucketId),
      )?.[1].Properties,
    );
    expect(policy).toContain('"aws:SecureTransport":"false"');
    expect(policy).toContain("OnlyListReadersRead");
    expect(policy).toContain("OnlyTheMonthlyListFunctionWrites");
  });

  it("keeps lists no longer than the data they list: the retention by default, never longer", () => {
    const shymkent = hub.json("shymkent");
    const [, bucket] =
      resourcesOfType(shymkent, "AWS::S3::Bucket").find(([id]) => id.startsWith("MonthlyListsBucket")) ?? [];
    expect(JSON.stringify(bucket?.Properties?.LifecycleConfiguration)).toContain('"ExpirationInDays":90');
    expect(() =>
      resolveDeploymentConfigs(["almaty"], {
        deployments: { almaty: { retentionDays: 90, lists: { expiryDays: 120 } } },
      }),
    ).toThrow(/lists\.expiryDays/);
  });
});

describe("the statistics route", () => {
  it("is GET /v1/stats with IAM authorization, proxied to the stats function", () => {
    const statsId = onlyId("almaty", "AWS::Lambda::Function", "StatisticsStats");
    const methods = resourcesOfType(hub.json("almaty"), "AWS::ApiGateway::Method").filter(([, method]) =>
      JSON.stringify(method.Properties?.Integration).includes(statsId),
    );
    expect(methods.map(([, method]) => method.Properties)).toEqual([
      expect.objectContaining({
        HttpMethod: "GET",
        AuthorizationType: "AWS_IAM",
        Integration: expect.objectContaining({ Type: "AWS_PROXY" }),
      }),
    ]);
  });
});
