import type { Writable } from "node:stream";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly short?: string;
  readonly multiple?: boolean;
}

export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
  readonly out: Writable;
  readonly err: Writable;
}

/** A `hub` subcommand: its options drive both argument parsing and `--help`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(input: CommandInput): Promise<void> | void;
}

/** A failure the user can fix: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}
