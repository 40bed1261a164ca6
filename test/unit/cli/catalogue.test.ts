import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { hubKindIds, kindIds, kinds } from "../../../shared/domain/catalogue/index.ts";

const hub = (...args: string[]) =>
  execFileSync(process.execPath, [new URL("../../../bin/hub.mjs", import.meta.url).pathname, ...args], {
    encoding: "utf8",
  });

describe("hub catalogue", () => {
  it("prints every kind with its subscribers as JSON", () => {
    const printed = JSON.parse(hub("catalogue", "--json")) as {
      kinds: { id: string; subscribers: string[] }[];
      units: unknown[];
      deployments: unknown[];
    };

    expect(printed.kinds.map((kind) => kind.id)).toEqual(kindIds);
    for (const kind of printed.kinds) {
      expect(kind.subscribers).toEqual(kinds[kind.id as keyof typeof kinds].subscribers);
    }
    expect(printed.units).toHaveLength(12);
    expect(printed.deployments).toHaveLength(21);
  });

  it("prints a readable table with one line per kind", () => {
    const table = hub("catalogue");

    for (const id of kindIds) expect(table).toMatch(new RegExp(`^${id.replace(".", "\\.")}\\s`, "m"));
    expect(table).toContain(
      `31 kinds of the order and ${hubKindIds.length} of the hub's own, 12 unit types, 21 deployments`,
    );
    expect(table).toMatch(/^biometric\.watchlist-hit\s.*\surgent$/m);
  });
});
