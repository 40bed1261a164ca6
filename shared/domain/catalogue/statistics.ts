import type { Localized } from "./localized.ts";
import type { UnitId } from "./units.ts";

/**
 * The exchange's statistics (`GET /v1/stats`, rules art. 6.1 and 10.3) and the units that may read
 * them; another unit is refused (403). Why these units: docs/decisions/who-reads-statistics.md.
 */
export interface StatisticsDefinition {
  readonly articles: readonly string[];
  readonly readers: readonly UnitId[];
  readonly title: Localized;
  readonly description: string;
}

export const statistics = {
  articles: ["6.1", "10.3"],
  readers: ["imc", "migration-service", "admin-police", "transport-police", "criminal-police", "kpd"],
  title: {
    kk: "Хабарламалар алмасуының статистикасы",
    ru: "Статистика обмена уведомлениями",
    en: "Statistics of the exchange",
  },
  description:
    "Counts of the deployment's notifications per kind and month, per receiving unit and per citizenship of the persons concerned: aggregates, no personal data.",
} as const satisfies StatisticsDefinition;

/** Whether `unit` may read the deployment's statistics. */
export function mayReadStatistics(unit: UnitId): boolean {
  const readers: readonly UnitId[] = statistics.readers;
  return readers.includes(unit);
}
