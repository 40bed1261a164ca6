import { readFileSync } from "node:fs";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { postFeed } from "../feed-client.ts";
import { feedTarget, requireSource } from "../hub-config.ts";
import { renderTable } from "../table.ts";

function readInput(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read ${path === "-" ? "standard input" : path}: ${(error as Error).message}`,
    );
  }
}

export const sendCommand: Command = {
  name: "send",
  summary: "Sign a feed request (Standard Webhooks) and post it to the hub, as an upstream system does",
  usage: "hub send --source <kqp|burkit|bil> <file|->  [--api-url URL --key whsec_…]",
  options: {
    source: { type: "string", description: "the upstream feed: kqp, burkit or bil" },
    "api-url": { type: "string", description: "the ingest API (default: the local hub, or HUB_API_URL)" },
    key: {
      type: "string",
      description: "the source's signing key (default: the local hub's, or HUB_WEBHOOK_KEY)",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  async run({ values, positionals, out }) {
    const source = requireSource(values.source);
    const [file] = positionals;
    if (file === undefined) throw new UsageError("say which file to send (or - for standard input)");
    const body = readInput(file);
    const { apiUrl, key } = feedTarget(source, {
      apiUrl: values["api-url"] as string | undefined,
      key: values.key as string | undefined,
    });
    const response = await postFeed(apiUrl, key, source, body);
    if (values.json === true) {
      out.write(`${JSON.stringify({ status: response.status, body: response.body }, null, 2)}\n`);
    } else if (response.status === 202) {
      const results = (
        response.body as { results: { recordId: string; notificationId: string; status: string }[] }
      ).results;
      out.write(
        `202 accepted\n${renderTable(
          ["record", "notification", "status"],
          results.map((r) => [r.recordId, r.notificationId, r.status]),
        )}`,
      );
    } else {
      const error = (
        response.body as {
          error?: { code: string; message: string; details: { path: string; message: string }[] };
        }
      ).error;
      out.write(
        `${response.status} ${error?.code ?? ""}: ${error?.message ?? JSON.stringify(response.body)}\n`,
      );
      for (const detail of error?.details ?? []) out.write(`  ${detail.path || "/"}: ${detail.message}\n`);
    }
    if (response.status !== 202) process.exitCode = 1;
  },
};
