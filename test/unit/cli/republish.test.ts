import { Writable } from "node:stream";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../cli/command.ts";
import { republishCommand } from "../../../cli/commands/republish.ts";
import { envNames } from "../../../shared/wiring/env.ts";

let printed = "";
const out = new Writable({
  write(chunk, _encoding, done) {
    printed += String(chunk);
    done();
  },
});
const republish = (...args: string[]) => republishCommand.execute(args, { out });

beforeEach(() => {
  printed = "";
  // No AWS target from the environment: the flags decide.
  vi.stubEnv(envNames.tableName, undefined);
  vi.stubEnv(envNames.eventBusName, undefined);
});

const day = ["--from", "2026-11-29", "--to", "2026-11-30"];

describe("hub republish", () => {
  it("prints its usage", async () => {
    expect(await republish("--help")).toBe(0);
    expect(printed).toContain("usage: hub republish --from <time> --to <time> [--kind <kind>]");
  });

  it.each([
    [["--to", "2026-11-30"], /--from is missing/],
    [["--from", "29.11.2026", "--to", "2026-11-30"], /--from must be an ISO date or date-time with its zone/],
    [["--from", "2026-11-29T10:00:00", "--to", "2026-11-30"], /--from must be an ISO date or date-time/],
    [["--from", "2026-11-30", "--to", "2026-11-29T23:00:00+05:00"], /--to must come after --from/],
    [[...day, "--kind", "no.such-kind"], /unknown kind 'no\.such-kind'/],
    [[...day, "--deployment", "atlantis"], /unknown deployment 'atlantis'/],
    [[...day, "--table", "notifications"], /against AWS, name both the table .* and the bus/],
  ])("refuses `%j` as a usage error, before reaching for a hub", async (args, reason) => {
    const refusal = republish(...args);

    await expect(refusal).rejects.toThrow(UsageError);
    await expect(refusal).rejects.toThrow(reason);
  });
});
