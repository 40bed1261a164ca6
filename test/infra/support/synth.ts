/**
 * Synthesizes hub stacks in-process exactly as `cdk synth` would (`createHubApp` reads cdk.json's
 * feature flags; both cdk-nag packs run as validation plugins and synthesis throws on any
 * unacknowledged finding), once per call; tests reuse the returned templates.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { buildFunctionBundles } from "../../../infra/bundling.ts";
import type { ConfigOverrides } from "../../../infra/config/load.ts";
import { createHubApp } from "../../../infra/hub-app.ts";
import type { HubStack } from "../../../infra/stacks/hub-stack.ts";
import { PLACEHOLDER_WARNING } from "../../../infra/stacks/hub-stack.ts";
import type { DeploymentId } from "../../../shared/domain/catalogue/index.ts";

/** A CloudFormation template as plain JSON. */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { Value: unknown; Description?: string }>;
}
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string | string[];
}

/** Hooks that synthesize get this long (all 21 stacks take ~10 s on 2 cores; leave room for slow CI). */
export const SYNTH_TIMEOUT = 180_000;

export interface SynthesizedHub {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly stacks: ReadonlyMap<DeploymentId, HubStack>;
  readonly milliseconds: number;
  template(deployment: DeploymentId): Template;
  json(deployment: DeploymentId): CfnTemplate;
  dispose(): void;
}

export interface SynthesizeOptions {
  /** Deployment ids, or undefined for all (the `deployments` context). */
  readonly deployments?: readonly DeploymentId[];
  readonly overrides?: ConfigOverrides;
  readonly defaultAccount?: string;
}

export async function synthesizeHub(options: SynthesizeOptions = {}): Promise<SynthesizedHub> {
  const bundles = await buildFunctionBundles();
  const outdir = mkdtempSync(join(tmpdir(), "order195-infra-"));
  const started = performance.now();
  const { app, stacks } = createHubApp({
    bundles,
    overrides: options.overrides ?? {},
    defaultAccount: options.defaultAccount,
    appProps: {
      outdir,
      context: options.deployments === undefined ? {} : { deployments: options.deployments.join(",") },
    },
  });
  // The embedded defaults are placeholders on purpose here; synth's warning about them is for humans.
  Validations.of(app).acknowledge({
    id: PLACEHOLDER_WARNING,
    reason: "tests synthesize the embedded placeholder configuration on purpose",
  });
  const assembly = app.synth();
  const milliseconds = performance.now() - started;
  const templates = new Map<DeploymentId, Template>();
  const stackOf = (deployment: DeploymentId) => {
    const stack = stacks.get(deployment);
    if (stack === undefined) throw new Error(`${deployment} was not synthesized`);
    return assembly.getStackByName(stack.stackName);
  };
  return {
    app,
    assembly,
    stacks,
    milliseconds,
    template(deployment) {
      let template = templates.get(deployment);
      if (template === undefined) {
        template = Template.fromJSON(stackOf(deployment).template as Record<string, unknown>);
        templates.set(deployment, template);
      }
      return template;
    },
    json: (deployment) => stackOf(deployment).template as CfnTemplate,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
