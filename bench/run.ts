/**
 * `npm run bench` (`tsx bench/run.ts`): the hub's benchmark suite. Each section measures figures and
 * their floor side by side in this one run and says, per goal, met or not met; nothing is asserted.
 *
 *   1. hot path per record (verify → parse → validate/normalise → jurisdiction → store items)
 *   2. function bundles (as CDK ships them, without the SDK, top contributors, what-ifs)
 *   3. cold start (fresh Node process: import the real bundle + one event, against a floor with the same SDK clients and first call)
 *   4. local end to end (startLocalHub, signed requests until every unit queue holds them)
 *   5. evidence checkpoint builder (leaves per second of buildCheckpoint, its stages, a hash-only floor)
 *   6. queries on a full table (person look-up and stay verdict on 100,000 notifications: p50, p99, read units)
 *
 * Options: `--quick` (small N, under 2 minutes on 2 cores), `--only=hot-path,bundles,...` (those
 * sections only), `--write` (a run of every section updates the committed bench/results/latest.{json,md};
 * without it, or for a partial run, the results go to .cache/bench/).
 */
import "./lib/env.ts";
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import type { FunctionBundles } from "../infra/bundling.ts";
import { benchEnvironment } from "./lib/env.ts";
import { markdownTable } from "./lib/markdown.ts";
import { type Goal, parseRunOptions, type SectionId, type SectionReport } from "./lib/report.ts";
import { saveResults } from "./lib/results.ts";
import { fixed } from "./lib/stats.ts";
import { timingSink } from "./lib/timing.ts";

const options = parseRunOptions(process.argv.slice(2));
const mode = options.quick ? "quick" : "full";
const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

function git(...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: repositoryRoot, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

const startedAt = new Date();
const started = performance.now();
const loadBefore = loadavg();
const measuredPaths = ["functions", "shared", "local", "infra", "package-lock.json"];
const meta = {
  startedAt: startedAt.toISOString(),
  mode,
  sections: [...options.sections],
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  commit: git("rev-parse", "HEAD"),
  /** Measured code with uncommitted changes when the run started (others work in this checkout). */
  uncommittedMeasuredFiles: git("status", "--porcelain", "--", ...measuredPaths)
    .split("\n")
    .filter((line) => line !== "").length,
  environment: benchEnvironment,
  loadAverageAtStart: loadBefore.map((value) => Number(value.toFixed(2))),
};

const reports: SectionReport[] = [];
const failures: Array<{ id: SectionId; message: string }> = [];
let bundles: FunctionBundles | undefined;

async function section(id: SectionId, run: () => Promise<SectionReport>): Promise<void> {
  if (!options.sections.has(id)) return;
  log(`[${id}] ${mode} …`);
  const sectionStart = performance.now();
  try {
    const report = await run();
    reports.push(report);
    log(`[${id}] done in ${fixed((performance.now() - sectionStart) / 1000, 1)} s`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push({ id, message });
    log(`[${id}] FAILED: ${message}`);
  }
}

await section("hot-path", async () => (await import("./hot-path.ts")).runHotPath(options.quick, log));
await section("bundles", async () => {
  const result = await (await import("./bundles.ts")).runBundles(log);
  bundles = result.bundles;
  return result.report;
});
await section("cold-start", async () => {
  const { buildFunctionBundles } = await import("../infra/bundling.ts");
  bundles ??= await buildFunctionBundles();
  return (await import("./cold-start.ts")).runColdStart(options.quick, bundles, log);
});
await section("end-to-end", async () => (await import("./end-to-end.ts")).runEndToEnd(options.quick, log));
await section("evidence", async () => (await import("./evidence.ts")).runEvidence(options.quick, log));
await section("queries", async () => (await import("./queries.ts")).runQueries(options.quick, log));

const goals: Goal[] = reports.flatMap((report) => [...report.goals]);
const durationSeconds = (performance.now() - started) / 1000;
const finished = {
  ...meta,
  durationSeconds: Number(durationSeconds.toFixed(1)),
  loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))),
  timingSink: timingSink(),
};

const goalsTable = markdownTable(
  ["section", "goal", "target", "measured", "status"],
  [
    ...goals.map((g) => [g.section, g.goal, g.target, g.measured, g.met ? "**met**" : "**not met**"]),
    ...failures.map((f) => [f.id, "(section failed)", "–", f.message.split("\n")[0] ?? "", "not measured"]),
  ],
);
const met = goals.filter((g) => g.met).length;
const document = [
  `# Benchmarks: ${mode} run of ${finished.startedAt}`,
  "",
  `Node ${finished.node} on ${finished.platform}, ${finished.cpus}, ${finished.memoryGb} GB; commit \`${finished.commit.slice(0, 12)}\`${finished.uncommittedMeasuredFiles > 0 ? ` with ${finished.uncommittedMeasuredFiles} uncommitted file(s) under ${measuredPaths.join(", ")} (the working tree was measured)` : ""}; ${fixed(durationSeconds, 0)} s; load average ${finished.loadAverageAtStart.join(" / ")} at the start, ${finished.loadAverageAtEnd.join(" / ")} at the end (other work on this machine shares its ${cpus().length} cores: absolute figures move with it, paired ratios much less). Production runs Lambda on Node 24 arm64: absolute figures here are not Lambda's.`,
  "",
  `## Goals: ${met} of ${goals.length} met`,
  "",
  goalsTable,
  "",
  ...reports.flatMap((report) => [`## ${report.title}`, "", report.markdown, ""]),
  ...(failures.length > 0
    ? ["## Failed sections", "", ...failures.map((f) => `- ${f.id}: ${f.message.split("\n")[0] ?? ""}`), ""]
    : []),
].join("\n");

process.stdout.write(`${document}\n`);

const json = JSON.stringify(
  { meta: finished, goals, failures, sections: Object.fromEntries(reports.map((r) => [r.id, r.data])) },
  null,
  2,
);
log(saveResults({ "latest.json": `${json}\n`, "latest.md": `${document}\n` }, options.write));
process.exitCode = failures.length > 0 ? 1 : 0;
