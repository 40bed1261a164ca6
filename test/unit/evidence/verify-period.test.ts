import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildCheckpoint,
  type Checkpoint,
  type CheckpointRecord,
} from "../../../shared/evidence/checkpoint.ts";
import { type EvidenceLeaf, leafKey, notificationLeaf } from "../../../shared/evidence/leaves.ts";
import { generateSigningKey, privateKeySigner, type Signer } from "../../../shared/evidence/signing.ts";
import { verifyPeriod } from "../../../shared/evidence/verify-period.ts";
import { flipOneBit, leavesOfOne, notificationWith, PERIOD } from "./sample-leaves.ts";

const hubKey = privateKeySigner(generateSigningKey());
const { publicKeyPem } = hubKey;
const otherKey = privateKeySigner(generateSigningKey());
const FIVE_MINUTES = 5 * 60_000;
const boundary = (n: number) => new Date(Date.parse(PERIOD.from) + n * FIVE_MINUTES).toISOString();
const id = (n: number) => `01JX00000000000000000000${String(n).padStart(2, "0")}`;

/** Period p (0, 1, 2) holds three notifications, each with its routing and receipt. */
const leavesOfPeriod = (p: number): EvidenceLeaf[] =>
  [0, 1, 2].flatMap((n) => leavesOfOne(n, id(p * 10 + n), p * FIVE_MINUTES + n * 1_000));

async function chainOf(periods: number, signerOf: (sequence: number) => Signer = () => hubKey) {
  const checkpoints: CheckpointRecord[] = [];
  let previous: Checkpoint | null = null;
  for (let p = 0; p < periods; p++) {
    const built = await buildCheckpoint(
      {
        deployment: "almaty",
        previous,
        from: boundary(p),
        to: boundary(p + 1),
        leaves: leavesOfPeriod(p),
        createdAt: boundary(p + 1),
      },
      signerOf(p),
    );
    checkpoints.push(built);
    previous = built.signed.checkpoint;
  }
  return checkpoints;
}

const chain = await chainOf(3);
const stored = [0, 1, 2].flatMap(leavesOfPeriod);
const verify = (leaves: readonly EvidenceLeaf[], checkpoints = chain, expiredBefore?: string) =>
  verifyPeriod({
    checkpoints,
    leaves,
    publicKeyPem,
    ...(expiredBefore ? { expiredBefore } : {}),
  });

