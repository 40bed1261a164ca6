import { readFileSync } from "node:fs";
import { UsageError } from "./command.ts";

/** A request body from a file, or from standard input for `-`. */
export function readInput(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${path === "-" ? "standard input" : path}: ${(error as Error).message}`,
    );
  }
}
