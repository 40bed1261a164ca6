/**
 * Checkpoints: every few minutes, the leaves of the period just closed become one signed statement:
 * the RFC 9162 root over them, the hash of their list (which names each leaf, so a verifier can say
 * WHICH one changed, not only that one did), and the hash of the previous checkpoint, which makes the
 * checkpoints one chain that cannot be cut or reordered without breaking a signature.
 */
import type { DeploymentId } from "../domain/catalogue/index.ts";
import { canonicalBytes } from "./canonical-json.ts";
import { fromBase64, hashFromHex, hex, sha256 } from "./digest.ts";
import { type EvidenceLeaf, hashLeaf, leafKey, leafTime } from "./leaves.ts";
import { merkleRoot } from "./merkle.ts";
import { type Signer, verifySignature } from "./signing.ts";

export const CHECKPOINT_VERSION = 1;

/** What a checkpoint signs: its RFC 8785 text. */
export type Checkpoint = {
  /** The format of this object and of its leaf list; a verifier refuses one it does not know. */
  readonly version: typeof CHECKPOINT_VERSION;
  readonly deployment: DeploymentId;
  /** 0 for a deployment's first checkpoint, then +1 each. */
  readonly sequence: number;
  /** The period, [from, to) in UTC: the checkpoint commits to every leaf whose time falls in it. */
  readonly from: string;
  readonly to: string;
  readonly leafCount: number;
  /** RFC 9162 MTH over the leaf hashes in leaf-key order, hex. */
  readonly root: string;
  /** SHA-256 of the RFC 8785 text of the leaf list, hex. */
  readonly leafList: string;
  /** {@link checkpointHash} of the previous checkpoint, or null for the first. */
  readonly previous: string | null;
  readonly createdAt: string;
};

export type SignedCheckpoint = {
  readonly checkpoint: Checkpoint;
  /** DER-encoded ECDSA P-256 / SHA-256 signature of the checkpoint's RFC 8785 text, base64. */
  readonly signature: string;
};

/** One leaf as a checkpoint commits to it. */
export type LeafListEntry = {
  /** {@link leafKey}: names the notification and the leaf's type. */
  readonly key: string;
  /** {@link hashLeaf} */
  readonly hash: string;
  /** {@link leafTime}, so that a deleted leaf can be placed in time and told from an expired one. */
  readonly at: string;
};

/** The leaves of one checkpoint, sorted by key: the artefact stored next to the checkpoint. */
export type LeafList = readonly LeafListEntry[];

/** Orders by `key`, comparing UTF-16 code units (as RFC 8785 orders members): locale-free. */
export const byKey = (a: { readonly key: string }, b: { readonly key: string }): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * The leaf list of a set of leaves, whatever order they arrived in: sorted by leaf key (never by
 * arrival, which differs between a live run and a rebuild from the store). A leaf seen twice (an
 * at-least-once writer) counts once; two different leaves under one key are a bug upstream, and throw.
 */
export function leafListOf(leaves: Iterable<EvidenceLeaf>): LeafListEntry[] {
  const entries = new Map<string, LeafListEntry>();
  for (const leaf of leaves) {
    const entry = { key: leafKey(leaf), hash: hashLeaf(leaf), at: leafTime(leaf) };
    const seen = entries.get(entry.key);
    if (seen !== undefined && seen.hash !== entry.hash) {
      throw new Error(`two different leaves under the key ${entry.key}`);
    }
    entries.set(entry.key, entry);
  }
  return [...entries.values()].sort(byKey);
}

export function leafListHash(list: LeafList): string {
  return hex(sha256(canonicalBytes(list)));
}

/** The RFC 9162 root over the list's leaf hashes, hex; undefined when an entry's hash is not one. */
export function leafListRoot(list: LeafList): string | undefined {
  const hashes: Buffer[] = [];
  for (const entry of list) {
    const hash = hashFromHex(entry.hash);
    if (hash === undefined) return undefined;
    hashes.push(hash);
  }
  return hex(merkleRoot(hashes));
}

/** The bytes a checkpoint's signature covers. */
function checkpointBytes(checkpoint: Checkpoint): Buffer {
  return canonicalBytes(checkpoint);
}

/** What the next checkpoint's `previous` holds: SHA-256 of the signed bytes, hex. */
export function checkpointHash(checkpoint: Checkpoint): string {
  return hex(sha256(checkpointBytes(checkpoint)));
}

const instant = (text: string): number => Date.parse(text);

/** Whether a UTC instant falls in the checkpoint's period [from, to). */
export function inPeriod(checkpoint: Pick<Checkpoint, "from" | "to">, at: string): boolean {
  const time = instant(at);
  return time >= instant(checkpoint.from) && time < instant(checkpoint.to);
}

export interface CheckpointInput {
  readonly deployment: DeploymentId;
  /** The deployment's last checkpoint, or null for its first. */
  readonly previous: Checkpoint | null;
  /** Start of the period: the previous checkpoint's `to` (checked), or the log's start for the first. */
  readonly from: string;
  readonly to: string;
  /** Every leaf whose time falls in [from, to), in any order. */
  readonly leaves: Iterable<EvidenceLeaf>;
  readonly createdAt: string;
}

/** A checkpoint with its leaf list: what the checkpoint function stores and the verifier reads. */
export type CheckpointRecord = {
  readonly signed: SignedCheckpoint;
  readonly leafList: LeafList;
};

/** Builds and signs the checkpoint of a period. Throws on a period or leaf that does not fit the chain. */
export async function buildCheckpoint(input: CheckpointInput, signer: Signer): Promise<CheckpointRecord> {
  const { previous } = input;
  if (!(instant(input.from) < instant(input.to))) {
    throw new Error(`the period ${input.from} – ${input.to} is empty or not UTC instants`);
  }
  if (previous !== null && previous.deployment !== input.deployment) {
    throw new Error(`the previous checkpoint belongs to ${previous.deployment}, not ${input.deployment}`);
  }
  if (previous !== null && instant(previous.to) !== instant(input.from)) {
    throw new Error(`the period must start where the previous one ended (${previous.to}), not ${input.from}`);
  }
  const leafList = leafListOf(input.leaves);
  const outside = leafList.find((entry) => !inPeriod(input, entry.at));
  if (outside !== undefined) {
    throw new Error(`the leaf ${outside.key} (${outside.at}) is outside ${input.from} – ${input.to}`);
  }
  const root = leafListRoot(leafList);
  if (root === undefined) throw new Error("a leaf hash is not SHA-256 hex");
  const checkpoint: Checkpoint = {
    version: CHECKPOINT_VERSION,
    deployment: input.deployment,
    sequence: previous === null ? 0 : previous.sequence + 1,
    from: input.from,
    to: input.to,
    leafCount: leafList.length,
    root,
    leafList: leafListHash(leafList),
    previous: previous === null ? null : checkpointHash(previous),
    createdAt: input.createdAt,
  };
  const signature = await signer.sign(checkpointBytes(checkpoint));
  return { signed: { checkpoint, signature: Buffer.from(signature).toString("base64") }, leafList };
}

/** True when the checkpoint is of a version this code knows and its signature verifies with the key. */
export function verifyCheckpointSignature(signed: SignedCheckpoint, publicKeyPem: string): boolean {
  const signature = fromBase64(signed.signature);
  return (
    signed.checkpoint.version === CHECKPOINT_VERSION &&
    signature !== undefined &&
    verifySignature(checkpointBytes(signed.checkpoint), signature, publicKeyPem)
  );
}
