/** Regenerates every derived document under docs/ (a unit test fails when one is stale). */
import { writeFileSync } from "node:fs";
import { generatedDocs } from "./docs/index.ts";

for (const [path, render] of Object.entries(generatedDocs)) {
  writeFileSync(new URL(`../${path}`, import.meta.url), render());
  console.log(`wrote ${path}`);
}
