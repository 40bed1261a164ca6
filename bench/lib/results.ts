/**
 * Where a benchmark or cost run puts its results: the tracked bench/results/ only when asked with
 * `--write` (a run must not change committed files by accident), else the ignored .cache/bench/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
export const trackedResultsDir = join(repositoryRoot, "bench", "results");
const scratchResultsDir = join(repositoryRoot, ".cache", "bench");

export const writeRequested = (argv: readonly string[]): boolean => argv.includes("--write");

/** Writes `{ name: contents }` and says where; returns that line. */
export function saveResults(files: Readonly<Record<string, string>>, tracked: boolean): string {
  const directory = tracked ? trackedResultsDir : scratchResultsDir;
  mkdirSync(directory, { recursive: true });
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(directory, name), contents);
  const where = `${relative(repositoryRoot, directory)}/{${Object.keys(files).join(",")}}`;
  return tracked
    ? `results written to ${where}`
    : `results written to ${where} (add --write to update bench/results/)`;
}
