/**
 * The Lambda bundles, built once per process with esbuild's JS API and shared by every stack: each
 * stack gets its own `lambda.Code.fromAsset(directory)` (a Code object is bound to one stack), but all
 * carry the same precomputed asset hash, so the cloud assembly stages one copy per function.
 */
import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AssetHashType } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { type BuildOptions, build } from "esbuild";
import { type HubFunctionName, hubFunctionNames } from "../shared/wiring/functions.ts";

/** The runtime every function runs on, and the matching esbuild target. */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = "node24";

/** Lambda's ESM entry: `index.mjs` exporting `handler`. */
export const BUNDLE_HANDLER = "index.handler";

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
export const BUNDLE_ROOT = join(repositoryRoot, ".cache", "bundles");

/** ESM bundles may contain CommonJS dependencies that call `require`: give them one. */
const REQUIRE_BANNER =
  "import { createRequire as __hubCreateRequire } from 'node:module'; const require = __hubCreateRequire(import.meta.url);";

export interface FunctionBundle {
  readonly name: HubFunctionName;
  /** The directory handed to `lambda.Code.fromAsset`. */
  readonly directory: string;
  /** SHA-256 of the bundle's files: the asset hash, so stacks skip re-fingerprinting the directory. */
  readonly hash: string;
  /** Size of `index.mjs` in bytes. */
  readonly bytes: number;
}

export type FunctionBundles = Readonly<Record<HubFunctionName, FunctionBundle>>;

/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeAtomically(path: string, contents: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** The esbuild options of a function's bundle, exactly as CDK ships it (the benchmark builds what-ifs from them). */
export function functionBuildOptions(name: HubFunctionName): BuildOptions & { write: false } {
  return {
    entryPoints: [join(repositoryRoot, "functions", name, "handler.ts")],
    outfile: join(BUNDLE_ROOT, name, "index.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: ESBUILD_TARGET,
    mainFields: ["module", "main"],
    minify: true,
    // The catalogue and country names are Cyrillic: as UTF-8 they are 40 KB smaller than as \u escapes.
    charset: "utf8",
    // Readable function and class names in stack traces without shipping a source map.
    keepNames: true,
    sourcemap: false,
    legalComments: "external",
    banner: { js: REQUIRE_BANNER },
    // The AWS SDK is bundled (pinned by package-lock.json): measured, it starts faster than Lambda's copy.
    external: [],
    write: false,
    logLevel: "warning",
  };
}

async function bundleFunction(name: HubFunctionName): Promise<FunctionBundle> {
  const directory = join(BUNDLE_ROOT, name);
  const result = await build(functionBuildOptions(name));
  const hash = createHash("sha256");
  let bytes = 0;
  for (const file of [...result.outputFiles].sort((a, b) => a.path.localeCompare(b.path))) {
    writeAtomically(file.path, file.contents);
    hash.update(basename(file.path)).update("\0").update(file.contents);
    if (file.path.endsWith(".mjs")) bytes = file.contents.byteLength;
  }
  return { name, directory, hash: hash.digest("hex"), bytes };
}

let built: Promise<FunctionBundles> | undefined;
let builds = 0;

/** How many times this process has bundled the functions (once, whatever the number of stacks). */
export function bundleBuilds(): number {
  return builds;
}

/** Builds every function's bundle the first time it is called in a process; later calls reuse the result. */
export function buildFunctionBundles(): Promise<FunctionBundles> {
  if (built === undefined) builds += 1;
  built ??= Promise.all(hubFunctionNames.map(bundleFunction)).then(
    (bundles) => Object.fromEntries(bundles.map((bundle) => [bundle.name, bundle])) as FunctionBundles,
  );
  return built;
}

/** A fresh Code object for one stack, pointing at the shared bundle (same asset hash everywhere). */
export function codeOf(bundle: FunctionBundle): lambda.Code {
  return lambda.Code.fromAsset(bundle.directory, {
    assetHash: bundle.hash,
    assetHashType: AssetHashType.CUSTOM,
  });
}
