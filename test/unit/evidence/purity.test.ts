/**
 * The evidence core stays AWS-free: a KMS signer or a DynamoDB reader is an adapter around it. It
 * may validate what it reads back with zod/mini, as the rest of the pure code validates with zod.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importGraph } from "../architecture/import-graph.ts";

const allowedPackages = new Set(["canonicalize", "node:crypto", "node:fs", "zod"]);
const allowedFolders = ["shared/evidence/", "shared/domain/"];

describe("shared/evidence", () => {
  it("imports only itself, the pure domain, canonicalize, zod/mini and node:crypto / node:fs", () => {
    // Prepare
    const graph = importGraph(fileURLToPath(new URL("../../../", import.meta.url)));

    // Act
    const evidence = [...graph].filter(([module]) => module.startsWith("shared/evidence/"));
    const outside = evidence.flatMap(([module, imports]) => [
      ...imports.modules
        .filter((target) => !allowedFolders.some((folder) => target.startsWith(folder)))
        .map((target) => `${module} → ${target}`),
      ...imports.packages
        .filter((name) => !allowedPackages.has(name))
        .map((name) => `${module} → package ${name}`),
    ]);

    // Assess
    expect(evidence.length).toBeGreaterThan(5);
    expect(outside).toEqual([]);
  });
});
