/**
 * `hub stats [--from YYYY-MM] [--to YYYY-MM] [--by kind|unit|month|citizenship]`: the exchange's
 * statistics (rules art. 6.1, 10.3), asked of the hub's API as a unit (SigV4 with the unit's role, as
 * `hub trace`): a table, bars per month in the terminal (`--chart`), or CSV for a spreadsheet.
 */
import { type ErrorBody, errorBodySchema } from "../../shared/api/responses.ts";
import { isKindId, isUnitId, kindTexts, units } from "../../shared/domain/catalogue/index.ts";
import { csvText } from "../../shared/domain/lists/csv.ts";
import { addMonths, isMonth, monthOf } from "../../shared/domain/lists/months.ts";
import {
  type StatsReport,
  statsDimensions,
  statsReportSchema,
} from "../../shared/domain/stats/statistics.ts";
import { STATS_PATH } from "../../shared/wiring/stats-route.ts";
import { defineCommand, UsageError } from "../command.ts";
import { reportsTarget } from "../hub-config.ts";
import { readHubResponse } from "../hub-response.ts";
import { printable } from "../printable.ts";
import { signApiRequest } from "../signed-request.ts";
import { renderTable } from "../table.ts";

/** Kazakhstan's clocks (UTC+5 everywhere since March 2024): what "this month" means by default. */
const KAZAKHSTAN_TIME_ZONE = "Asia/Almaty";
/** A year up to this month, unless told otherwise. */
const DEFAULT_MONTHS = 12;
/** Per-month columns in the table up to this many months; beyond, the total only. */
const MONTH_COLUMNS_MAX = 12;
/** Rows charted by kind, unit or citizenship: the leading ones. */
const CHART_ROWS = 8;
const BAR_WIDTH = 40;
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** What a row's key means to a reader: a kind's or a unit's English title; a month or a code as it is. */
function labelOf(key: string): string {
  if (isKindId(key)) return kindTexts[key].title.en;
  if (isUnitId(key)) return units[key].name.en;
  return "";
}

/** The statistics as a table: a row per key, its total, and a column per month when they fit. */
export function describeStats(report: StatsReport): string {
  const monthColumns = report.months.length <= MONTH_COLUMNS_MAX && report.by !== "month";
  const header = [report.by, ...(report.by === "kind" || report.by === "unit" ? ["title"] : []), "total"];
  const rows = report.rows.map((row) => [
    row.key,
    ...(report.by === "kind" || report.by === "unit" ? [labelOf(row.key)] : []),
    String(row.total),
    ...(monthColumns ? row.byMonth.map(String) : []),
  ]);
  const heading = `${report.deployment}, ${report.from} … ${report.to} (${report.timeZone}): ${report.notifications} notifications`;
  return `${heading}\n\n${renderTable([...header, ...(monthColumns ? report.months : [])], rows)}`;
}

/** A bar of `value` on a scale where `max` fills `BAR_WIDTH` characters, in eighths of a character. */
export function bar(value: number, max: number): string {
  if (max <= 0 || value <= 0) return "";
  const eighths = Math.max(1, Math.round((value / max) * BAR_WIDTH * 8));
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}

/**
 * Bars per month: by month, one bar a month; by kind, unit or citizenship, the leading rows each with
 * a bar a month. One scale for the whole chart, so bars compare across rows.
 */
export function chartStats(report: StatsReport): string {
  const charted =
    report.by === "month"
      ? [{ key: "all notifications", byMonth: report.rows.map((row) => row.total) }]
      : report.rows.slice(0, CHART_ROWS);
  const max = Math.max(0, ...charted.flatMap((row) => row.byMonth));
  const width = Math.max(0, ...charted.flatMap((row) => row.byMonth.map((count) => String(count).length)));
  const blocks = charted.map((row) => {
    const label = labelOf(row.key);
    const lines = report.months.map((month, index) => {
      const count = row.byMonth[index] ?? 0;
      return `  ${month}  ${String(count).padStart(width)}  ${bar(count, max)}`.trimEnd();
    });
    return [`${row.key}${label === "" ? "" : `: ${label}`}`, ...lines].join("\n");
  });
  const more =
    report.by !== "month" && report.rows.length > CHART_ROWS
      ? `\n(${report.rows.length - CHART_ROWS} more ${report.by}s: see the table)`
      : "";
  const heading = `${report.deployment}, notifications per month by ${report.by}, ${report.from} … ${report.to}`;
  return `${heading}\n\n${blocks.join("\n\n")}${more}\n`;
}

