/**
 * Reading synthesized CloudFormation: one deployment's stack synthesized in-process exactly as
 * `cdk synth` does it, and the small helpers to walk its untyped JSON. The local hub builds itself
 * from it; the cost model prices it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeploymentId } from "../shared/domain/catalogue/index.ts";
import { buildFunctionBundles } from "./bundling.ts";
import type { ConfigOverrides } from "./config/load.ts";
import type { DeploymentConfig } from "./config/schema.ts";
import { createHubApp } from "./hub-app.ts";

export type Properties = Record<string, unknown>;

export interface CloudFormationResource {
  readonly Type: string;
  readonly Properties?: Properties;
  readonly Metadata?: Record<string, unknown>;
}

export interface CloudFormationTemplate {
  readonly Resources: Record<string, CloudFormationResource>;
}

export interface SynthesizedDeployment {
  readonly template: CloudFormationTemplate;
  readonly config: DeploymentConfig;
  readonly stackName: string;
}

/**
 * The deployment's template, with path metadata (`aws:cdk:path`, naming each resource's construct)
 * as the CDK CLI writes it. cdk-nag runs as in `cdk synth`.
 */
export async function synthesizeDeployment(
  deployment: DeploymentId,
  options: { overrides?: ConfigOverrides } = {},
): Promise<SynthesizedDeployment> {
  // jsii prints a deprecation notice that aws-cdk-lib's own EventBusPolicy triggers; not ours to fix.
  process.env.JSII_DEPRECATED ??= "quiet";
  const outdir = mkdtempSync(join(tmpdir(), "hub-synth-"));
  try {
    const { app, stacks } = createHubApp({
      bundles: await buildFunctionBundles(),
      overrides: options.overrides,
      appProps: { outdir, context: { deployments: deployment, "aws:cdk:enable-path-metadata": true } },
    });
    const stack = stacks.get(deployment);
    if (stack === undefined) throw new Error(`the CDK app has no stack for ${deployment}`);
    const template = app.synth().getStackByName(stack.stackName).template as CloudFormationTemplate;
    return { template, config: stack.config, stackName: stack.stackName };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function record(value: unknown): Properties {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Properties) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The logical id behind `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }`. */
export function referencedId(value: unknown): string | undefined {
  const node = record(value);
  const getAtt = node["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  return typeof node.Ref === "string" ? node.Ref : undefined;
}

/** Every logical id a value refers to, however deeply nested (e.g. inside Fn::Join). */
export function referencedIds(value: unknown): string[] {
  const direct = referencedId(value);
  if (direct !== undefined) return [direct];
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(referencedIds);
  return [];
}

export function numberOr(value: unknown, fallback: number): number {
  const parsed = typeof value === "number" ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}
