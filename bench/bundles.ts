/**
 * Section 2, the function bundles: their size exactly as CDK ships them (`buildFunctionBundles()`
 * from infra/bundling.ts), whether the AWS SDK is inside, the size without the SDK (a second build
 * with `@aws-sdk/*` external), the top contributors (esbuild metafile, bytes each input adds to the
 * output) and what-if builds that change esbuild options only, starting from infra/bundling.ts's own
 * options; the rebuild is still checked against the shipped bytes each run.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";
import {
  BUNDLE_ROOT,
  buildFunctionBundles,
  ESBUILD_TARGET,
  type FunctionBundles,
  functionBuildOptions,
} from "../infra/bundling.ts";
import { type HubFunctionName, hubFunctionNames } from "../shared/wiring/functions.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { Goal, SectionReport } from "./lib/report.ts";
import { fixed } from "./lib/stats.ts";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

/** Functions that validate and normalise requests into notifications: the larger goal applies to them. */
const ingestTypeFunctions: readonly HubFunctionName[] = ["ingest", "reports"];

/** The goal, bytes excluding the AWS SDK (1 KB = 1,000 bytes, the stricter reading): 300 KB for ingest-type functions, 150 KB for the others. */
function bundleGoalOf(name: HubFunctionName): number {
  return ingestTypeFunctions.includes(name) ? 300_000 : 150_000;
}

/** The options CDK's bundles are built with (infra/bundling.ts), plus a metafile for the breakdown. */
export function shippedBuildOptions(name: HubFunctionName): BuildOptions {
  return { ...functionBuildOptions(name), logLevel: "error", metafile: true };
}

/**
 * Replaces modules (by import path, optionally only from importers matching `from`) with empty ones:
 * a size-only what-if (the bundle would not work). A relative ESM module is replaced by one that
 * exports the same names (so that esbuild can still tree-shake its importers); a package by an empty
 * CommonJS module.
 */
function stubModules(filter: RegExp, from?: RegExp): Plugin {
  return {
    name: "bench-stub",
    setup(builder) {
      builder.onResolve({ filter }, (args) => {
        if (from !== undefined && !from.test(args.importer)) return undefined;
        const relative = args.path.startsWith(".");
        return {
          path: relative ? resolve(dirname(args.importer), args.path) : args.path,
          namespace: relative ? "bench-stub-esm" : "bench-stub-cjs",
        };
      });
      builder.onLoad({ filter: /.*/, namespace: "bench-stub-cjs" }, () => ({
        contents: "module.exports = {};",
        loader: "js",
      }));
      builder.onLoad({ filter: /.*/, namespace: "bench-stub-esm" }, (args) => {
        const names = [
          ...readFileSync(args.path, "utf8").matchAll(
            /^export (?:const|let|function|class) ([A-Za-z_$][\w$]*)/gm,
          ),
        ].map((match) => match[1]);
        return { contents: names.map((name) => `export const ${name} = () => {};`).join("\n"), loader: "js" };
      });
    },
  };
}

/**
 * zod's `compile.js` with `compile(schema)` as the identity: the hub calls only `z.compile`, and a
 * schema parses exactly as its compiled clone does (the clone only adds a generated fast path), so
 * this bundle works; it validates with zod's runtime parser (which still JITs object shapes itself).
 */
const ZOD_COMPILE_IDENTITY = `export const INVALID = Symbol.for("zod.compile.invalid");
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export function compile(schema) { return schema; }
export function withParser(schema) { return schema; }
export function compileFn() { throw new Error("compileFn is stubbed in this what-if bundle"); }`;

function replaceModule(filter: RegExp, from: RegExp, contents: string): Plugin {
  return {
    name: "bench-replace",
    setup(builder) {
      builder.onResolve({ filter }, (args) =>
        from.test(args.importer)
          ? { path: resolve(dirname(args.importer), args.path), namespace: "bench-replace" }
          : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: "bench-replace" }, () => ({ contents, loader: "js" }));
    },
  };
}

/** Resolves the imports matching `filter` as `to` (esbuild's `alias` would also redirect subpaths). */
function redirectModule(filter: RegExp, to: string): Plugin {
  return {
    name: "bench-redirect",
    setup(builder) {
      builder.onResolve({ filter }, (args) =>
        builder.resolve(to, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer }),
      );
    },
  };
}

