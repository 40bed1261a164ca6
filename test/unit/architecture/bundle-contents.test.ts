/**
 * What the function bundles load (docs/decisions/performance.md, "Bundles and cold start"): no
 * tracing SDK (X-Ray is Lambda's active tracing), and storage adapters that load no zod schema and no
 * country names, so that a function validating nothing of the kind does not ship them.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { functionBuildOptions } from "../../../infra/bundling.ts";
import { hubFunctionNames } from "../../../shared/wiring/functions.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The inputs of a build (the AWS SDK left external, as the bundles section measures); with `shipped`,
 * only those that put bytes into the output (not those tree-shaking dropped).
 */
async function inputsOf(entryPoints: readonly string[], shipped = false): Promise<string[]> {
  const { entryPoints: _shipped, outfile: _outfile, ...options } = functionBuildOptions("ingest");
  const result = await build({
    ...options,
    entryPoints: [...entryPoints],
    outdir: join(root, ".cache", "bundle-contents-test"),
    external: ["@aws-sdk/*"],
    metafile: true,
    logLevel: "error",
  });
  if (!shipped) return Object.keys(result.metafile.inputs);
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).flatMap(([path, input]) => (input.bytesInOutput > 0 ? [path] : [])),
  );
}

/** The packages among a build's inputs. */
async function packagesLoadedBy(entryPoints: readonly string[]): Promise<Set<string>> {
  const inputs = await inputsOf(entryPoints);
  return new Set(inputs.flatMap((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []));
}

describe("the function bundles", () => {
  it("load no tracing SDK", async () => {
    const packages = await packagesLoadedBy(
      hubFunctionNames.map((name) => join(root, "functions", name, "handler.ts")),
    );
    expect(packages).toContain("@aws-lambda-powertools/logger");
    for (const tracing of ["@aws-lambda-powertools/tracer", "aws-xray-sdk-core", "cls-hooked"]) {
      expect(packages).not.toContain(tracing);
    }
  }, 60_000);

  it("load neither zod nor the country names through the notification items every storage adapter builds", async () => {
    const packages = await packagesLoadedBy([join(root, "shared/adapters/dynamodb/notification-items.ts")]);
    expect(packages).not.toContain("zod");
    expect(packages).not.toContain("i18n-iso-countries");
  }, 60_000);

  it.each(["receipts", "stats", "monthly-list"])(
    "%s loads no classic zod, no notification schema and no kind texts (its contracts are zod/mini)",
    async (name) => {
      const inputs = await inputsOf([join(root, "functions", name, "handler.ts")], true);
      expect(inputs.filter((path) => path.includes("zod/v4/classic/"))).toEqual([]);
      expect(inputs).not.toContain("shared/domain/notification.ts");
      if (name !== "monthly-list") expect(inputs).not.toContain("shared/domain/catalogue/kind-texts.ts");
    },
    60_000,
  );
});
