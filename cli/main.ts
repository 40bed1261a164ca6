import { type Command, UsageError } from "./command.ts";
import { type CommandName, commandLoaders } from "./commands/index.ts";

/** Every command, loaded: for the overview, which shows each one's summary. */
function loadAll(): Promise<Command[]> {
  return Promise.all(Object.values(commandLoaders).map((load) => load()));
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commandLoaders, name);
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "hub: the Order 195 interaction hub's command line",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `hub <command> --help` for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(overview(await loadAll()));
    return name === undefined ? 2 : 0;
  }
  if (!isCommandName(name)) {
    process.stderr.write(`hub: unknown command '${name}'\n\n${overview(await loadAll())}`);
    return 2;
  }
  const command = await commandLoaders[name]();
  try {
    return await command.execute(rest, { out: process.stdout });
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      process.stderr.write(`hub ${command.name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

// A reader that stops early (`hub catalogue | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
