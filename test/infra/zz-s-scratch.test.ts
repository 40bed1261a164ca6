import { existsSync } from "node:fs";
import { join } from "node:path";
import { Validations } from "aws-cdk-lib";
import { it } from "vitest";
import type { FunctionBundle, FunctionBundles } from "../../infra/bundling.ts";
import { createHubApp } from "../../infra/hub-app.ts";
import { PLACEHOLDER_WARNING } from "../../infra/stacks/hub-stack.ts";
import { hubFunctionNames } from "../../shared/wiring/functions.ts";

it("synth", async () => {
  const fake = (name: string): FunctionBundle => ({ name: name as never, directory: join(".cache/bundles", existsSync(join(".cache/bundles", name)) ? name : "ingest"), hash: name, bytes: 1 });
  const bundles = Object.fromEntries(hubFunctionNames.map((n) => [n, fake(n)])) as unknown as FunctionBundles;
  const { app, stacks } = createHubApp({ bundles, overrides: {}, appProps: { outdir: "/tmp/s/out", context: { deployments: "almaty" } } });
  Validations.of(app).acknowledge({ id: PLACEHOLDER_WARNING, reason: "scratch" });
  const assembly = app.synth();
  const t = assembly.getStackByName(stacks.get("almaty")!.stackName).template as { Resources: Record<string, { Type: string; Properties?: unknown }> };
  for (const [id, r] of Object.entries(t.Resources)) if (/MonthlyLists|Statistics/.test(id)) console.log(id, r.Type, /Schedule|BucketPolicy|Bucket$/.test(r.Type) ? JSON.stringify(r.Properties) : "");
}, 300000);
