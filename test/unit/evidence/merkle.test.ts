/**
 * The RFC 9162 tree: the Certificate Transparency reference vectors, and the bottom-up build checked
 * against the RFC's recursive definitions (MTH and PATH) for every size up to 70.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  inclusionPath,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyAuditPath,
} from "../../../shared/evidence/merkle.ts";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** The leaves of the CT reference test data (RFC 6962 implementations). */
const ctLeaves = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map((data) => leafHash(Buffer.from(data, "hex")));

const ctRoots = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** RFC 9162 §2.1.1 MTH, as written. */
function referenceRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return createHash("sha256").digest();
  if (hashes.length === 1) return hashes[0] ?? new Uint8Array();
  const k = split(hashes.length);
  return nodeHash(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
}

/** RFC 9162 §2.1.3.1 PATH, as written. */
function referencePath(m: number, hashes: readonly Uint8Array[]): Uint8Array[] {
  if (hashes.length <= 1) return [];
  const k = split(hashes.length);
  return m < k
    ? [...referencePath(m, hashes.slice(0, k)), referenceRoot(hashes.slice(k))]
    : [...referencePath(m - k, hashes.slice(k)), referenceRoot(hashes.slice(0, k))];
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe("merkleRoot", () => {
  it("gives the Certificate Transparency reference roots for 1 to 8 leaves", () => {
    // Act
    const roots = ctRoots.map((_, i) => hex(merkleRoot(ctLeaves.slice(0, i + 1))));

    // Assess
    expect(roots).toEqual(ctRoots);
  });

  it("is SHA-256 of nothing for an empty tree", () => {
    // Act / Assess
    expect(hex(merkleRoot([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("equals the RFC's recursive MTH for every size from 0 to 70", () => {
    // Act / Assess
    for (let n = 0; n <= 70; n++) {
      const leaves = leavesOf(n);
      expect(hex(merkleRoot(leaves)), `n = ${n}`).toBe(hex(referenceRoot(leaves)));
    }
  });

  it("keeps a leaf from passing for a node: 0x00 and 0x01 prefixes", () => {
    // Prepare: a one-leaf tree whose data is the concatenation of two leaf hashes
    const [a, b] = leavesOf(2);
    if (a === undefined || b === undefined) throw new Error("two leaves");

    // Act
    const twoLeaves = merkleRoot([a, b]);
    const forged = merkleRoot([leafHash(Buffer.concat([a, b]))]);

    // Assess
    expect(hex(forged)).not.toBe(hex(twoLeaves));
  });
});

describe("inclusionPath and verifyAuditPath", () => {
  it("give the CT reference audit paths", () => {
    // Act
    const path = inclusionPath(ctLeaves, 0).map(hex);

    // Assess
    expect(path).toEqual([
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]);
    expect(inclusionPath(ctLeaves.slice(0, 3), 2).map(hex)).toEqual([ctRoots[1]]);
  });

  it("equal the RFC's PATH, and verify, for every leaf of trees of 1 to 33 and 63 to 65 leaves", () => {
    // Act / Assess
    for (const n of [...Array.from({ length: 33 }, (_, i) => i + 1), 63, 64, 65]) {
      const leaves = leavesOf(n);
      const root = merkleRoot(leaves);
      leaves.forEach((leaf, m) => {
        const path = inclusionPath(leaves, m);
        expect(path.map(hex), `leaf ${m} of ${n}`).toEqual(referencePath(m, leaves).map(hex));
        expect(verifyAuditPath(leaf, m, n, path, root), `leaf ${m} of ${n}`).toBe(true);
      });
    }
  });

  it("refuses a proof for another index, or with a path cut short or lengthened", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(n - 1))),
        ([n, m, other]) => {
          // Prepare
          const leaves = leavesOf(n);
          const root = merkleRoot(leaves);
          const path = inclusionPath(leaves, m);
          const leaf = leaves[m] ?? new Uint8Array();

          // Act / Assess
          if (other !== m) expect(verifyAuditPath(leaf, other, n, path, root)).toBe(false);
          expect(verifyAuditPath(leaf, m, n, path.slice(1), root)).toBe(false);
          expect(verifyAuditPath(leaf, m, n, [...path, root], root)).toBe(false);
          expect(verifyAuditPath(leaf, n, n, path, root)).toBe(false);
        },
      ),
    );
  });

  it("refuses an index outside the tree", () => {
    // Act / Assess
    expect(() => inclusionPath(leavesOf(3), 3)).toThrow(RangeError);
  });
});
