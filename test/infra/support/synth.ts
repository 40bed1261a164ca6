/**
 * Synthesizes hub stacks in-process exactly as `cdk synth` would (`createHubApp` reads cdk.json's
 * feature flags; both cdk-nag packs run as validation plugins and synthesis throws on any
 * unacknowledged finding). The infra project runs its files in shared workers (`isolate: false`), so
 * each distinct set of options is synthesized once per worker and every file asking for it reuses it:
 * files pick one of the presets below rather than options of their own where they can.
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
}

export interface SynthesizeOptions {
  /** Deployment ids, or undefined for all (the `deployments` context). */
  readonly deployments?: readonly DeploymentId[];
  readonly overrides?: ConfigOverrides;
  readonly defaultAccount?: string;
}

/** Two deployments of different kinds (an oblast-level city and the Transport Police), defaults. */
export const PAIR: SynthesizeOptions = { deployments: ["almaty", "transport"] };

/** almaty with the defaults beside a transport with its own receipt deadlines and checkpoint cadence. */
export const TUNED_PAIR: SynthesizeOptions = {
  deployments: ["almaty", "transport"],
  overrides: {
    deployments: {
      transport: {
        receipts: {
          deadlines: {
            urgent: { firstMinutes: 5, secondMinutes: 30 },
            routine: { firstMinutes: 240, secondMinutes: 480 },
          },
          overdueAlarmPerHour: 0,
        },
        evidence: { checkpointMinutes: 10, settleSeconds: 300 },
      },
    },
  },
};

/** All 21 deployments, shymkent keeping its data 90 days (so that per-deployment retention shows). */
export const ALL_DEPLOYMENTS: SynthesizeOptions = {
  overrides: { deployments: { shymkent: { retentionDays: 90 } } },
};

const synthesized = new Map<string, Promise<SynthesizedHub>>();
const outdirs: string[] = [];
process.once("exit", () => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

/**
 * The hub synthesized with these options, once per worker process: later calls get the same
 * templates (read-only by convention). The output directories go when the worker exits.
 */
export function synthesizeHub(options: SynthesizeOptions = {}): Promise<SynthesizedHub> {
  const key = JSON.stringify(options);
  let hub = synthesized.get(key);
  if (hub === undefined) {
    hub = synthesizeOnce(options);
    synthesized.set(key, hub);
  }
  return hub;
}

async function synthesizeOnce(options: SynthesizeOptions): Promise<SynthesizedHub> {
  const bundles = await buildFunctionBundles();
  const outdir = mkdtempSync(join(tmpdir(), "order195-infra-"));
  outdirs.push(outdir);
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
  };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
