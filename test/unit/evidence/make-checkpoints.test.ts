import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { describe, expect, it, vi } from "vitest";
import { createCheckpointHandler } from "../../../functions/checkpoint/app.ts";
import {
  type CheckpointDependencies,
  makeCheckpoints,
} from "../../../functions/checkpoint/make-checkpoints.ts";
import { localLambdaContext } from "../../../local/lambda-context.ts";
import type { AppendOutcome, CheckpointStore } from "../../../shared/adapters/dynamodb/evidence-store.ts";
import type { CheckpointRecord, SignedCheckpoint } from "../../../shared/evidence/checkpoint.ts";
import type { EvidenceLeaf } from "../../../shared/evidence/leaves.ts";
import { generateSigningKey, privateKeySigner } from "../../../shared/evidence/signing.ts";
import { metricNames } from "../../../shared/wiring/metrics.ts";
import { leavesOfOne } from "./sample-leaves.ts";

const MINUTE = 60_000;
const signer = privateKeySigner(generateSigningKey());

/** A chain in memory: appends one checkpoint per sequence, as the conditional put does. */
function memoryStore(): CheckpointStore & { readonly records: CheckpointRecord[] } {
  const records: CheckpointRecord[] = [];
  return {
    records,
    latest: async (): Promise<SignedCheckpoint | undefined> => records.at(-1)?.signed,
    append: async (record): Promise<AppendOutcome> => {
      if (records.some((r) => r.signed.checkpoint.sequence === record.signed.checkpoint.sequence))
        return "taken";
      records.push(record);
      return "appended";
    },
  };
}

function dependencies(leaves: readonly EvidenceLeaf[], overrides: Partial<CheckpointDependencies> = {}) {
  const store = memoryStore();
  const deps: CheckpointDependencies = {
    deployment: "almaty",
    checkpoints: store,
    leaves: { read: async () => ({ leaves: [...leaves], unreadable: 1 }) },
    signer: async () => signer,
    // 09:07: the period [09:00, 09:05) has settled (2 minutes)
    now: () => new Date("2025-06-02T09:07:00.000Z"),
    intervalMs: 5 * MINUTE,
    settleMs: 2 * MINUTE,
    ...overrides,
  };
  return { deps, store };
}

describe("a checkpoint run", () => {
  it("commits to the period's leaves only, and counts what it left out", async () => {
    // Prepare: one notification inside the period, one stamped after it (a late or tampered record)
    const inside = leavesOfOne(0, "01JX0000000000000000000001", 1_000);
    const outside = leavesOfOne(1, "01JX0000000000000000000002", 6 * MINUTE);
    const { deps, store } = dependencies([...inside, ...outside]);

    // Act
    const run = await makeCheckpoints(deps);

    // Assess
    expect(run.appended.map((checkpoint) => [checkpoint.sequence, checkpoint.leafCount])).toEqual([[0, 3]]);
    expect(run.skipped).toBe(3 + 1);
    expect(store.records[0]?.leafList).toHaveLength(3);
  });

  it("appends nothing when its key's signature does not verify with the key it publishes", async () => {
    // Prepare
    const other = privateKeySigner(generateSigningKey());
    const { deps, store } = dependencies([], {
      signer: async () => ({ sign: signer.sign, publicKeyPem: other.publicKeyPem }),
    });

    // Act
    const run = makeCheckpoints(deps);

    // Assess
    await expect(run).rejects.toThrow(/does not verify/);
    expect(store.records).toEqual([]);
  });

  it("reports its checkpoints, lag and skipped records as metrics, and logs no leaf", async () => {
    // Prepare
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    const logger = new Logger({ serviceName: "checkpoint-unit", logLevel: "SILENT" });
    const metrics = new Metrics({ namespace: "Order195HubUnit", serviceName: "checkpoint-unit" });
    const counted = vi.spyOn(metrics, "addMetric");
    const warned = vi.spyOn(logger, "warn");
    const { deps } = dependencies(leavesOfOne(0, "01JX0000000000000000000001", 1_000));
    const handler = createCheckpointHandler({ ...deps, logger, metrics });

    // Act
    const summary = await handler({}, localLambdaContext("checkpoint"));

    // Assess
    expect(summary).toEqual({
      appended: 1,
      sequences: [0, 0],
      from: "2025-06-02T09:00:00.000Z",
      to: "2025-06-02T09:05:00.000Z",
      lostRace: false,
      skipped: 1,
      lagSeconds: 0,
    });
    const metric = (name: string) => counted.mock.calls.find(([called]) => called === name)?.[2];
    expect(metric(metricNames.checkpointLagSeconds)).toBe(0);
    expect(metric(metricNames.checkpointSkippedRecords)).toBe(1);
    expect(JSON.stringify(warned.mock.calls)).not.toContain("01JX");
  });
});
