import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { progressBar, renderProgress } from "../../../cli/progress-bar.ts";

/** A stream that keeps what is written to it, a terminal or not. */
function screen(terminal: boolean) {
  const written: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  return { out: Object.assign(out, { isTTY: terminal }), written };
}

describe("renderProgress", () => {
  it.each([
    [0, "[----------]   0%"],
    [0.26, "[##--------]  26%"],
    [0.999, "[#########-]  99%"],
    [1, "[##########] 100%"],
    [-1, "[----------]   0%"],
    [7, "[##########] 100%"],
    [Number.NaN, "[----------]   0%"],
  ])("draws %d as %s", (fraction, drawn) => {
    expect(renderProgress(fraction, 10)).toBe(drawn);
  });
});

describe("progressBar", () => {
  it("redraws one line on a terminal and replaces it with the final line", () => {
    const { out, written } = screen(true);
    const bar = progressBar(out);

    bar.update(0.5, "12 replayed");
    bar.finish("24 replayed");

    expect(written).toEqual([`\r\x1b[2K${renderProgress(0.5)} 12 replayed`, "\r\x1b[2K24 replayed\n"]);
  });

  it("writes only the final line to a pipe or a log", () => {
    const { out, written } = screen(false);
    const bar = progressBar(out);

    bar.update(0.5, "12 replayed");
    bar.finish("24 replayed");

    expect(written).toEqual(["24 replayed\n"]);
  });
});