describe("verifyPeriod", () => {
  it("verifies an untouched period", () => {
    // Act
    const report = verify([...stored].reverse());

    // Assess
    expect(report).toMatchObject({
      verified: true,
      from: boundary(0),
      to: boundary(3),
      checkpointCount: 3,
      leafCount: 27,
      checkpointFindings: [],
      leafFindings: [],
      notifications: { altered: [], deleted: [], added: [] },
      unverifiable: 0,
      uncovered: 0,
      expired: 0,
    });
  });

  it("names a notification altered after its checkpoint, with both hashes", () => {
    // Prepare: an operator edits the stored notification
    const altered = stored.map((leaf) => {
      if (leaf.type !== "notification" || leaf.notification.id !== id(11)) return leaf;
      return notificationLeaf({ ...leaf.notification, note: "corrected by an operator" });
    });

    // Act
    const report = verify(altered);

    // Assess
    expect(report.verified).toBe(false);
    expect(report.notifications).toEqual({ altered: [id(11)], deleted: [], added: [] });
    expect(report.leafFindings).toEqual([
      {
        change: "altered",
        notificationId: id(11),
        type: "notification",
        key: `${id(11)}/notification`,
        sequence: 1,
        committed: expect.stringMatching(/^[0-9a-f]{64}$/),
        stored: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it("names a deleted notification and a deleted receipt", () => {
    // Prepare
    const kept = stored.filter(
      (leaf) =>
        !(leaf.type === "notification" && leaf.notification.id === id(20)) &&
        !(leaf.type === "receipt" && leaf.notificationId === id(2)),
    );

    // Act
    const report = verify(kept);

    // Assess
    expect(report.verified).toBe(false);
    expect(report.notifications).toEqual({ altered: [], deleted: [id(2), id(20)], added: [] });
    expect(report.leafFindings.map((f) => [f.change, f.type, f.sequence])).toEqual([
      ["deleted", "receipt", 0],
      ["deleted", "notification", 2],
    ]);
  });

  it("names a notification inserted into a checkpointed period", () => {
    // Prepare
    const inserted = notificationLeaf(notificationWith(0, id(99), boundary(1)));

    // Act
    const report = verify([...stored, inserted]);

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [], added: [id(99)] });
    expect(report.leafFindings).toMatchObject([
      { change: "added", sequence: 1, key: `${id(99)}/notification` },
    ]);
  });

  it("refuses a checkpoint signed with another key, and vouches for none of its leaves", async () => {
    // Prepare
    const forged = await chainOf(3, (sequence) => (sequence === 1 ? otherKey : hubKey));

    // Act
    const report = verify(stored, forged);

    // Assess
    expect(report.verified).toBe(false);
    expect(report.checkpointFindings).toEqual([{ sequence: 1, problem: "bad-signature" }]);
    expect(report.unverifiable).toBe(9);
  });

  it("finds a checkpoint taken out of the chain: the sequence, the link and the period break", () => {
    // Act
    const report = verify(
      stored,
      [chain[0], chain[2]].filter((c) => c !== undefined),
    );

    // Assess
    expect(report.checkpointFindings).toEqual([
      { sequence: 2, problem: "sequence-gap" },
      { sequence: 2, problem: "broken-link" },
      { sequence: 2, problem: "period-gap" },
    ]);
    expect(report.uncovered).toBe(9);
  });

  it("checks the first link against the checkpoint before the period, without its leaves", () => {
    // Prepare
    const [first, second, third] = chain;
    if (first === undefined || second === undefined || third === undefined) throw new Error("a chain");
    const leaves = [1, 2].flatMap(leavesOfPeriod);

    // Act
    const linked = verifyPeriod({ checkpoints: [second, third], before: first.signed, leaves, publicKeyPem });
    const unlinked = verifyPeriod({ checkpoints: [third], before: first.signed, leaves, publicKeyPem });

    // Assess
    expect(linked).toMatchObject({ verified: true, from: boundary(1), leafFindings: [] });
    expect(unlinked.checkpointFindings.map((f) => f.problem)).toEqual([
      "sequence-gap",
      "broken-link",
      "period-gap",
    ]);
  });

  it("finds a checkpoint chained to another history, even when signed with the hub's key", async () => {
    // Prepare: the same second period built on a first checkpoint that the chain does not hold
    const [first] = chain;
    if (first === undefined) throw new Error("a chain");
    const fork = { ...first.signed.checkpoint, createdAt: boundary(5) };
    const forked = await buildCheckpoint(
      {
        deployment: "almaty",
        previous: fork,
        from: boundary(1),
        to: boundary(2),
        leaves: leavesOfPeriod(1),
        createdAt: boundary(2),
      },
      hubKey,
    );

    // Act
    const report = verify(stored, [first, forked, ...chain.slice(2)]);

    // Assess
    expect(report.checkpointFindings).toEqual([
      { sequence: 1, problem: "broken-link" },
      { sequence: 2, problem: "broken-link" },
    ]);
  });

  it("refuses a leaf list edited to match an altered leaf", () => {
    // Prepare: the operator also rewrites the artefact's entry for the leaf they changed
    const [first, ...rest] = chain;
    if (first === undefined) throw new Error("a chain");
    const leafList = first.leafList.map((entry, i) => (i === 0 ? { ...entry, hash: "0".repeat(64) } : entry));

    // Act
    const report = verify(stored, [{ ...first, leafList }, ...rest]);

    // Assess
    expect(report.checkpointFindings).toEqual([
      { sequence: 0, problem: "leaf-list-mismatch" },
      { sequence: 0, problem: "root-mismatch" },
    ]);
  });

  it("counts leaves gone by retention as expired and leaves after the last checkpoint as uncovered", () => {
    // Prepare
    const retained = stored.filter(
      (leaf) => !leavesOfPeriod(0).some((old) => leafKey(old) === leafKey(leaf)),
    );
    const pending = notificationLeaf(notificationWith(1, id(98), boundary(3)));

    // Act
    const report = verify([...retained, pending], chain, boundary(1));

    // Assess
    expect(report).toMatchObject({ verified: true, expired: 9, uncovered: 1, leafFindings: [] });
  });

  it("names the leaf whatever single bit of it changed", () => {
    fc.assert(
      fc.property(fc.nat(stored.length - 1), fc.nat(), (which, choice) => {
        // Prepare
        const original = stored[which];
        if (original === undefined) throw new Error("a leaf");
        const changed = stored.map((leaf, i) => (i === which ? flipOneBit(leaf, choice) : leaf));

        // Act
        const report = verify(changed);

        // Assess: altered, or (when the bit was in its id or time) deleted under its old key
        expect(report.verified).toBe(false);
        expect(report.leafFindings).toContainEqual(
          expect.objectContaining({
            key: leafKey(original),
            change: expect.stringMatching(/^(altered|deleted)$/),
          }),
        );
      }),
      { numRuns: 120 },
    );
  });

  it("refuses a checkpoint or its leaf list whatever single bit of it changed", () => {
    fc.assert(
      fc.property(fc.nat(chain.length - 1), fc.nat(), (which, choice) => {
        // Prepare
        const changed = chain.map((checkpoint, i) =>
          i === which ? flipOneBit(checkpoint, choice) : checkpoint,
        );

        // Act
        const report = verify(stored, changed);

        // Assess
        expect(report.verified).toBe(false);
        expect(report.checkpointFindings.length).toBeGreaterThan(0);
      }),
      { numRuns: 120 },
    );
  });
});
