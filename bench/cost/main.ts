/**
 * `npm run cost`: the monthly cost of one deployment and its cost per million notifications, from the
 * deployment's synthesized template (what it contains), the feed fixtures (what a notification
 * weighs once stored, published and delivered), the catalogue (who receives each kind) and the list
 * prices of bench/cost/prices.ts. Prints a Markdown report; `--write` updates
 * bench/results/cost.{json,md} (else they go to .cache/bench/). Asserts nothing; the model's
 * arithmetic is tested in test/unit/bench/cost.test.ts.
 *
 *   npm run cost -- [--deployment almaty] [--notifications 1000000] [--batch 100]
 *                   [--consumers-in-aws] [--bench-results bench/results/latest.json] [--write]
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { synthesizeDeployment } from "../../infra/template.ts";
import {
  deploymentIds,
  type FeedKindId,
  feedKindIds,
  isDeploymentId,
  kindsByUnit,
} from "../../shared/domain/catalogue/index.ts";
import { saveResults, trackedResultsDir, writeRequested } from "../lib/results.ts";
import { applyBenchFigures, defaultAssumptions } from "./assumptions.ts";
import { inventoryOf } from "./inventory.ts";
import type { Scenario } from "./model.ts";
import { average, measureKinds, profileOf, storeWritesOf } from "./profile.ts";
import { costReport } from "./report.ts";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

function positiveNumber(name: string, fallback: number): number {
  const raw = argument(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

const deployment = argument("deployment") ?? "almaty";
if (!isDeploymentId(deployment)) throw new Error(`--deployment must be one of ${deploymentIds.join(", ")}`);
const defaultScenario: Scenario = {
  notificationsPerMonth: positiveNumber("notifications", 1_000_000),
  batchSize: positiveNumber("batch", 100),
};
if (defaultScenario.batchSize > 100) throw new Error("--batch: a feed request carries at most 100 records");

const { template, config, stackName } = await synthesizeDeployment(deployment);
const { inventory, customMetrics, unitRuleKinds } = inventoryOf(
  template,
  stackName,
  config.region,
  config.retentionDays,
);
const mix = new Map<FeedKindId, number>(feedKindIds.map((kind) => [kind, 1]));
const store = storeWritesOf();
const { kinds, events } = measureKinds(
  deployment,
  mix,
  config.extraSubscriptions,
  config.retentionDays,
  config.region,
  store,
);
const units = [...kindsByUnit(config.extraSubscriptions).keys()];
const profile = profileOf(kinds, units, store);

const templateFanout = average(
  kinds.map((k) => [...unitRuleKinds.values()].filter((detailTypes) => detailTypes.includes(k.kind)).length),
);
const catalogueFanout = profile.unitShares.reduce((sum, share) => sum + share, 0);
const fanoutCheck =
  Math.abs(templateFanout - catalogueFanout) < 1e-9
    ? `catalogue ${catalogueFanout.toFixed(3)} = template ${templateFanout.toFixed(3)} (${units.length} units with a rule)`
    : `MISMATCH: catalogue ${catalogueFanout.toFixed(3)}, template ${templateFanout.toFixed(3)}`;

const eventText = events.join("\n");
const compression = gzipSync(eventText, { level: 6 }).byteLength / Buffer.byteLength(eventText);
const { assumptions, bench } = applyBenchFigures(
  defaultAssumptions(
    compression,
    inventory.secrets,
    !process.argv.includes("--consumers-in-aws"),
    config.retentionDays,
  ),
  argument("bench-results") ?? join(trackedResultsDir, "latest.json"),
);

const { markdown, json } = costReport({
  defaultScenario,
  inventory,
  kinds,
  units,
  profile,
  assumptions,
  customMetrics,
  compression,
  fanoutCheck,
  bench,
  retentionDays: config.retentionDays,
  store,
});
process.stdout.write(markdown);
process.stderr.write(
  `${saveResults({ "cost.json": json, "cost.md": markdown }, writeRequested(process.argv))}\n`,
);
