import type { Command } from "../command.ts";

/**
 * The subcommands in the order `hub --help` lists them. A command's module (and the SDK clients it
 * needs) is loaded only when it runs, so `hub send` does not pay for `hub verify`'s imports.
 */
export const commandLoaders = {
  send: () => import("./send.ts").then((module) => module.sendCommand),
  report: () => import("./report.ts").then((module) => module.reportCommand),
  query: () => import("./query.ts").then((module) => module.queryCommand),
  audit: () => import("./audit.ts").then((module) => module.auditCommand),
  poll: () => import("./poll.ts").then((module) => module.pollCommand),
  ack: () => import("./ack.ts").then((module) => module.ackCommand),
  status: () => import("./status.ts").then((module) => module.statusCommand),
  redrive: () => import("./redrive.ts").then((module) => module.redriveCommand),
  republish: () => import("./republish.ts").then((module) => module.republishCommand),
  replay: () => import("./replay.ts").then((module) => module.replayCommand),
  trace: () => import("./trace.ts").then((module) => module.traceCommand),
  lists: () => import("./lists.ts").then((module) => module.listsCommand),
  stats: () => import("./stats.ts").then((module) => module.statsCommand),
  verify: () => import("./verify.ts").then((module) => module.verifyCommand),
  demo: () => import("./demo.ts").then((module) => module.demoCommand),
  catalogue: () => import("./catalogue.ts").then((module) => module.catalogueCommand),
} satisfies Record<string, () => Promise<Command>>;

export type CommandName = keyof typeof commandLoaders;
