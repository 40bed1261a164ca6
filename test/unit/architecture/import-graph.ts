/**
 * The import graph of the project's own modules, read with the TypeScript compiler's pre-processor
 * (every `import`, `export … from`, `import type` and `import()`), and the checks the architecture
 * test applies to it. Paths are relative to the root, with `/` separators.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

export interface ModuleImports {
  /** Project files this module imports (relative specifiers, resolved). */
  readonly modules: readonly string[];
  /** Packages this module imports: `zod` for `zod/mini`, `@scope/name` for `@scope/name/sub`. */
  readonly packages: readonly string[];
}

export type ImportGraph = ReadonlyMap<string, ModuleImports>;

/** Folders that hold no project modules (tests are not modules of the project, fixtures not code). */
const skippedFolders = new Set(["node_modules", "test", "docs", "cdk.out", ".cache", ".hub", ".git"]);

function isModuleFile(name: string): boolean {
  return /\.(ts|mts)$/.test(name) && !name.endsWith(".d.ts");
}

/** The project's TypeScript modules under `root`, test and generated folders aside. */
export function projectModules(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      if (skippedFolders.has(entry)) continue;
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (isModuleFile(entry)) found.push(path);
    }
  };
  walk(root);
  return found.map((path) => toProjectPath(root, path)).sort();
}

function toProjectPath(root: string, path: string): string {
  return relative(root, path).split(sep).join("/");
}

/** `./x.ts` as written, or a folder or extensionless path as Node and TypeScript would find it. */
function resolveRelative(root: string, from: string, specifier: string): string {
  const target = resolve(root, dirname(from), specifier);
  const candidates = [target, `${target}.ts`, join(target, "index.ts")];
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return toProjectPath(root, found ?? target);
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** The imports of one source text, `from` being its path relative to `root`. */
export function importsOf(root: string, from: string, source: string): ModuleImports {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const modules: string[] = [];
  const packages: string[] = [];
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith(".")) modules.push(resolveRelative(root, from, specifier));
    else packages.push(packageOf(specifier));
  }
  return { modules: [...new Set(modules)], packages: [...new Set(packages)] };
}

export function importGraph(root: string, modules: readonly string[] = projectModules(root)): ImportGraph {
  return new Map(
    modules.map((path) => [path, importsOf(root, path, readFileSync(join(root, path), "utf8"))] as const),
  );
}

/**
 * Every import cycle: each strongly connected component of more than one module, or a module that
 * imports itself (Tarjan's algorithm). Imports of files outside the graph are not edges.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const visited = new Map<string, { readonly index: number; lowest: number }>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (module: string): { readonly index: number; lowest: number } => {
    const entry = { index: visited.size, lowest: visited.size };
    visited.set(module, entry);
    stack.push(module);
    onStack.add(module);
    for (const next of graph.get(module)?.modules ?? []) {
      if (!graph.has(next)) continue;
      const seen = visited.get(next);
      if (seen === undefined) entry.lowest = Math.min(entry.lowest, visit(next).lowest);
      else if (onStack.has(next)) entry.lowest = Math.min(entry.lowest, seen.index);
    }
    if (entry.lowest === entry.index) {
      const component = stack.splice(stack.lastIndexOf(module));
      for (const member of component) onStack.delete(member);
      const importsItself = graph.get(module)?.modules.includes(module) ?? false;
      if (component.length > 1 || importsItself) cycles.push(component.sort());
    }
    return entry;
  };

  for (const module of graph.keys()) if (!visited.has(module)) visit(module);
  return cycles;
}

/** A folder whose modules import only each other and the packages listed. */
export interface Boundary {
  /** e.g. `shared/domain`. */
  readonly folder: string;
  /** Packages its modules may import. @default none */
  readonly mayImportPackages?: readonly string[];
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(`${folder}/`);
}

/** Each import that crosses the boundary, as `importer → imported`. */
export function boundaryViolations(graph: ImportGraph, boundary: Boundary): string[] {
  const packages = new Set(boundary.mayImportPackages ?? []);
  const violations: string[] = [];
  for (const [module, imports] of graph) {
    if (!isInside(module, boundary.folder)) continue;
    for (const imported of imports.modules) {
      if (!isInside(imported, boundary.folder)) violations.push(`${module} → ${imported}`);
    }
    for (const name of imports.packages) {
      if (!packages.has(name)) violations.push(`${module} → package ${name}`);
    }
  }
  return violations;
}

/** Each import by a module under `importer` of a module under `imported`, as `importer → imported`. */
export function importsBetween(graph: ImportGraph, importer: string, imported: string): string[] {
  return [...graph].flatMap(([module, imports]) =>
    isInside(module, importer)
      ? imports.modules
          .filter((target) => isInside(target, imported))
          .map((target) => `${module} → ${target}`)
      : [],
  );
}