export interface BundleVariant {
  readonly id: string;
  readonly label: string;
  /** False when the build is a size estimate only (a stubbed package: the bundle would not run). */
  readonly works: boolean;
  /** True when the AWS SDK is inside (then its size is not comparable with the goal). */
  readonly sdkIncluded: boolean;
  /** Also launched in the cold-start section. */
  readonly coldStart: boolean;
  readonly options: Partial<BuildOptions>;
}

const sdkExternal: Partial<BuildOptions> = { external: ["@aws-sdk/*"] };
const lean: Partial<BuildOptions> = {
  keepNames: false,
  plugins: [replaceModule(/^\.\/compile\.js$/, /node_modules\/zod\//, ZOD_COMPILE_IDENTITY)],
};

export const bundleVariants: readonly BundleVariant[] = [
  {
    id: "shipped",
    label: "as shipped (CDK: SDK bundled, utf8, keepNames)",
    works: true,
    sdkIncluded: true,
    coldStart: false,
    options: {},
  },
  {
    id: "sdk-external",
    label: "SDK external (`@aws-sdk/*`)",
    works: true,
    sdkIncluded: false,
    coldStart: false,
    options: sdkExternal,
  },
  {
    id: "sdk-external-nokeepnames",
    label: "SDK external + no `keepNames`",
    works: true,
    sdkIncluded: false,
    coldStart: false,
    options: { ...sdkExternal, keepNames: false },
  },
  {
    id: "sdk-external-lean",
    label: "SDK external + no keepNames + `z.compile` → identity",
    works: true,
    sdkIncluded: false,
    coldStart: true,
    options: { ...sdkExternal, ...lean },
  },
  {
    id: "size-only-zod-mini",
    label: "SDK external + `zod` → `zod/mini` (size only: the contracts would have to use zod/mini's API)",
    works: false,
    sdkIncluded: false,
    coldStart: false,
    options: { ...sdkExternal, plugins: [redirectModule(/^zod$/, "zod/mini")] },
  },
  {
    id: "size-only-no-countries",
    label: "SDK external + without i18n-iso-countries (size only: no country names)",
    works: false,
    sdkIncluded: false,
    coldStart: false,
    options: { ...sdkExternal, plugins: [stubModules(/^i18n-iso-countries(\/.*)?$/)] },
  },
  {
    id: "sdk-bundled-lean",
    label: "SDK bundled + no keepNames + `z.compile` → identity",
    works: true,
    sdkIncluded: true,
    coldStart: true,
    options: lean,
  },
];

export interface Contributor {
  readonly name: string;
  readonly bytes: number;
  /** The direct dependencies (or project folders) through which it is imported. */
  readonly via: readonly string[];
}

export interface BundleMeasure {
  readonly fn: HubFunctionName;
  readonly variant: string;
  readonly bytes: number;
  readonly works: boolean;
}

export interface BundleFunctionData {
  readonly fn: HubFunctionName;
  readonly shippedBytes: number;
  readonly shippedSha256: string;
  readonly mirrorMatchesShipped: boolean;
  readonly sdkBundled: boolean;
  readonly sdkPackages: readonly string[];
  readonly sdkBytes: number;
  readonly excludingSdkBytes: number;
  readonly goalBytes: number;
  readonly met: boolean;
  readonly topPackages: readonly Contributor[];
  readonly topFiles: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  readonly zod: Record<string, number>;
}

export interface BundlesData {
  readonly shippedDirectory: string;
  readonly functions: readonly BundleFunctionData[];
  readonly variants: readonly BundleMeasure[];
}

/** `node_modules/<pkg>/…` → the package (zod split by its sub-entry); project files → their folder. */
function groupOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (match === null)
    return path
      .split("/")
      .slice(0, 3)
      .join("/")
      .replace(/\/[^/]*\.ts$/, "");
  const pkg = match[1] ?? path;
  const rest = match[2] ?? "";
  if (pkg === "zod") {
    const sub = /^v4\/(core|classic|mini|locales)\//.exec(rest)?.[1];
    return sub === undefined ? "zod" : `zod/v4/${sub}`;
  }
  return pkg;
}

function directDependencies(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
}

/**
 * Per input, through which direct dependency (or project folder) it entered the bundle: a BFS over
 * the metafile's import graph from the entry point, then walking up the first importer.
 */
function viaOf(metafile: Metafile, entryInput: string): Map<string, string> {
  const direct = directDependencies();
  const parent = new Map<string, string>();
  const queue = [entryInput];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const current = queue.shift() ?? "";
    for (const imported of metafile.inputs[current]?.imports ?? []) {
      if (imported.external || seen.has(imported.path) || metafile.inputs[imported.path] === undefined)
        continue;
      seen.add(imported.path);
      parent.set(imported.path, current);
      queue.push(imported.path);
    }
  }
  const via = new Map<string, string>();
  for (const path of Object.keys(metafile.inputs)) {
    let current: string | undefined = path;
    let answer = groupOf(path);
    while (current !== undefined) {
      const group = groupOf(current);
      const pkg = group.startsWith("zod/") ? "zod" : group;
      if (!current.includes("node_modules/")) {
        answer = group;
        break;
      }
      if (direct.has(pkg)) {
        answer = pkg;
        break;
      }
      current = parent.get(current);
    }
    via.set(path, answer);
  }
  return via;
}

