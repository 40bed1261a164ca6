import type { Writable } from "node:stream";
import { parseArgs } from "node:util";

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly description: string;
  readonly short?: string;
  readonly multiple?: boolean;
}
type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What `parseArgs` yields for an option of this spec (a repeatable option is `[]` when absent). */
type OptionValue<Spec extends OptionSpec> = Spec["multiple"] extends true
  ? Spec["type"] extends "string"
    ? string[]
    : boolean[]
  : (Spec["type"] extends "string" ? string : boolean) | undefined;

export type OptionValues<Specs extends OptionSpecs> = {
  readonly [Name in keyof Specs]: OptionValue<Specs[Name]>;
};

export interface CommandOutput {
  readonly out: Writable;
}

export interface CommandInput<Specs extends OptionSpecs> extends CommandOutput {
  readonly values: OptionValues<Specs>;
  readonly positionals: readonly string[];
}

/** Exit codes: 0 done, 1 the hub refused or did not deliver, 2 a usage error (see `UsageError`). */
type ExitCode = number;

export interface CommandDefinition<Specs extends OptionSpecs> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Specs;
  run(input: CommandInput<Specs>): Promise<ExitCode> | ExitCode;
}

/** A `hub` subcommand: its options drive both argument parsing and `--help`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Parses the command's arguments, then runs it (or prints its help); resolves to the exit code. */
  execute(args: readonly string[], output: CommandOutput): Promise<ExitCode>;
}

/** A failure the user can fix: printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {}

function helpOf(definition: Pick<CommandDefinition<OptionSpecs>, "summary" | "usage" | "options">): string {
  const options = Object.entries(definition.options).map(
    ([name, spec]) => `  --${name}${spec.type === "string" ? " <value>" : ""}  ${spec.description}`,
  );
  return [
    definition.summary,
    "",
    `usage: ${definition.usage}`,
    "",
    "options:",
    ...options,
    "  --help  show this help",
    "",
  ].join("\n");
}

/** A command whose `run` receives its option values typed from its option specs. */
export function defineCommand<const Specs extends OptionSpecs>(
  definition: CommandDefinition<Specs>,
): Command {
  const parseOptions = Object.fromEntries(
    Object.entries(definition.options).map(([name, spec]) => [
      name,
      spec.multiple === true ? { ...spec, default: [] } : spec,
    ]),
  );
  return {
    name: definition.name,
    summary: definition.summary,
    async execute(args, output) {
      const { values, positionals } = parseArgs({
        args: [...args],
        options: { ...parseOptions, help: { type: "boolean", short: "h" } },
        allowPositionals: true,
        strict: true,
      });
      if (values.help === true) {
        output.out.write(helpOf(definition));
        return 0;
      }
      // Strict parsing has checked every value against its spec: the one place the types meet.
      return definition.run({ values: values as OptionValues<Specs>, positionals, ...output });
    },
  };
}
