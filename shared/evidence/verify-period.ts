/**
 * The auditor's check of a period: the checkpoints (each with its leaf list) against the leaves the
 * store holds now, with the public key alone. It names every leaf altered, deleted or added after its
 * checkpoint, every checkpoint whose signature or leaf list does not hold, and every break in the chain.
 */
import {
  byKey,
  type Checkpoint,
  type CheckpointRecord,
  checkpointHash,
  inPeriod,
  type LeafListEntry,
  leafListHash,
  leafListRoot,
  type SignedCheckpoint,
  verifyCheckpointSignature,
} from "./checkpoint.ts";
import { type EvidenceLeaf, hashLeaf, type LeafType, leafKey, leafTime, parseLeafKey } from "./leaves.ts";

export interface PeriodInput {
  /** The checkpoints of the period, in any order. */
  readonly checkpoints: readonly CheckpointRecord[];
  /** The checkpoint before the first: with it, the first link is checked too (its leaves are not). */
  readonly before?: SignedCheckpoint;
  /** The leaves the store holds for the period, in any order. */
  readonly leaves: readonly EvidenceLeaf[];
  readonly publicKeyPem: string;
  /** Leaves older than this (UTC instant) may be gone by retention (TTL): counted, not reported deleted. */
  readonly expiredBefore?: string;
}

/** Why a checkpoint is refused (its leaves are then unverifiable) or where the chain breaks. */
export type CheckpointProblem =
  | "bad-signature"
  | "leaf-list-mismatch"
  | "root-mismatch"
  | "leaf-count-mismatch"
  | "leaf-list-unordered"
  | "leaf-outside-period"
  | "first-not-genesis"
  | "sequence-gap"
  | "broken-link"
  | "period-gap"
  | "other-deployment";

export interface CheckpointFinding {
  readonly sequence: number;
  readonly problem: CheckpointProblem;
}

export type LeafChange = "altered" | "deleted" | "added";

export interface LeafFinding {
  readonly change: LeafChange;
  readonly notificationId: string;
  readonly type: LeafType;
  readonly key: string;
  /** The checkpoint that committed to the leaf, or whose period the added leaf falls in. */
  readonly sequence: number;
  /** The leaf hash the checkpoint committed to (altered, deleted). */
  readonly committed?: string;
  /** The hash of the leaf the store holds (altered, added). */
  readonly stored?: string;
}

export interface PeriodReport {
  /** True when every checkpoint holds, the chain is whole and no leaf changed. */
  readonly verified: boolean;
  /** The span the checkpoints cover, [from, to); null without checkpoints. */
  readonly from: string | null;
  readonly to: string | null;
  readonly checkpointCount: number;
  readonly leafCount: number;
  readonly checkpointFindings: readonly CheckpointFinding[];
  readonly leafFindings: readonly LeafFinding[];
  /** The ids of the notifications with a leaf altered, deleted or added, each list sorted (as the keys). */
  readonly notifications: { readonly [change in LeafChange]: readonly string[] };
  /** Leaves of the store in the period of a refused checkpoint: nothing can be said about them. */
  readonly unverifiable: number;
  /** Leaves of the store in no checkpoint's period (e.g. after the last one): not yet checkpointed. */
  readonly uncovered: number;
  /** Committed leaves missing from the store that were older than `expiredBefore`. */
  readonly expired: number;
}

/** What is wrong with one checkpoint on its own: its signature, or its leaf list against what it signs. */
function checkpointProblems(stored: CheckpointRecord, publicKeyPem: string): CheckpointProblem[] {
  const { checkpoint } = stored.signed;
  const list = stored.leafList;
  const problems: CheckpointProblem[] = [];
  if (!verifyCheckpointSignature(stored.signed, publicKeyPem)) problems.push("bad-signature");
  if (leafListHash(list) !== checkpoint.leafList) problems.push("leaf-list-mismatch");
  if (leafListRoot(list) !== checkpoint.root) problems.push("root-mismatch");
  if (list.length !== checkpoint.leafCount) problems.push("leaf-count-mismatch");
  if (list.some((entry, i) => i > 0 && !((list[i - 1]?.key ?? "") < entry.key))) {
    problems.push("leaf-list-unordered");
  }
  if (list.some((entry) => !inPeriod(checkpoint, entry.at))) problems.push("leaf-outside-period");
  return problems;
}

/** The breaks between consecutive checkpoints (sorted by sequence). */
function chainProblems(checkpoints: readonly Checkpoint[]): CheckpointFinding[] {
  const findings: CheckpointFinding[] = [];
  const [first] = checkpoints;
  if (first?.sequence === 0 && first.previous !== null) {
    findings.push({ sequence: 0, problem: "first-not-genesis" });
  }
  checkpoints.forEach((checkpoint, i) => {
    const before = checkpoints[i - 1];
    if (before === undefined) return;
    const problem = (problem: CheckpointProblem) => findings.push({ sequence: checkpoint.sequence, problem });
    if (checkpoint.deployment !== before.deployment) problem("other-deployment");
    if (checkpoint.sequence !== before.sequence + 1) problem("sequence-gap");
    if (checkpoint.previous !== checkpointHash(before)) problem("broken-link");
    if (Date.parse(checkpoint.from) !== Date.parse(before.to)) problem("period-gap");
  });
  return findings;
}

