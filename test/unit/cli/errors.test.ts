import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";

const bin = new URL("../../../bin/hub.mjs", import.meta.url).pathname;
/** Runs the CLI in `cwd`, with no AWS targets in the environment. */
function hubIn(cwd: string, ...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("HUB_")));
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
/** Runs the CLI where no local hub has ever run. */
const hub = (...args: string[]) => hubIn(mkdtempSync(`${tmpdir()}/hub-cli-`), ...args);

describe("hub CLI errors and help", () => {
  it.each(["send", "report", "poll", "status", "redrive", "demo", "catalogue"])(
    "`hub %s --help` prints its usage",
    (command) => {
      const { status, stdout } = hub(command, "--help");

      expect(status).toBe(0);
      expect(stdout).toContain(`usage: hub ${command}`);
    },
  );

  it.each([
    [["poll", "--unit", "bogus"], /unknown unit 'bogus'\. Units: imc, /],
    [["send", "--source", "sirena", "x.json"], /unknown source 'sirena'\. Sources: kqp, burkit, bil/],
    [["send", "--source", "kqp", "no-such-file.json"], /cannot read no-such-file\.json/],
    [["poll", "--unit", "imc"], /no local hub found .*npm start/],
    [["demo"], /no local hub found/],
    [["report", "--unit", "duty", "reports.json"], /no local hub found/],
    [["report", "--unit", "bogus", "reports.json"], /unknown unit 'bogus'/],
    [["report", "--unit", "duty"], /say which reports file to send/],
    [["status", "--bogus"], /Unknown option '--bogus'/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("`hub %j` fails with a clear one-line reason and exit code 2", (args, reason) => {
    const { status, stderr } = hub(...(args as string[]));

    expect(status).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses a connection file that is not a local hub's in one line, exit code 2", () => {
    const cwd = mkdtempSync(`${tmpdir()}/hub-cli-`);
    mkdirSync(`${cwd}/.hub`);
    writeFileSync(`${cwd}/.hub/local.json`, JSON.stringify({ apiUrl: "not a url" }));

    const { status, stderr } = hubIn(cwd, "status");

    expect(status).toBe(2);
    expect(stderr).toMatch(/^hub status: \.hub\/local\.json is not a local hub file: apiUrl: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
