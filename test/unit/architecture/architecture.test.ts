/**
 * The module structure: no import cycles; the pure domain imports only itself and two pure libraries;
 * the wiring (what the functions and the CDK app agree on) imports only itself; the CDK app never
 * imports a function. The checks are first shown to fail on a planted project.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  type Boundary,
  boundaryViolations,
  findCycles,
  type ImportGraph,
  importGraph,
  importsBetween,
  importsOf,
} from "./import-graph.ts";

const domain: Boundary = { folder: "shared/domain", mayImportPackages: ["zod", "i18n-iso-countries"] };
const wiring: Boundary = { folder: "shared/wiring" };

describe("the checks, on a planted project", () => {
  const root = mkdtempSync(join(tmpdir(), "hub-architecture-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const plant = (path: string, source: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  };
  plant("shared/domain/a.ts", 'import type { B } from "./b.ts";\nexport type A = B;\n');
  plant(
    "shared/domain/b.ts",
    [
      'export * from "./a.ts";',
      'import { z } from "zod/mini";',
      'import { readFileSync } from "node:fs";',
      'import { handler } from "../../functions/f/handler.ts";',
      "export type B = string;",
    ].join("\n"),
  );
  plant("shared/wiring/names.ts", 'import * as z from "zod";\nimport { A } from "./more.ts";\n');
  plant("shared/wiring/more.ts", "export const A = 1;\n");
  plant("infra/stack.ts", 'const { handler } = await import("../functions/f");\n');
  plant("functions/f/index.ts", "export const handler = 1;\n");
  plant("functions/f/handler.ts", 'export type Self = typeof import("./handler.ts");\n');
  plant("test/x.test.ts", 'import "./y.test.ts";\n');
  plant("test/y.test.ts", 'import "./x.test.ts";\n');
  const graph = importGraph(root);

  it("reads the project's modules only, tests aside", () => {
    expect([...graph.keys()]).toEqual([
      "functions/f/handler.ts",
      "functions/f/index.ts",
      "infra/stack.ts",
      "shared/domain/a.ts",
      "shared/domain/b.ts",
      "shared/wiring/more.ts",
      "shared/wiring/names.ts",
    ]);
  });

  it("finds cycles through type-only imports and re-exports, and a module importing itself", () => {
    expect(findCycles(graph)).toEqual([
      ["functions/f/handler.ts"],
      ["shared/domain/a.ts", "shared/domain/b.ts"],
    ]);
  });

  it("finds every import that leaves a bounded folder, modules and packages alike", () => {
    expect(boundaryViolations(graph, domain)).toEqual([
      "shared/domain/b.ts → functions/f/handler.ts",
      "shared/domain/b.ts → package node:fs",
    ]);
    expect(boundaryViolations(graph, wiring)).toEqual(["shared/wiring/names.ts → package zod"]);
  });

  it("finds the imports from one folder into another, dynamic imports of a folder included", () => {
    expect(importsBetween(graph, "infra", "functions")).toEqual(["infra/stack.ts → functions/f/index.ts"]);
  });

  it("names packages as installed: scope and name, without the subpath", () => {
    const source =
      'import "@aws-sdk/client-sqs";\nimport "zod/mini";\nimport "i18n-iso-countries/langs/en.json";';
    expect(importsOf(root, "x.ts", source).packages).toEqual([
      "@aws-sdk/client-sqs",
      "zod",
      "i18n-iso-countries",
    ]);
  });

  it("finds a longer cycle and leaves the modules that only lead into it", () => {
    const edges: ImportGraph = new Map(
      Object.entries({ entry: ["a"], a: ["b"], b: ["c"], c: ["a"], leaf: [] }).map(([name, modules]) => [
        name,
        { modules, packages: [] },
      ]),
    );
    expect(findCycles(edges)).toEqual([["a", "b", "c"]]);
  });
});

describe("the project's modules", () => {
  const graph = importGraph(fileURLToPath(new URL("../../../", import.meta.url)));

  it("form no import cycle", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("keep the domain pure: shared/domain imports only itself, zod and i18n-iso-countries", () => {
    expect(boundaryViolations(graph, domain)).toEqual([]);
  });

  it("keep the wiring dependency-free: shared/wiring imports only itself", () => {
    expect(boundaryViolations(graph, wiring)).toEqual([]);
  });

  it("never import a function into the CDK app", () => {
    expect(importsBetween(graph, "infra", "functions")).toEqual([]);
  });

  it("share the wiring between the functions and the CDK app (the rules above are not vacuous)", () => {
    expect(importsBetween(graph, "functions", "shared/wiring")).not.toEqual([]);
    expect(importsBetween(graph, "infra", "shared/wiring")).not.toEqual([]);
    expect(importsBetween(graph, "shared/sources", "shared/domain")).not.toEqual([]);
  });
});