/** The statistics as CSV for a spreadsheet (UTF-8 with BOM): key, total, then a column per month. */
export function statsCsv(report: StatsReport): string {
  return csvText([
    [report.by, "total", ...report.months],
    ...report.rows.map((row) => [row.key, row.total, ...row.byMonth]),
  ]);
}

function describeRefusal(status: number, body: unknown): string {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return `${status}: ${JSON.stringify(body)}\n`;
  const { error }: ErrorBody = parsed.data;
  const details = error.details.map((detail) => `  ${detail.path}: ${detail.message}\n`).join("");
  return `${status} ${error.code}: ${error.message}\n${details}`;
}

function requireMonth(flag: string, value: string): string {
  if (!isMonth(value)) throw new UsageError(`--${flag} must be a month YYYY-MM, e.g. 2026-10`);
  return value;
}

export const statsCommand = defineCommand({
  name: "stats",
  options: {
    from: {
      type: "string",
      description: `first month YYYY-MM (default: ${DEFAULT_MONTHS - 1} months before --to)`,
    },
    to: { type: "string", description: "last month YYYY-MM (default: this month)" },
    by: { type: "string", description: `how to count: ${statsDimensions.join(", ")} (default: kind)` },
    chart: { type: "boolean", description: "draw bars per month in the terminal" },
    csv: { type: "boolean", description: "print CSV (UTF-8 with BOM) for a spreadsheet" },
    json: { type: "boolean", description: "print the answer as JSON" },
    unit: { type: "string", description: "the unit asking, whose role signs locally (default: imc)" },
    officer: {
      type: "string",
      description: "who asks, the role session name (local hub; default: your user name)",
    },
    "api-url": {
      type: "string",
      description:
        "the hub's API on AWS (default: the local hub, or HUB_API_URL); signs with your AWS credentials",
    },
  },
  summary: "Statistics of the exchange: notifications per kind, unit, month or citizenship (art. 6.1, 10.3)",
  usage:
    "hub stats [--from YYYY-MM] [--to YYYY-MM] [--by kind|unit|month|citizenship] [--chart | --csv | --json]",
  async run({ values, positionals, out }) {
    if (positionals.length > 0) throw new UsageError("hub stats takes options only");
    const to = requireMonth("to", values.to ?? monthOf(new Date().toISOString(), KAZAKHSTAN_TIME_ZONE));
    const from = requireMonth("from", values.from ?? addMonths(to, 1 - DEFAULT_MONTHS));
    const query = new URLSearchParams({ from, to, ...(values.by === undefined ? {} : { by: values.by }) });
    const target = reportsTarget({ ...values, unit: values.unit ?? "imc" });
    const { url, headers } = await signApiRequest(target, {
      method: "GET",
      path: `${STATS_PATH.slice(1)}?${query}`,
    });
    const answer = await readHubResponse(await fetch(url, { headers }), statsReportSchema, 200);
    const report = answer.accepted;
    if (report === undefined) {
      out.write(printable(describeRefusal(answer.status, answer.body), { lineFeeds: true }));
      return 1;
    }
    if (values.json === true) out.write(`${JSON.stringify(report, null, 2)}\n`);
    // CSV goes to a file as written: its byte order mark and CRLFs are the point.
    else if (values.csv === true) out.write(statsCsv(report));
    // Keys come from stored notifications (kinds, citizenship codes): printed safely all the same.
    else
      out.write(
        printable(values.chart === true ? chartStats(report) : describeStats(report), { lineFeeds: true }),
      );
    return 0;
  },
});
