/**
 * Inclusion proofs: one leaf (a notification as received, a routing, a receipt), its audit path and
 * the signed checkpoint. Whoever holds a proof and the hub's public key can check, without the table
 * or the hub, that the hub committed to exactly this leaf in that period.
 */
import {
  type Checkpoint,
  inPeriod,
  type LeafList,
  leafListRoot,
  type SignedCheckpoint,
  verifyCheckpointSignature,
} from "./checkpoint.ts";
import { hashFromHex, hex } from "./digest.ts";
import { type EvidenceLeaf, hashLeaf, leafKey, leafTime } from "./leaves.ts";
import { inclusionPath, verifyAuditPath } from "./merkle.ts";

export type InclusionProof = {
  readonly leaf: EvidenceLeaf;
  /** The leaf's position in the checkpoint's leaf list (0-based). */
  readonly leafIndex: number;
  /** RFC 9162 audit path, leaf to root, hex. */
  readonly auditPath: readonly string[];
  readonly checkpoint: SignedCheckpoint;
};

/**
 * The proof that `leaf` is in the checkpoint whose leaf list is `leafList`. Throws when the list
 * commits to no leaf under its key, or to a different one: then there is nothing to prove, and
 * `verifyPeriod` names the change.
 */
export function proveInclusion(
  leaf: EvidenceLeaf,
  checkpoint: SignedCheckpoint,
  leafList: LeafList,
): InclusionProof {
  const key = leafKey(leaf);
  const leafIndex = leafList.findIndex((entry) => entry.key === key);
  const committed = leafList[leafIndex];
  if (committed === undefined) {
    throw new Error(`checkpoint ${checkpoint.checkpoint.sequence} has no leaf ${key}`);
  }
  if (committed.hash !== hashLeaf(leaf)) {
    throw new Error(
      `the leaf ${key} differs from the one checkpoint ${checkpoint.checkpoint.sequence} committed to`,
    );
  }
  if (leafListRoot(leafList) !== checkpoint.checkpoint.root) {
    throw new Error(`the leaf list is not the one checkpoint ${checkpoint.checkpoint.sequence} committed to`);
  }
  const hashes = leafList.map((entry) => Buffer.from(entry.hash, "hex"));
  return { leaf, leafIndex, auditPath: inclusionPath(hashes, leafIndex).map(hex), checkpoint };
}

export type InclusionCheck = { readonly valid: true } | { readonly valid: false; readonly reason: string };

function auditPathMatches(proof: InclusionProof, checkpoint: Checkpoint): boolean {
  const path: Buffer[] = [];
  for (const text of proof.auditPath) {
    const hash = hashFromHex(text);
    if (hash === undefined) return false;
    path.push(hash);
  }
  const leaf = hashFromHex(hashLeaf(proof.leaf));
  const root = hashFromHex(checkpoint.root);
  return (
    leaf !== undefined &&
    root !== undefined &&
    verifyAuditPath(leaf, proof.leafIndex, checkpoint.leafCount, path, root)
  );
}

/** Checks a proof with the public key alone. */
export function verifyInclusionProof(proof: InclusionProof, publicKeyPem: string): InclusionCheck {
  const { checkpoint } = proof.checkpoint;
  if (!verifyCheckpointSignature(proof.checkpoint, publicKeyPem)) {
    return { valid: false, reason: "the checkpoint's signature does not verify with this public key" };
  }
  if (!inPeriod(checkpoint, leafTime(proof.leaf))) {
    return { valid: false, reason: `the leaf's time is outside the checkpoint's period` };
  }
  if (!auditPathMatches(proof, checkpoint)) {
    return { valid: false, reason: "the leaf and its audit path do not lead to the checkpoint's root" };
  }
  return { valid: true };
}
