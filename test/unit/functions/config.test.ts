import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigurationError, loadIngestConfig, loadPublishConfig } from "../../../shared/config.ts";
import { envNames } from "../../../shared/wiring/env.ts";

const current = `whsec_${randomBytes(32).toString("base64")}`;
const next = `whsec_${randomBytes(24).toString("base64")}`;

const ingestEnv = (overrides: Record<string, string | undefined> = {}) => ({
  [envNames.deployment]: "almaty",
  [envNames.tableName]: "notifications-almaty",
  [envNames.retentionDays]: "1825",
  [envNames.webhookSecrets]: JSON.stringify({ kqp: [current, next] }),
  ...overrides,
});

describe("loadIngestConfig", () => {
  it("reads inline keys, as the local hub sets them", () => {
    // Act
    const config = loadIngestConfig(ingestEnv());

    // Assess
    expect(config).toEqual({
      deployment: "almaty",
      tableName: "notifications-almaty",
      retentionDays: 1825,
      webhookSecrets: { kind: "inline", keys: { kqp: [current, next] } },
    });
  });

  it("reads secret ARNs, as the CDK app sets them", () => {
    // Prepare
    const arn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:kqp";

    // Act
    const config = loadIngestConfig(
      ingestEnv({
        [envNames.webhookSecrets]: undefined,
        [envNames.webhookSecretArns]: JSON.stringify({ kqp: arn }),
      }),
    );

    // Assess
    expect(config.webhookSecrets).toEqual({ kind: "secrets-manager", arns: { kqp: arn } });
  });

  it.each([
    ["an unknown deployment", { [envNames.deployment]: "atlantis" }, envNames.deployment],
    ["no table", { [envNames.tableName]: undefined }, envNames.tableName],
    ["a retention of 0 days", { [envNames.retentionDays]: "0" }, envNames.retentionDays],
    ["a retention that is no whole number", { [envNames.retentionDays]: "30.5" }, envNames.retentionDays],
    ["keys that are not JSON", { [envNames.webhookSecrets]: "{kqp:" }, "not valid JSON"],
    [
      "keys of an unknown source",
      { [envNames.webhookSecrets]: JSON.stringify({ sirena: [current] }) },
      envNames.webhookSecrets,
    ],
    ["a key too short", { [envNames.webhookSecrets]: '{"kqp":["short"]}' }, envNames.webhookSecrets],
    [
      "an inline key of 4 bytes",
      { [envNames.webhookSecrets]: '{"kqp":["whsec_MjAyNQ=="]}' },
      "not a whsec_ key of at least 24 bytes",
    ],
    [
      "an inline key without the whsec_ prefix",
      { [envNames.webhookSecrets]: JSON.stringify({ kqp: [current.slice("whsec_".length)] }) },
      `${envNames.webhookSecrets}.kqp.0`,
    ],
    [
      "an ARN that is none",
      { [envNames.webhookSecrets]: undefined, [envNames.webhookSecretArns]: '{"kqp":"x"}' },
      `${envNames.webhookSecretArns}.kqp`,
    ],
    ["neither keys nor ARNs", { [envNames.webhookSecrets]: undefined }, "set exactly one of"],
    ["both keys and ARNs", { [envNames.webhookSecretArns]: '{"kqp":"arn:aws:x"}' }, "set exactly one of"],
  ])("refuses %s at cold start, naming the variable", (_, overrides, named) => {
    // Act and Assess
    expect(() => loadIngestConfig(ingestEnv(overrides))).toThrow(ConfigurationError);
    expect(() => loadIngestConfig(ingestEnv(overrides))).toThrow(named);
  });
});

describe("loadPublishConfig", () => {
  const failureQueueUrl =
    "https://sqs.eu-central-1.amazonaws.com/123456789012/Order195Hub-almaty-stream-failures";

  const tableName = "order195-hub-almaty-notifications";

  it("reads the event bus name, the failure queue (where poison records are parked) and the table (publication marks)", () => {
    // Act and Assess
    expect(
      loadPublishConfig({
        [envNames.eventBusName]: "order195-hub-almaty",
        [envNames.failureQueueUrl]: failureQueueUrl,
        [envNames.tableName]: tableName,
      }),
    ).toEqual({ eventBusName: "order195-hub-almaty", failureQueueUrl, tableName });
  });

  it.each([
    [
      "no event bus",
      { [envNames.failureQueueUrl]: failureQueueUrl, [envNames.tableName]: tableName },
      envNames.eventBusName,
    ],
    [
      "no failure queue",
      { [envNames.eventBusName]: "order195-hub-almaty", [envNames.tableName]: tableName },
      envNames.failureQueueUrl,
    ],
    [
      "no table",
      { [envNames.eventBusName]: "order195-hub-almaty", [envNames.failureQueueUrl]: failureQueueUrl },
      envNames.tableName,
    ],
  ])("refuses an environment with %s", (_, env, named) => {
    // Act and Assess
    expect(() => loadPublishConfig(env)).toThrow(named);
  });
});
