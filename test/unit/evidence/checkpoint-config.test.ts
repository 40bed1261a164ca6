import { describe, expect, it } from "vitest";
import { ConfigurationError, loadCheckpointConfig } from "../../../shared/config.ts";
import { envNames } from "../../../shared/wiring/env.ts";

const env = {
  [envNames.deployment]: "almaty",
  [envNames.tableName]: "notifications",
  [envNames.evidenceTableName]: "evidence",
  [envNames.evidenceKeyId]: "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  [envNames.checkpointIntervalSeconds]: "300",
  [envNames.checkpointSettleSeconds]: "120",
  [envNames.extraSubscriptions]: JSON.stringify({ "stay.overstay": ["duty"] }),
};

describe("the checkpoint function's configuration", () => {
  it("reads its tables, key, schedule and the deployment's routing", () => {
    expect(loadCheckpointConfig(env)).toEqual({
      deployment: "almaty",
      tableName: "notifications",
      evidenceTableName: "evidence",
      evidenceKeyId: env[envNames.evidenceKeyId],
      intervalMs: 300_000,
      settleMs: 120_000,
      extraSubscriptions: { "stay.overstay": ["duty"] },
    });
    expect(
      loadCheckpointConfig({ ...env, [envNames.extraSubscriptions]: undefined }).extraSubscriptions,
    ).toEqual({});
  });

  it.each([
    ["no key", { [envNames.evidenceKeyId]: undefined }],
    ["an interval of 0", { [envNames.checkpointIntervalSeconds]: "0" }],
    [
      "routing to a unit that does not exist",
      { [envNames.extraSubscriptions]: '{"stay.overstay":["nobody"]}' },
    ],
  ])("fails the cold start with %s", (_, change) => {
    expect(() => loadCheckpointConfig({ ...env, ...change })).toThrow(ConfigurationError);
  });
});
