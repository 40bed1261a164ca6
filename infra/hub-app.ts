/**
 * The CDK app: one `HubStack` per selected deployment, with the AwsSolutions and Serverless cdk-nag
 * packs as validation plugins (synthesis fails on any unacknowledged finding).
 */
import { existsSync, readFileSync } from "node:fs";
import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { DeploymentId } from "../shared/domain/catalogue/index.ts";
import type { FunctionBundles } from "./bundling.ts";
import {
  CONFIG_CONTEXT_KEY,
  type ConfigOverrides,
  DEPLOYMENTS_CONTEXT_KEY,
  readConfigOverrides,
  resolveDeploymentConfigs,
  selectDeployments,
} from "./config/load.ts";
import { HubStack } from "./stacks/hub-stack.ts";

export interface HubAppOptions {
  readonly bundles: FunctionBundles;
  /** App props (e.g. `context`, `outdir`); the CLI passes context through the environment. */
  readonly appProps?: AppProps;
  /** Overrides given in code (tests); otherwise the `hubConfig` context. */
  readonly overrides?: ConfigOverrides;
  /** Account of deployments that name none. @default process.env.CDK_DEFAULT_ACCOUNT (pass `undefined` for none) */
  readonly defaultAccount?: string | undefined;
}

export interface HubApp {
  readonly app: App;
  readonly stacks: ReadonlyMap<DeploymentId, HubStack>;
}

/**
 * cdk.json's context (the feature flags), so that an app built in-process (tests, the local hub)
 * synthesizes what `cdk synth` does. The CLI's own context, cdk.json and `-c` flags included, wins.
 */
function cdkJsonContext(): Record<string, unknown> {
  const file = new URL("../cdk.json", import.meta.url);
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}

export function createHubApp(options: HubAppOptions): HubApp {
  const app = new App({
    ...options.appProps,
    context: { ...cdkJsonContext(), ...options.appProps?.context },
  });
  const selected = selectDeployments(app.node.tryGetContext(DEPLOYMENTS_CONTEXT_KEY));
  const overrides = options.overrides ?? readConfigOverrides(app.node.tryGetContext(CONFIG_CONTEXT_KEY));
  const configs = resolveDeploymentConfigs(selected, overrides, {
    defaultAccount: "defaultAccount" in options ? options.defaultAccount : process.env.CDK_DEFAULT_ACCOUNT,
  });
  const stacks = new Map<DeploymentId, HubStack>();
  for (const [deployment, config] of configs) {
    stacks.set(deployment, new HubStack(app, { deployment, config, bundles: options.bundles }));
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stacks };
}
