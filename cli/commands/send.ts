import { defineCommand, UsageError } from "../command.ts";
import { type FeedResponse, postFeed } from "../feed-client.ts";
import { feedTarget, requireSource } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { readInput } from "../read-input.ts";
import { renderTable } from "../table.ts";

/** The hub's answer as a person reads it: the records and their fate, or what was wrong and where. */
function describe(response: FeedResponse): string {
  if (response.accepted !== undefined) {
    const rows = response.accepted.results.map((r) => [r.recordId, r.notificationId, r.status]);
    return `202 accepted\n${renderTable(["record", "notification", "status"], rows)}`;
  }
  const { error } = response;
  if (error === undefined) return `${response.status}: ${JSON.stringify(response.body)}\n`;
  const details = error.error.details.map((detail) => `  ${detail.path || "/"}: ${detail.message}\n`);
  return [`${response.status} ${error.error.code}: ${error.error.message}\n`, ...details].join("");
}

export const sendCommand = defineCommand({
  name: "send",
  options: {
    source: { type: "string", description: "the upstream feed: kqp, burkit or bil" },
    "api-url": { type: "string", description: "the ingest API (default: the local hub, or HUB_API_URL)" },
    key: {
      type: "string",
      description: "the source's signing key (default: the local hub's, or HUB_WEBHOOK_KEY)",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  summary: "Sign a feed request (Standard Webhooks) and post it to the hub, as an upstream system does",
  usage: "hub send --source <kqp|burkit|bil> <file|->  [--api-url URL --key whsec_…]",
  async run({ values, positionals, out }) {
    const source = requireSource(values.source);
    const [file] = positionals;
    if (file === undefined) throw new UsageError("say which file to send (or - for standard input)");
    const body = readInput(file);
    const { apiUrl, key } = feedTarget(source, values);
    const response = await postFeed(apiUrl, key, source, body);
    // The hub's answer may repeat upstream text: printed with its line breaks, nothing else raw.
    out.write(
      printable(
        values.json === true
          ? `${JSON.stringify({ status: response.status, body: response.body }, null, 2)}\n`
          : describe(response),
        { lineFeeds: true },
      ),
    );
    return response.status === 202 ? 0 : 1;
  },
});
