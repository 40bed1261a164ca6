/**
 * All 21 deployments synthesized in-process, as `npx cdk synth` does (cdk.json's flags, both cdk-nag
 * packs; any finding fails), timed. The function bundles are built once and shared: one asset per
 * function in the whole cloud assembly.
 */
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildFunctionBundles, bundleBuilds } from "../../infra/bundling.ts";
import { deploymentIds } from "../../shared/domain/catalogue/index.ts";
import { hubFunctionNames } from "../../shared/wiring/functions.ts";
import {
  ALL_DEPLOYMENTS,
  resourcesOfType,
  SYNTH_TIMEOUT,
  type SynthesizedHub,
  synthesizeHub,
} from "./support/synth.ts";

let hub: SynthesizedHub;
let bundleMilliseconds = 0;

beforeAll(async () => {
  const started = performance.now();
  await buildFunctionBundles();
  bundleMilliseconds = performance.now() - started;
  hub = await synthesizeHub(ALL_DEPLOYMENTS);
}, SYNTH_TIMEOUT);

describe("the whole app", () => {
  it("synthesizes one stack per deployment of the catalogue, with zero cdk-nag findings", () => {
    expect([...hub.stacks.keys()]).toEqual(deploymentIds);
    expect(hub.assembly.stacks.map((stack) => stack.stackName).sort()).toEqual(
      deploymentIds.map((id) => `Order195Hub-${id}`).sort(),
    );
    const counts = Object.fromEntries(
      (["karaganda", "almaty", "transport"] as const).map((id) => [
        id,
        Object.keys(hub.json(id).Resources).length,
      ]),
    );
    console.log(
      `synth of all ${deploymentIds.length} stacks (with cdk-nag): ${(hub.milliseconds / 1000).toFixed(1)} s; ` +
        `bundling (once, before): ${(bundleMilliseconds / 1000).toFixed(1)} s; resources: ${JSON.stringify(counts)}`,
    );
  });

  it("builds the app with cdk.json's feature flags, as the CLI does", () => {
    const cdkJson = JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
      context: Record<string, unknown>;
    };
    for (const [flag, value] of Object.entries(cdkJson.context)) {
      expect(hub.app.node.tryGetContext(flag), flag).toEqual(value);
    }
  });

  it("bundles each function once per process and stages a single asset per function", () => {
    expect(bundleBuilds()).toBe(1);
    const codeKeys = new Set(
      deploymentIds.flatMap((id) =>
        resourcesOfType(hub.json(id), "AWS::Lambda::Function").map(
          ([, fn]) => (fn.Properties?.Code as { S3Key?: string } | undefined)?.S3Key,
        ),
      ),
    );
    expect(codeKeys.size).toBe(hubFunctionNames.length);
    const stagedAssets = readdirSync(hub.assembly.directory).filter((entry) => entry.startsWith("asset."));
    expect(stagedAssets).toHaveLength(hubFunctionNames.length);
  });
});
