import type { Writable } from "node:stream";

/** A one-line progress bar for long commands (`hub replay`): drawn on a terminal, silent in a pipe or log. */
export interface ProgressBar {
  /** Redraws the bar at `fraction` (0 to 1) with a short status after it. */
  update(fraction: number, status: string): void;
  /** Replaces the bar with the final line (printed on a terminal and off it). */
  finish(summary: string): void;
}

const BAR_WIDTH = 30;
/** Carriage return, then erase the line: the next drawing replaces the bar. */
const REDRAW = "\r\x1b[2K";

/** `[#########---------------------]  30%`: `fraction` clamped to 0..1, rounded down (full only when done). */
export function renderProgress(fraction: number, width = BAR_WIDTH): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.floor(clamped * width);
  const percent = String(Math.floor(clamped * 100)).padStart(3);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${percent}%`;
}

export function progressBar(out: Writable): ProgressBar {
  const terminal = "isTTY" in out && out.isTTY === true;
  let drawn = false;
  return {
    update(fraction, status) {
      if (!terminal) return;
      out.write(`${REDRAW}${renderProgress(fraction)} ${status}`);
      drawn = true;
    },
    finish(summary) {
      out.write(`${drawn ? REDRAW : ""}${summary}\n`);
    },
  };
}
