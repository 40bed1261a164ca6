import { build } from "esbuild";
import { functionBuildOptions } from "./infra/bundling.ts";
async function main() {
  for (const name of ["reports", "audit"] as const) {
    const result = await build({ ...functionBuildOptions(name), metafile: true });
    const inputs = Object.entries(result.metafile.outputs).flatMap(([, o]) => Object.entries(o.inputs));
    const byPkg = new Map<string, number>();
    for (const [path, { bytesInOutput }] of inputs) {
      const key = path.includes("node_modules/") ? path.split("node_modules/")[1]!.split("/").slice(0, path.split("node_modules/")[1]!.startsWith("@") ? 2 : 1).join("/") : path.split("/").slice(0, 3).join("/");
      byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
    }
    console.log(name, [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}:${(v / 1024).toFixed(0)}`).join(" "));
  }
}
main();
