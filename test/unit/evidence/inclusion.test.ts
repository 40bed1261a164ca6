import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCheckpoint } from "../../../shared/evidence/checkpoint.ts";
import { proveInclusion, verifyInclusionProof } from "../../../shared/evidence/inclusion.ts";
import { type EvidenceLeaf, leafKey } from "../../../shared/evidence/leaves.ts";
import { generateSigningKey, privateKeySigner } from "../../../shared/evidence/signing.ts";
import { anyLeaf, flipOneBit, leavesOfOne, PERIOD, placesIn } from "./sample-leaves.ts";

const signer = privateKeySigner(generateSigningKey());

const checkpointOf = (leaves: readonly EvidenceLeaf[]) =>
  buildCheckpoint({ deployment: "almaty", previous: null, ...PERIOD, leaves, createdAt: PERIOD.to }, signer);

const someLeaves = fc.uniqueArray(anyLeaf, { selector: leafKey, minLength: 1, maxLength: 24 });

describe("inclusion proofs", () => {
  it("prove every leaf of any checkpoint, with the public key alone", async () => {
    await fc.assert(
      fc.asyncProperty(someLeaves, async (leaves) => {
        // Prepare
        const { signed, leafList } = await checkpointOf(leaves);

        // Act / Assess
        for (const leaf of leaves) {
          const proof = proveInclusion(leaf, signed, leafList);
          expect(verifyInclusionProof(proof, signer.publicKeyPem)).toEqual({ valid: true });
        }
      }),
      { numRuns: 40 },
    );
  });

  it("fail once any single bit of the leaf, the path or the checkpoint changes", async () => {
    await fc.assert(
      fc.asyncProperty(someLeaves, fc.nat(), fc.nat(), async (leaves, which, choice) => {
        // Prepare
        const { signed, leafList } = await checkpointOf(leaves);
        const leaf = leaves[which % leaves.length];
        if (leaf === undefined) throw new Error("a leaf");
        const proof = proveInclusion(leaf, signed, leafList);

        // Act
        const changed = flipOneBit(proof, choice);

        // Assess
        expect(changed).not.toEqual(proof);
        expect(verifyInclusionProof(changed, signer.publicKeyPem).valid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("fail for a change of any of the 7 low bits of every value of a notification's proof", async () => {
    // Prepare
    const leaves = leavesOfOne(2, "01JX0000000000000000000013", 100);
    const { signed, leafList } = await checkpointOf(leaves);
    const [leaf] = leaves;
    if (leaf === undefined) throw new Error("a leaf");
    const proof = proveInclusion(leaf, signed, leafList);
    const places = placesIn(proof);

    // Act
    const accepted = Array.from({ length: places * 7 }, (_, choice) => flipOneBit(proof, choice)).filter(
      (changed) => verifyInclusionProof(changed, signer.publicKeyPem).valid,
    );

    // Assess
    expect(places).toBeGreaterThan(40);
    expect(accepted).toEqual([]);
  });

  it("fail with another key, and say why", async () => {
    // Prepare
    const leaves = leavesOfOne(0, "01JX0000000000000000000010", 100);
    const { signed, leafList } = await checkpointOf(leaves);
    const [leaf] = leaves;
    if (leaf === undefined) throw new Error("a leaf");
    const other = privateKeySigner(generateSigningKey());

    // Act
    const check = verifyInclusionProof(proveInclusion(leaf, signed, leafList), other.publicKeyPem);

    // Assess
    expect(check).toEqual({ valid: false, reason: expect.stringMatching(/signature/) });
  });

  it("cannot be made for a leaf the checkpoint does not hold as it is", async () => {
    // Prepare
    const leaves = leavesOfOne(0, "01JX0000000000000000000011", 100);
    const { signed, leafList } = await checkpointOf(leaves);
    const [changed] = leavesOfOne(2, "01JX0000000000000000000011", 100);
    const [absent] = leavesOfOne(0, "01JX0000000000000000000012", 100);
    if (changed === undefined || absent === undefined) throw new Error("sample leaves");

    // Act / Assess
    expect(() => proveInclusion(changed, signed, leafList)).toThrow(/differs/);
    expect(() => proveInclusion(absent, signed, leafList)).toThrow(/has no leaf/);
    expect(() => proveInclusion(absent, signed, [])).toThrow(/has no leaf/);
  });
});