async function measureBuild(fn: HubFunctionName, variant: BundleVariant) {
  const base = shippedBuildOptions(fn);
  const result = await build({ ...base, ...variant.options });
  const output = result.outputFiles?.find((file) => file.path.endsWith(".mjs"));
  if (output === undefined) throw new Error(`esbuild wrote no .mjs for ${fn}`);
  return { bytes: output.contents.byteLength, contents: output.contents, metafile: result.metafile };
}

function isSdk(path: string): boolean {
  return /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(path);
}

function contributors(metafile: Metafile, fn: HubFunctionName) {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (output === undefined) throw new Error(`no entry output for ${fn}`);
  const entryInput = output.entryPoint ?? "";
  const via = viaOf(metafile, entryInput);
  const groups = new Map<string, { bytes: number; via: Set<string> }>();
  const files: Array<{ path: string; bytes: number }> = [];
  for (const [path, input] of Object.entries(output.inputs)) {
    const name = groupOf(path);
    const group = groups.get(name) ?? { bytes: 0, via: new Set<string>() };
    group.bytes += input.bytesInOutput;
    const through = via.get(path);
    if (through !== undefined && through !== name && !(name.startsWith("zod") && through === "zod"))
      group.via.add(through);
    groups.set(name, group);
    files.push({ path, bytes: input.bytesInOutput });
  }
  const packages: Contributor[] = [...groups]
    .map(([name, group]) => ({ name, bytes: group.bytes, via: [...group.via].sort() }))
    .sort((a, b) => b.bytes - a.bytes);
  return { packages, files: files.sort((a, b) => b.bytes - a.bytes), outputBytes: output.bytes };
}

export async function runBundles(log: (line: string) => void): Promise<{
  report: SectionReport<BundlesData>;
  bundles: FunctionBundles;
}> {
  const started = performance.now();
  const bundles = await buildFunctionBundles();
  log(`  buildFunctionBundles(): ${fixed(performance.now() - started, 0)} ms`);
  const variants: BundleMeasure[] = [];
  const functions: BundleFunctionData[] = [];
  for (const fn of hubFunctionNames) {
    const shippedFile = join(bundles[fn].directory, "index.mjs");
    const shipped = readFileSync(shippedFile);
    const byVariant = new Map<string, Awaited<ReturnType<typeof measureBuild>>>();
    for (const variant of bundleVariants) {
      const measured = await measureBuild(fn, variant);
      byVariant.set(variant.id, measured);
      variants.push({ fn, variant: variant.id, bytes: measured.bytes, works: variant.works });
    }
    const mirror = byVariant.get("shipped");
    const external = byVariant.get("sdk-external");
    if (mirror === undefined || external === undefined) throw new Error("missing bundle variants");
    const shippedInputs = Object.keys(mirror.metafile?.inputs ?? {});
    const sdkInputs = shippedInputs.filter(isSdk);
    const sdkPackages = [...new Set(sdkInputs.map(groupOf))].filter((p) => p.startsWith("@aws-sdk/client-"));
    const excluding = external.metafile === undefined ? undefined : contributors(external.metafile, fn);
    const zod: Record<string, number> = {};
    for (const c of excluding?.packages ?? []) if (c.name.startsWith("zod")) zod[c.name] = c.bytes;
    functions.push({
      fn,
      shippedBytes: bundles[fn].bytes,
      shippedSha256: createHash("sha256").update(shipped).digest("hex"),
      mirrorMatchesShipped:
        mirror.bytes === bundles[fn].bytes &&
        createHash("sha256").update(mirror.contents).digest("hex") ===
          createHash("sha256").update(shipped).digest("hex"),
      sdkBundled: sdkInputs.length > 0,
      sdkPackages,
      sdkBytes: bundles[fn].bytes - external.bytes,
      excludingSdkBytes: external.bytes,
      goalBytes: bundleGoalOf(fn),
      met: external.bytes <= bundleGoalOf(fn),
      topPackages: (excluding?.packages ?? []).slice(0, 15),
      topFiles: (excluding?.files ?? []).slice(0, 12),
      zod,
    });
    log(`  ${fn}: shipped ${kb(bundles[fn].bytes)}, without the SDK ${kb(external.bytes)}`);
  }
  const data: BundlesData = { shippedDirectory: BUNDLE_ROOT, functions, variants };
  return { report: bundlesReport(data), bundles };
}

