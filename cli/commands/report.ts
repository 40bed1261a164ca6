import type { ErrorBody } from "../../shared/api/responses.ts";
import { ownField } from "../../shared/reports/envelope.ts";
import { defineCommand, UsageError } from "../command.ts";
import { reportsTarget } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { readInput } from "../read-input.ts";
import { postReports, type ReportsResponse } from "../reports-client.ts";
import { renderTable } from "../table.ts";

/** The report ids of a request body, by position (`#<n>` where a report has none). */
function reportIdsOf(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const reports = ownField(parsed, "reports");
  if (!Array.isArray(reports)) return [];
  return reports.map((report: unknown, index) => {
    const id = ownField(report, "reportId");
    return typeof id === "string" ? id : `#${index}`;
  });
}

/** A refused request, report by report: all are refused together, each with its own field errors. */
function describeRefusal(status: number, { error }: ErrorBody, reportIds: readonly string[]): string {
  const ownerOf = (path: string) => /^\/reports\/(\d+)(?:\/|$)/.exec(path)?.[1];
  const line = (detail: { path: string; message: string }) => `  ${detail.path || "/"}: ${detail.message}\n`;
  const requestLevel = error.details.filter((detail) => ownerOf(detail.path) === undefined);
  const perReport = reportIds.map((reportId, index) => {
    const own = error.details.filter((detail) => ownerOf(detail.path) === String(index));
    const fate =
      own.length > 0
        ? `refused\n${own.map(line).join("")}`
        : "refused with the others (a request is stored whole or not at all)\n";
    return `${reportId}: ${fate}`;
  });
  return [`${status} ${error.code}: ${error.message}\n`, ...requestLevel.map(line), ...perReport].join("");
}

/** The hub's answer as an officer reads it: each report stored, a duplicate, or refused and why. */
function describe(response: ReportsResponse, reportIds: readonly string[]): string {
  if (response.accepted !== undefined) {
    const rows = response.accepted.results.map((r) => [r.reportId, r.notificationId, r.status]);
    return `202 accepted\n${renderTable(["report", "notification", "status"], rows)}`;
  }
  if (response.error === undefined) return `${response.status}: ${JSON.stringify(response.body)}\n`;
  return describeRefusal(response.status, response.error, reportIds);
}

export const reportCommand = defineCommand({
  name: "report",
  options: {
    unit: { type: "string", description: "the filing unit, whose role signs locally (e.g. duty)" },
    officer: {
      type: "string",
      description: "who files, the role session name (local hub; default: your user name)",
    },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your AWS credentials",
    },
    json: { type: "boolean", description: "print the hub's response as JSON" },
  },
  summary: "File a unit's reports (SigV4-signed with the unit's role) and show each one's fate",
  usage:
    "hub report --unit <unit> [--officer <id>] <file|->   |   against AWS: hub report --api-url URL <file|->",
  async run({ values, positionals, out }) {
    const [file] = positionals;
    if (file === undefined) throw new UsageError("say which reports file to send (or - for standard input)");
    const target = reportsTarget(values);
    const body = readInput(file);
    const response = await postReports(target, body);
    // The hub's answer may repeat upstream text: printed with its line breaks, nothing else raw.
    out.write(
      printable(
        values.json === true
          ? `${JSON.stringify({ status: response.status, body: response.body }, null, 2)}\n`
          : describe(response, reportIdsOf(body)),
        { lineFeeds: true },
      ),
    );
    return response.status === 202 ? 0 : 1;
  },
});
