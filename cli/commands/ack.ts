import type { ReceiptRequest } from "../../shared/api/receipts.ts";
import { MAX_RECEIPTS_PER_REQUEST } from "../../shared/wiring/limits.ts";
import { defineCommand, UsageError } from "../command.ts";
import { reportsTarget } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { postReceipts, type ReceiptsResponse } from "../receipts-client.ts";
import { renderTable } from "../table.ts";

/** The hub's answer as an officer reads it: each acknowledgement recorded or unchanged, or the refusal. */
export function describeReceipts(response: ReceiptsResponse): string {
  if (response.accepted !== undefined) {
    const rows = response.accepted.results.map((r) => [
      r.notificationId,
      r.status,
      r.outcome,
      r.receivedAt,
      r.actionedAt ?? "",
      r.reference ?? "",
    ]);
    return renderTable(["notification", "status", "outcome", "received", "actioned", "reference"], rows);
  }
  if (response.error === undefined) return `${response.status}: ${JSON.stringify(response.body)}\n`;
  const { code, message, details } = response.error.error;
  const lines = details.map((detail) => `  ${detail.path || "/"}: ${detail.message}\n`);
  return [`${response.status} ${code}: ${message}\n`, ...lines].join("");
}

export const ackCommand = defineCommand({
  name: "ack",
  options: {
    unit: { type: "string", description: "the acknowledging unit, whose role signs locally (e.g. imc)" },
    officer: {
      type: "string",
      description: "who acknowledges, the role session name (local hub; default: your user name)",
    },
    actioned: { type: "boolean", description: "acknowledge `actioned` (acted upon) instead of `received`" },
    ref: { type: "string", description: "with --actioned: a short reference, e.g. a case number" },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your AWS credentials",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  summary: "Acknowledge notifications routed to your unit: `received`, or `actioned` with a reference",
  usage: "hub ack --unit <unit> [--officer <id>] [--actioned [--ref <reference>]] <notification id>…",
  async run({ values, positionals, out }) {
    if (positionals.length === 0)
      throw new UsageError("say which notification(s) to acknowledge (their ids)");
    if (positionals.length > MAX_RECEIPTS_PER_REQUEST)
      throw new UsageError(`at most ${MAX_RECEIPTS_PER_REQUEST} notifications at a time`);
    if (values.ref !== undefined && values.actioned !== true)
      throw new UsageError("--ref goes with --actioned: a reference says what was done");
    const receipts: ReceiptRequest[] = positionals.map((notificationId) =>
      values.actioned === true
        ? {
            notificationId,
            status: "actioned",
            ...(values.ref === undefined ? {} : { reference: values.ref }),
          }
        : { notificationId, status: "received" },
    );
    const response = await postReceipts(reportsTarget(values), receipts);
    out.write(
      printable(
        values.json === true
          ? `${JSON.stringify({ status: response.status, body: response.body }, null, 2)}\n`
          : describeReceipts(response),
        { lineFeeds: true },
      ),
    );
    return response.status === 200 ? 0 : 1;
  },
});