const kb = (bytes: number) => `${fixed(bytes / 1000, 1)} KB`;

function bundlesReport(data: BundlesData): SectionReport<BundlesData> {
  const main = markdownTable(
    [
      "function",
      "as shipped (CDK)",
      "SDK bundled?",
      "SDK clients",
      "SDK share",
      "excluding SDK",
      "goal",
      "met",
      "mirror = shipped",
    ],
    data.functions.map((f) => [
      f.fn,
      kb(f.shippedBytes),
      f.sdkBundled ? "yes" : "no",
      f.sdkPackages.join(", ") || "–",
      kb(f.sdkBytes),
      kb(f.excludingSdkBytes),
      `≤ ${kb(f.goalBytes)}`,
      f.met ? "met" : "not met",
      f.mirrorMatchesShipped ? "yes" : "NO (the rebuild differs from the shipped bundle)",
    ]),
    [1, 4, 5],
  );
  const whatIf = markdownTable(
    ["variant (esbuild options only)", "runs?", ...data.functions.map((f) => f.fn)],
    bundleVariants.map((variant) => [
      variant.label,
      variant.works ? "yes" : "no (size only)",
      ...data.functions.map((f) => {
        const bytes =
          data.variants.find((v) => v.fn === f.fn && v.variant === variant.id)?.bytes ?? Number.NaN;
        const mark = !variant.sdkIncluded && bytes <= f.goalBytes ? " ✓ goal" : "";
        return `${kb(bytes)}${mark}`;
      }),
    ]),
    [2, 3],
  );
  const tops = data.functions.map((f) =>
    [
      `**${f.fn}**, excluding the SDK (${kb(f.excludingSdkBytes)}): top contributors by bytes in the output`,
      "",
      markdownTable(
        ["package / folder", "bytes", "share", "imported via"],
        f.topPackages.map((c) => [
          c.name,
          kb(c.bytes),
          `${fixed((c.bytes / f.excludingSdkBytes) * 100, 1)} %`,
          c.via.join(", ") || "–",
        ]),
        [1, 2],
      ),
      "",
      `Largest files: ${f.topFiles.map((file) => `\`${file.path.replace(/^node_modules\//, "")}\` ${kb(file.bytes)}`).join(", ")}.`,
    ].join("\n"),
  );
  const markdown = [
    `Bundles built by \`buildFunctionBundles()\` (infra/bundling.ts: esbuild, ESM, ${ESBUILD_TARGET}, minify, UTF-8, keepNames, SDK bundled) in \`${data.shippedDirectory}\`; the size without the SDK from a second build with \`external: ["@aws-sdk/*"]\` (the @smithy/@aws-crypto packages go with it). 1 KB = 1,000 bytes.`,
    "",
    main,
    "",
    "What-if builds (same entry, esbuild options and plugins only; ✓ = within the goal, for bundles without the SDK). `z.compile` → identity replaces zod's `compile.js` by a module whose `compile(schema)` returns the schema (the hub's only use of it; validation then runs zod's runtime parser, see the hot-path what-if \"validate uncompiled\"); the size-only row stubs a package to show what removing it would save (that bundle would not run).",
    "",
    whatIf,
    "",
    ...tops.flatMap((t) => [t, ""]),
  ].join("\n");
  const goals: Goal[] = data.functions.map((f) => ({
    section: "bundles",
    goal: `${f.fn} bundle, excluding the SDK`,
    target: `≤ ${kb(f.goalBytes)}`,
    measured: `${kb(f.excludingSdkBytes)} (as shipped, SDK bundled: ${kb(f.shippedBytes)})`,
    met: f.met,
  }));
  return { id: "bundles", title: "2. Function bundles", data, markdown, goals };
}
