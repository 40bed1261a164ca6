import { Writable } from "node:stream";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineCommand } from "../../../cli/command.ts";
import { commandLoaders } from "../../../cli/commands/index.ts";

function captured() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { out, text: () => chunks.join("") };
}

describe("defineCommand", () => {
  const echo = defineCommand({
    name: "echo",
    summary: "Print what it was given",
    usage: "hub echo [--name N] [--loud] [--tag T]… <words>",
    options: {
      name: { type: "string", description: "who" },
      loud: { type: "boolean", description: "shout" },
      tag: { type: "string", description: "a tag; repeatable", multiple: true },
    },
    run({ values, positionals, out }) {
      expectTypeOf(values.name).toEqualTypeOf<string | undefined>();
      expectTypeOf(values.loud).toEqualTypeOf<boolean | undefined>();
      expectTypeOf(values.tag).toEqualTypeOf<string[]>();
      out.write(JSON.stringify({ ...values, positionals }));
      return values.loud === true ? 1 : 0;
    },
  });

  it("passes the option values typed from the spec and returns the command's exit code", async () => {
    const { out, text } = captured();

    const code = await echo.execute(["--name", "imc", "--loud", "--tag", "a", "--tag", "b", "hi"], { out });

    expect(code).toBe(1);
    expect(JSON.parse(text())).toMatchObject({
      name: "imc",
      loud: true,
      tag: ["a", "b"],
      positionals: ["hi"],
    });
  });

  it("gives a repeatable option that is absent as an empty list", async () => {
    const { out, text } = captured();

    expect(await echo.execute([], { out })).toBe(0);
    expect(JSON.parse(text())).toEqual({ tag: [], positionals: [] });
  });

  it("prints its help from the option specs instead of running", async () => {
    const { out, text } = captured();

    expect(await echo.execute(["--help"], { out })).toBe(0);
    expect(text()).toContain("usage: hub echo");
    expect(text()).toContain("  --name <value>  who");
    expect(text()).toContain("  --loud  shout");
  });
});

describe("the command index", () => {
  it("loads, under each name, the command of that name", async () => {
    for (const [name, load] of Object.entries(commandLoaders)) {
      expect((await load()).name).toBe(name);
    }
  });
});
