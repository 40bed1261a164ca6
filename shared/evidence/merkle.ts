/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1), defined for any number of leaves:
 * MTH({}) = SHA-256(), a leaf hashes as SHA-256(0x00 ‖ data), a node as SHA-256(0x01 ‖ left ‖ right),
 * and a tree of n > 1 leaves splits at the largest power of two below n. The prefixes keep a leaf from
 * ever passing for a node (second-preimage attacks).
 *
 * The tree is built bottom-up, level by level, carrying an unpaired last node up unchanged: the same
 * tree as the RFC's recursive definition (the tests check one against the other), without recursion.
 */
import { SHA256_BYTES, sha256 } from "./digest.ts";

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(data: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, data);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** Every level of the tree, from the leaf hashes (level 0) up to the root (a level of one). */
function levelsOf(leafHashes: readonly Uint8Array[]): (readonly Uint8Array[])[] {
  let level = leafHashes;
  const levels = [level];
  while (level.length > 1) {
    const parent: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (left !== undefined) parent.push(right === undefined ? left : nodeHash(left, right));
    }
    levels.push(parent);
    level = parent;
  }
  return levels;
}

/** MTH over the leaf hashes, in their order. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return sha256();
  const levels = levelsOf(leafHashes);
  const root = levels[levels.length - 1]?.[0];
  if (root === undefined) throw new Error("a non-empty tree has a root");
  return root;
}

/** The audit path of leaf `index` (RFC 9162 §2.1.3.1 PATH): the sibling hashes from the leaf up. */
export function inclusionPath(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`leaf ${index} is not in a tree of ${leafHashes.length}`);
  }
  const path: Uint8Array[] = [];
  let position = index;
  for (const level of levelsOf(leafHashes).slice(0, -1)) {
    // A last node without a sibling is carried up unchanged: it adds nothing to the path.
    const sibling = level[position ^ 1];
    if (sibling !== undefined) path.push(sibling);
    position >>= 1;
  }
  return path;
}

/**
 * Verifies an audit path (RFC 9162 §2.1.3.2): true when leaf `index` with hash `leaf` in a tree of
 * `treeSize` leaves, combined with `path`, gives `root`.
 */
export function verifyAuditPath(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) {
    return false;
  }
  if ([leaf, root, ...path].some((hash) => hash.length !== SHA256_BYTES)) return false;
  // Plain numbers, not 32-bit operators: a tree index may exceed 2^31.
  let fn = index;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && Buffer.compare(r, root) === 0;
}
