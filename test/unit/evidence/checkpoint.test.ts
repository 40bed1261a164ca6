import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCheckpoint,
  type Checkpoint,
  checkpointHash,
  leafListOf,
  leafListRoot,
  verifyCheckpointSignature,
} from "../../../shared/evidence/checkpoint.ts";
import { leafKey } from "../../../shared/evidence/leaves.ts";
import { generateSigningKey, privateKeySigner } from "../../../shared/evidence/signing.ts";
import { anyLeaf, at, leavesOfOne, PERIOD } from "./sample-leaves.ts";

const signer = privateKeySigner(generateSigningKey());
const NEXT = { from: PERIOD.to, to: "2025-06-02T09:10:00.000Z" } as const;

const firstOf = (leaves = leavesOfOne(0, "01JX0000000000000000000001", 10)) =>
  buildCheckpoint(
    { deployment: "almaty", previous: null, ...PERIOD, leaves, createdAt: "2025-06-02T09:05:30.000Z" },
    signer,
  );

describe("buildCheckpoint", () => {
  it("commits to the period's leaves: count, RFC 9162 root, the hash of their list, signed", async () => {
    // Act
    const { signed, leafList } = await firstOf();

    // Assess
    expect(signed.checkpoint).toMatchObject({
      version: 1,
      deployment: "almaty",
      sequence: 0,
      ...PERIOD,
      leafCount: 3,
      root: leafListRoot(leafList),
      previous: null,
      createdAt: "2025-06-02T09:05:30.000Z",
    });
    expect(leafList.map((entry) => entry.key)).toEqual([...leafList.map((entry) => entry.key)].sort());
    expect(verifyCheckpointSignature(signed, signer.publicKeyPem)).toBe(true);
  });

  it("chains each checkpoint to the hash of the one before, sequence + 1", async () => {
    // Prepare
    const first = await firstOf();

    // Act
    const { signed } = await buildCheckpoint(
      { deployment: "almaty", previous: first.signed.checkpoint, ...NEXT, leaves: [], createdAt: NEXT.to },
      signer,
    );

    // Assess: an empty period is checkpointed too, with the root of an empty tree
    expect(signed.checkpoint).toMatchObject({
      sequence: 1,
      previous: checkpointHash(first.signed.checkpoint),
      leafCount: 0,
      root: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
  });

  it("refuses a period that does not start where the last ended, or another deployment's chain", async () => {
    // Prepare
    const previous = (await firstOf()).signed.checkpoint;
    const input = { deployment: "almaty" as const, previous, leaves: [], createdAt: NEXT.to };

    // Act / Assess
    await expect(buildCheckpoint({ ...input, from: at(1), to: NEXT.to }, signer)).rejects.toThrow(
      /must start/,
    );
    await expect(buildCheckpoint({ ...input, ...NEXT, deployment: "astana" }, signer)).rejects.toThrow(
      /belongs/,
    );
    await expect(buildCheckpoint({ ...input, from: NEXT.from, to: NEXT.from }, signer)).rejects.toThrow(
      /empty/,
    );
  });

  it("refuses a leaf outside the period, and two different leaves under one key", async () => {
    // Prepare
    const late = leavesOfOne(0, "01JX0000000000000000000002", 5 * 60_000);
    const [notification] = leavesOfOne(0, "01JX0000000000000000000003", 10);
    const [changed] = leavesOfOne(1, "01JX0000000000000000000003", 10);
    if (notification === undefined || changed === undefined) throw new Error("sample leaves");

    // Act / Assess
    await expect(firstOf(late)).rejects.toThrow(/outside/);
    await expect(firstOf([notification, changed])).rejects.toThrow(/two different leaves/);
  });

  it("refuses a signature once anything in the checkpoint changes", async () => {
    // Prepare
    const { signed } = await firstOf();
    const changes: Array<Partial<Checkpoint>> = [
      { sequence: 1 },
      { to: NEXT.to },
      { leafCount: 4 },
      { previous: "0".repeat(64) },
      { createdAt: at(0) },
    ];

    // Act / Assess
    for (const change of changes) {
      const checkpoint = { ...signed.checkpoint, ...change };
      expect(
        verifyCheckpointSignature({ ...signed, checkpoint }, signer.publicKeyPem),
        JSON.stringify(change),
      ).toBe(false);
    }
  });
});

describe("leafListOf", () => {
  it("gives the same list, so the same root, for any set of leaves in any order of arrival", () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(anyLeaf, { selector: leafKey, maxLength: 40 })
          .chain((leaves) =>
            fc.tuple(
              fc.constant(leaves),
              fc.shuffledSubarray(leaves, { minLength: leaves.length }),
              fc.subarray(leaves),
            ),
          ),
        ([leaves, shuffled, repeated]) => {
          // Act: one arrival order, and another with some leaves delivered twice (at least once)
          const list = leafListOf(leaves);
          const other = leafListOf([...shuffled, ...repeated]);

          // Assess
          expect(other).toEqual(list);
          expect(leafListRoot(other)).toBe(leafListRoot(list));
        },
      ),
    );
  });
});
