/**
 * Receipts as the stack declares them: the receipts function behind `POST /v1/receipts` (IAM), the
 * overdue checker with its schedule (one per deployment, every minute) and the deadlines of the
 * deployment's configuration, an alarm per receiving unit and one when checks stop.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { kindsByUnit } from "../../shared/domain/catalogue/index.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import {
  type CfnResource,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type SynthesizedHub,
  synthesizeHub,
  TUNED_PAIR,
} from "./support/synth.ts";

let hub: SynthesizedHub;

beforeAll(async () => {
  // almaty with the defaults; transport with its own deadlines and alarm threshold.
  hub = await synthesizeHub(TUNED_PAIR);
}, SYNTH_TIMEOUT);

function functionOf(deployment: "almaty" | "transport", prefix: string): CfnResource {
  const [, fn] =
    resourcesOfType(hub.json(deployment), "AWS::Lambda::Function").find(([id]) => id.startsWith(prefix)) ??
    [];
  if (fn === undefined) throw new Error(`${deployment} has no ${prefix}`);
  return fn;
}

/** The receipt checker's environment variables. */
function checkerEnvironment(deployment: "almaty" | "transport"): Record<string, unknown> {
  const environment = functionOf(deployment, "ReceiptsCheckerFunction").Properties?.Environment as
    | { Variables?: Record<string, unknown> }
    | undefined;
  if (environment?.Variables === undefined) throw new Error(`${deployment}: the checker has no environment`);
  return environment.Variables;
}

describe("the receipt checker", () => {
  it("runs once a minute in each deployment, with the deployment's deadlines in seconds", () => {
    for (const [deployment, deadlines] of [
      ["almaty", { urgent: { first: 600, second: 3600 }, routine: { first: 43_200, second: 86_400 } }],
      ["transport", { urgent: { first: 300, second: 1800 }, routine: { first: 14_400, second: 28_800 } }],
    ] as const) {
      const schedules = resourcesOfType(hub.json(deployment), "AWS::Scheduler::Schedule").filter(([id]) =>
        id.startsWith("ReceiptsSchedule"),
      );
      expect(schedules, deployment).toHaveLength(1);
      expect(schedules[0]?.[1].Properties).toMatchObject({
        ScheduleExpression: "rate(1 minute)",
        State: "ENABLED",
        Target: {
          Arn: { "Fn::GetAtt": [expect.stringMatching(/^ReceiptsCheckerFunction/), "Arn"] },
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      });
      const variables = checkerEnvironment(deployment);
      expect(variables[envNames.deployment]).toBe(deployment);
      expect(variables[envNames.extraSubscriptions]).toBe("{}");
      expect(JSON.parse(String(variables[envNames.receiptDeadlines]))).toEqual(deadlines);
    }
  });

  it("alarms per receiving unit on receipts gone overdue, and when checks stop", () => {
    const template = hub.template("transport");
    for (const unit of kindsByUnit().keys()) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        AlarmName: `Order195Hub-transport-receipts-overdue-${unit}`,
        MetricName: metricNames.receiptsOverdue,
        Dimensions: [
          { Name: "service", Value: "receipt-checker" },
          { Name: "unit", Value: unit },
        ],
        Threshold: 0,
        Period: 3600,
        AlarmActions: [Match.anyValue()],
      });
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "Order195Hub-transport-receipt-check-lag",
      MetricName: metricNames.receiptCheckLagSeconds,
      TreatMissingData: "breaching",
    });
    hub.template("almaty").hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "Order195Hub-almaty-receipts-overdue-imc",
      Threshold: 9,
    });
  });
});

describe("POST /v1/receipts", () => {
  it("is an IAM-authorised proxy to the receipts function", () => {
    const template = hub.json("almaty");
    const [resourceId] =
      resourcesOfType(template, "AWS::ApiGateway::Resource").find(
        ([, resource]) => resource.Properties?.PathPart === RECEIPTS_PATH.split("/").at(-1),
      ) ?? [];
    const methods = resourcesOfType(template, "AWS::ApiGateway::Method").filter(
      ([, method]) => JSON.stringify(method.Properties?.ResourceId) === JSON.stringify({ Ref: resourceId }),
    );

    expect(
      methods.map(([, method]) => [method.Properties?.HttpMethod, method.Properties?.AuthorizationType]),
    ).toEqual([["POST", "AWS_IAM"]]);
    const integration = JSON.stringify(methods[0]?.[1].Properties?.Integration);
    expect(integration).toContain('"Type":"AWS_PROXY"');
    expect(integration).toMatch(/"ReceiptsFunction[0-9A-F]{8}","Arn"/);
  });
});
