/**
 * `hub trace <notification id>` or `hub trace --source <system> --record <record id>`: where a
 * notification is, asked of the hub's API as a unit (SigV4 with the unit's role, as `hub report`).
 */
import { type ErrorBody, errorBodySchema } from "../../shared/api/responses.ts";
import { type Trace, type TraceDeadline, traceBodySchema, type UnitTrace } from "../../shared/api/trace.ts";
import { TRACE_PATHS } from "../../shared/wiring/trace-route.ts";
import { defineCommand, UsageError } from "../command.ts";
import { reportsTarget } from "../hub-config.ts";
import { readHubResponse } from "../hub-response.ts";
import { printable } from "../printable.ts";
import { signApiRequest } from "../signed-request.ts";
import { renderTable } from "../table.ts";

/** `1h 02m 05s`, `5m 12s`, `42s`. */
export function formatSeconds(total: number): string {
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (hours > 0) return `${hours}h ${two(minutes)}m ${two(seconds)}s`;
  return minutes > 0 ? `${minutes}m ${two(seconds)}s` : `${seconds}s`;
}

function deadlineCell(deadline: TraceDeadline | undefined): string {
  if (deadline === undefined) return "-";
  const escalated =
    deadline.escalation === undefined ? "" : `, escalated ${deadline.escalation.notificationId}`;
  switch (deadline.state) {
    case "met":
      return `met${escalated}`;
    case "open":
      return `open until ${deadline.dueAt}`;
    case "missed":
      return `missed by ${formatSeconds(deadline.lateSeconds ?? 0)} (due ${deadline.dueAt})${escalated}`;
  }
}

function unitRow(unit: UnitTrace): string[] {
  const byLevel = (level: TraceDeadline["level"]) =>
    unit.deadlines.find((deadline) => deadline.level === level);
  const actioned =
    unit.actioned === undefined
      ? "-"
      : `${unit.actioned.at} ${unit.actioned.officer}${unit.actioned.reference === undefined ? "" : ` (${unit.actioned.reference})`}`;
  return [
    unit.unit,
    unit.delivery,
    unit.received === undefined ? "-" : `${unit.received.at} ${unit.received.officer}`,
    actioned,
    deadlineCell(byLevel("first")),
    deadlineCell(byLevel("second")),
  ];
}

/** The trace as an officer reads it: the notification's hops, then one row per unit it is routed to. */
export function describeTrace(trace: Trace): string {
  const { notification } = trace;
  const filed =
    notification.filedBy === undefined
      ? ""
      : ` (filed by ${notification.filedBy.unit}, ${notification.filedBy.officer})`;
  const overdue = trace.units.filter((unit) => unit.overdue).map((unit) => unit.unit);
  const lines = [
    `notification ${notification.id}  ${notification.kind}  (receipt: ${trace.receiptClass})`,
    `  from       ${notification.upstream.system} record ${notification.upstream.recordId}${filed}`,
    `  occurred   ${notification.occurredAt}`,
    `  received   ${notification.receivedAt}  (and stored: the hub answers 202 after the write)`,
    `  published  ${trace.publishedAt ?? "not recorded yet"}`,
    `  dead-letter queues ${trace.deadLetters === "checked" ? "checked" : "not checked (on AWS: hub status, docs/alarms.md#unit-dlq)"}`,
    "",
  ];
  const table = renderTable(
    ["unit", "delivery", "received", "actioned", "first deadline", "second deadline"],
    trace.units.map(unitRow),
  );
  const summary = overdue.length === 0 ? "overdue: none" : `overdue: ${overdue.join(", ")}`;
  return `${lines.join("\n")}\n${table}${summary} (as of ${trace.checkedAt})\n`;
}

function describeRefusal(status: number, body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return `${status}: ${JSON.stringify(body)}\n`;
  const { error }: ErrorBody = parsed.data;
  return `${status} ${error.code}: ${error.message}\n`;
}

/** The route's path for the flags given: by notification id, or by upstream record. */
function tracePath(id: string | undefined, source: string | undefined, record: string | undefined): string {
  const segment = encodeURIComponent;
  if (id !== undefined && source === undefined && record === undefined)
    return TRACE_PATHS.byNotification.replace("{id}", segment(id)).slice(1);
  if (id === undefined && source !== undefined && record !== undefined)
    return TRACE_PATHS.byRecord
      .replace("{source}", segment(source))
      .replace("{recordId}", segment(record))
      .slice(1);
  throw new UsageError("say which notification: its id, or --source and --record (not both)");
}

export const traceCommand = defineCommand({
  name: "trace",
  options: {
    source: {
      type: "string",
      description: "the system of the upstream record (a feed, a filing unit, receipts), with --record",
    },
    record: { type: "string", description: "the upstream record id, with --source" },
    unit: { type: "string", description: "the unit asking, whose role signs locally (e.g. imc)" },
    officer: {
      type: "string",
      description: "who asks, the role session name (local hub; default: your user name)",
    },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your AWS credentials",
    },
    json: { type: "boolean", description: "print the trace as JSON" },
  },
  summary: "Where a notification is: stored, published, delivered, acknowledged, overdue",
  usage:
    "hub trace <notification id> --unit <unit>   |   hub trace --source <system> --record <id> --unit <unit>",
  async run({ values, positionals, out }) {
    const [id, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError("trace one notification at a time");
    const path = tracePath(id, values.source, values.record);
    const target = reportsTarget(values);
    const { url, headers } = await signApiRequest(target, { method: "GET", path });
    const answer = await readHubResponse(await fetch(url, { headers }), traceBodySchema, 200);
    const traced = answer.accepted;
    if (traced === undefined) {
      out.write(printable(describeRefusal(answer.status, answer.body), { lineFeeds: true }));
      return 1;
    }
    // Record ids and officers come from outside: printed with line breaks only, nothing else raw.
    out.write(
      printable(
        values.json === true ? `${JSON.stringify(traced.trace, null, 2)}\n` : describeTrace(traced.trace),
        { lineFeeds: true },
      ),
    );
    return 0;
  },
});