function leafFinding(
  change: LeafChange,
  key: string,
  sequence: number,
  hashes: { committed?: string; stored?: string },
): LeafFinding {
  const parsed = parseLeafKey(key);
  return {
    change,
    // Keys are made by leafKey and parse; should one not, the finding names it whole.
    notificationId: parsed?.notificationId ?? key,
    type: parsed?.type ?? "notification",
    key,
    sequence,
    ...hashes,
  };
}

interface Commitment {
  readonly entry: LeafListEntry;
  readonly sequence: number;
}

type LeafComparison = Pick<PeriodReport, "leafFindings" | "unverifiable" | "uncovered" | "expired">;

/** The store's leaves against the leaf lists of the checkpoints that hold (`trusted`). */
function compareLeaves(
  input: PeriodInput,
  checkpoints: readonly Checkpoint[],
  trusted: readonly CheckpointRecord[],
): LeafComparison {
  const trustedCheckpoints = new Set(trusted.map((stored) => stored.signed.checkpoint));
  const committed = new Map<string, Commitment>();
  for (const stored of trusted) {
    for (const entry of stored.leafList) {
      committed.set(entry.key, { entry, sequence: stored.signed.checkpoint.sequence });
    }
  }

  const leafFindings: LeafFinding[] = [];
  const matched = new Set<string>();
  let unverifiable = 0;
  let uncovered = 0;
  for (const leaf of input.leaves) {
    const key = leafKey(leaf);
    const stored = hashLeaf(leaf);
    const commitment = committed.get(key);
    if (commitment !== undefined && !matched.has(key)) {
      matched.add(key);
      if (commitment.entry.hash !== stored) {
        const hashes = { committed: commitment.entry.hash, stored };
        leafFindings.push(leafFinding("altered", key, commitment.sequence, hashes));
      }
      continue;
    }
    // Not committed (or a second copy of a committed key): the period its time falls in decides.
    const at = leafTime(leaf);
    const home = checkpoints.find((checkpoint) => inPeriod(checkpoint, at));
    if (home === undefined) uncovered += 1;
    else if (!trustedCheckpoints.has(home)) unverifiable += 1;
    else leafFindings.push(leafFinding("added", key, home.sequence, { stored }));
  }

  let expired = 0;
  const expiredBefore = input.expiredBefore === undefined ? undefined : Date.parse(input.expiredBefore);
  for (const [key, { entry, sequence }] of committed) {
    if (matched.has(key)) continue;
    if (expiredBefore !== undefined && Date.parse(entry.at) < expiredBefore) expired += 1;
    else leafFindings.push(leafFinding("deleted", key, sequence, { committed: entry.hash }));
  }
  return { leafFindings: leafFindings.sort(byKey), unverifiable, uncovered, expired };
}

export function verifyPeriod(input: PeriodInput): PeriodReport {
  const sorted = [...input.checkpoints].sort(
    (a, b) => a.signed.checkpoint.sequence - b.signed.checkpoint.sequence,
  );
  const checkpointFindings: CheckpointFinding[] = [];
  const trusted: CheckpointRecord[] = [];
  for (const stored of sorted) {
    const problems = checkpointProblems(stored, input.publicKeyPem);
    if (problems.length === 0) trusted.push(stored);
    const { sequence } = stored.signed.checkpoint;
    checkpointFindings.push(...problems.map((problem) => ({ sequence, problem })));
  }
  const checkpoints = sorted.map((stored) => stored.signed.checkpoint);
  const { before } = input;
  if (before !== undefined && !verifyCheckpointSignature(before, input.publicKeyPem)) {
    checkpointFindings.push({ sequence: before.checkpoint.sequence, problem: "bad-signature" });
  }
  checkpointFindings.push(
    ...chainProblems(before === undefined ? checkpoints : [before.checkpoint, ...checkpoints]),
  );

  const leaves = compareLeaves(input, checkpoints, trusted);
  const idsOf = (change: LeafChange) => [
    ...new Set(leaves.leafFindings.filter((f) => f.change === change).map((f) => f.notificationId)),
  ];
  return {
    // A refused checkpoint is a finding itself, so unverifiable leaves never pass unnoticed.
    verified: checkpointFindings.length === 0 && leaves.leafFindings.length === 0,
    from: checkpoints[0]?.from ?? null,
    to: checkpoints[checkpoints.length - 1]?.to ?? null,
    checkpointCount: checkpoints.length,
    leafCount: input.leaves.length,
    checkpointFindings,
    notifications: { altered: idsOf("altered"), deleted: idsOf("deleted"), added: idsOf("added") },
    ...leaves,
  };
}
