/**
 * `npx cdk synth` (all 21 deployments) or `npx cdk synth -c deployments=almaty,transport`.
 * Configuration overrides: `-c hubConfig=path/to/overrides.json` (see docs/deploying.md).
 */
import { buildFunctionBundles } from "./bundling.ts";
import { ConfigurationError } from "./config/load.ts";
import { createHubApp } from "./hub-app.ts";

try {
  createHubApp({ bundles: await buildFunctionBundles() });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exitCode = 1;
}
