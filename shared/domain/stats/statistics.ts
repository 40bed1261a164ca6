/**
 * The exchange's statistics (rules art. 6.1, 10.3): how many notifications of each kind a deployment
 * took in per month, how many each unit was sent (the kinds routed to it × their counts), and the
 * leading citizenships of the persons they were about. Counted from index entries (kind, time,
 * citizenships), never from the notifications themselves.
 */
import * as z from "zod/mini";
import type { KindId, UnitId } from "../catalogue/index.ts";
import { isMonth, MONTH_PATTERN, monthsFrom, periodOfMonths } from "../lists/months.ts";
import { type Parsed, parseParameters, type QueryParameters } from "../queries/parameters.ts";

export const statsDimensions = ["kind", "unit", "month", "citizenship"] as const;
export type StatsDimension = (typeof statsDimensions)[number];

/** The longest period one request may cover, so that a read stays bounded (a few thousand index queries). */
export const MAX_STATS_MONTHS = 24;

const month = z.string().check(z.regex(MONTH_PATTERN, "A month is written `YYYY-MM`."));

export const statsQuerySchema = z
  .object({
    from: month.check(z.describe("First month of the period `YYYY-MM`, on the deployment's clocks")),
    to: month.check(
      z.describe(`Last month of the period \`YYYY-MM\`, at most ${MAX_STATS_MONTHS} months on`),
    ),
    by: z
      ._default(z.enum(statsDimensions), "kind")
      .check(
        z.describe(
          "`kind`: notifications per kind; `unit`: notifications sent to each unit; `month`: all notifications per month; `citizenship`: notifications per citizenship of the persons they are about",
        ),
      ),
  })
  .check(
    // Refinements run even when a month is malformed: they then leave it to the month's own error.
    z.refine((query) => !isMonth(query.from) || !isMonth(query.to) || query.from <= query.to, {
      path: ["to"],
      params: { code: "query.range" },
      message: "`to` lies before `from`.",
    }),
    z.refine(
      (query) =>
        !isMonth(query.from) ||
        !isMonth(query.to) ||
        monthsFrom(query.from, query.to).length <= MAX_STATS_MONTHS,
      {
        path: ["to"],
        params: { code: "query.range" },
        message: `The period may cover at most ${MAX_STATS_MONTHS} months.`,
      },
    ),
    z.meta({ id: "StatsQuery", description: "The months to count and how to group the counts" }),
  );

export type StatsQuery = z.output<typeof statsQuerySchema>;

/** The period and grouping of `GET /v1/stats`. */
export function statsQueryOf(raw: QueryParameters): Parsed<StatsQuery> {
  return parseParameters(statsQuerySchema, raw);
}

/** What the statistics read of one stored notification: its index entry. */
export interface StatsEntry {
  readonly kind: KindId;
  readonly occurredAt: string;
  /** The distinct citizenships of the persons it is about (`subject` role). */
  readonly citizenships: readonly string[];
}

const count = () => z.int().check(z.minimum(0));

export const statsRowSchema = z
  .object({
    key: z.string().check(z.describe("The kind, unit, month or citizenship (ISO 3166-1 alpha-3) counted")),
    total: count().check(z.describe("Its count over the whole period")),
    byMonth: z
      .array(count())
      .check(
        z.describe("Its count in each month of `months`, in that order (by `month`: its own month's only)"),
      ),
  })
  .check(z.meta({ id: "StatsRow" }));

export const statsReportSchema = z
  .object({
    deployment: z.string().check(z.describe("The deployment counted")),
    from: z.string().check(z.describe("First month `YYYY-MM`")),
    to: z.string().check(z.describe("Last month `YYYY-MM`")),
    by: z.enum(statsDimensions),
    timeZone: z.string().check(z.describe("The IANA zone whose clocks the months are read on")),
    months: z.array(z.string()).check(z.describe("Every month of the period, in order")),
    notifications: count().check(z.describe("Notifications that happened in the period")),
    rows: z
      .array(statsRowSchema)
      .check(
        z.describe(
          "By `kind`, `unit` or `citizenship`: the largest first, none that counts nothing; by `month`: one row per month, in order",
        ),
      ),
  })
  .check(
    z.meta({ id: "StatsReport", description: "Counts of the deployment's notifications over a period" }),
  );

export type StatsRow = z.output<typeof statsRowSchema>;
export type StatsReport = z.output<typeof statsReportSchema>;

export interface StatsScope {
  readonly deployment: string;
  readonly timeZone: string;
  /** Per unit, the kinds the deployment routes to it (`kindsByUnit` with its extra subscriptions). */
  readonly routing: ReadonlyMap<UnitId, readonly KindId[]>;
}

/** Keys each entry counts under, for one grouping. */
function keysOf(entry: StatsEntry, by: StatsDimension, unitsOfKind: ReadonlyMap<KindId, UnitId[]>): string[] {
  switch (by) {
    case "kind":
      return [entry.kind];
    case "unit":
      return unitsOfKind.get(entry.kind) ?? [];
    case "month":
      return [];
    case "citizenship":
      return [...new Set(entry.citizenships)];
  }
}

function unitsByKind(routing: ReadonlyMap<UnitId, readonly KindId[]>): Map<KindId, UnitId[]> {
  const units = new Map<KindId, UnitId[]>();
  for (const [unit, kinds] of routing) {
    for (const kind of kinds) units.set(kind, [...(units.get(kind) ?? []), unit]);
  }
  return units;
}

/** Counts entries one at a time, so a reader never holds a period's entries in memory. */
export interface StatsCounter {
  /** Counts an entry that happened in the query's months (others are ignored). */
  add(entry: StatsEntry): void;
  report(): StatsReport;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A counter of `query`'s months on the deployment's clocks. */
export function statsCounter(query: StatsQuery, scope: StatsScope): StatsCounter {
  const months = monthsFrom(query.from, query.to);
  // Each month's first instant, and the period's end: ISO instants of one format compare as strings.
  const starts = months.map((month) => periodOfMonths(month, month, scope.timeZone).from);
  const end = periodOfMonths(query.to, query.to, scope.timeZone).to;
  const unitsOfKind = unitsByKind(scope.routing);
  const perMonth = months.map(() => 0);
  const counts = new Map<string, number[]>();
  const monthIndexOf = (instant: string): number =>
    instant >= end ? -1 : starts.findLastIndex((start) => start <= instant);
  return {
    add(entry) {
      const at = monthIndexOf(entry.occurredAt);
      if (at < 0) return;
      perMonth[at] = (perMonth[at] ?? 0) + 1;
      for (const key of keysOf(entry, query.by, unitsOfKind)) {
        const byMonth = counts.get(key) ?? months.map(() => 0);
        byMonth[at] = (byMonth[at] ?? 0) + 1;
        counts.set(key, byMonth);
      }
    },
    report() {
      const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
      const rows: StatsRow[] =
        query.by === "month"
          ? months.map((one, index) => ({
              key: one,
              total: perMonth[index] ?? 0,
              byMonth: perMonth.map((count, other) => (other === index ? count : 0)),
            }))
          : [...counts]
              .map(([key, byMonth]) => ({ key, total: sum(byMonth), byMonth: [...byMonth] }))
              .sort((a, b) => b.total - a.total || compareText(a.key, b.key));
      return {
        deployment: scope.deployment,
        from: query.from,
        to: query.to,
        by: query.by,
        timeZone: scope.timeZone,
        months,
        notifications: sum(perMonth),
        rows,
      };
    },
  };
}
