import { type Command, UsageError } from "./command.ts";
import { ackCommand } from "./commands/ack.ts";
import { auditCommand } from "./commands/audit.ts";
import { catalogueCommand } from "./commands/catalogue.ts";
import { demoCommand } from "./commands/demo.ts";
import { listsCommand } from "./commands/lists.ts";
import { pollCommand } from "./commands/poll.ts";
import { queryCommand } from "./commands/query.ts";
import { redriveCommand } from "./commands/redrive.ts";
import { replayCommand } from "./commands/replay.ts";
import { reportCommand } from "./commands/report.ts";
import { republishCommand } from "./commands/republish.ts";
import { sendCommand } from "./commands/send.ts";
import { statsCommand } from "./commands/stats.ts";
import { statusCommand } from "./commands/status.ts";
import { traceCommand } from "./commands/trace.ts";
import { verifyCommand } from "./commands/verify.ts";

const commands: readonly Command[] = [
  sendCommand,
  reportCommand,
  queryCommand,
  auditCommand,
  pollCommand,
  ackCommand,
  statusCommand,
  redriveCommand,
  republishCommand,
  replayCommand,
  traceCommand,
  listsCommand,
  statsCommand,
  verifyCommand,
  demoCommand,
  catalogueCommand,
];

function overview(): string {
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
    process.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`hub: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
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
