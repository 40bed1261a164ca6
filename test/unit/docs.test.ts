import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedDocs } from "../../scripts/docs/index.ts";

describe("generated docs", () => {
  it.each(Object.entries(generatedDocs))("%s is up to date (run `npm run docs`)", (path, render) => {
    const committed = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
    expect(committed).toBe(render());
  });
});
