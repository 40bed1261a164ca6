import type { Localized } from "./localized.ts";

/**
 * A unit type of the order (art. 7–14). Each deployment gives every unit type it routes to a queue of
 * its own; the Ministry's department (`kpd`) reads the queue of that type in every deployment.
 */
export interface UnitDefinition {
  readonly name: Localized;
  /** The article(s) of the rules that define the unit's role. */
  readonly articles: readonly string[];
}

export const units = {
  imc: {
    name: {
      kk: "Заңсыз көші-қонға қарсы іс-қимыл бөлімшесі",
      ru: "Подразделение по противодействию незаконной миграции",
      en: "Illegal migration counteraction unit",
    },
    articles: ["10"],
  },
  "migration-service": {
    name: {
      kk: "Көші-қон қызметі бөлімшесі",
      ru: "Подразделение миграционной службы",
      en: "Migration service",
    },
    articles: ["11"],
  },
  "admin-police": {
    name: { kk: "Әкімшілік полиция", ru: "Административная полиция", en: "Administrative police" },
    articles: ["12"],
  },
  "penal-ops": {
    name: {
      kk: "Қылмыстық-атқару жүйесі органдарының жедел бөлімшесі",
      ru: "Оперативное подразделение органов уголовно-исполнительной системы",
      en: "Operational unit of the penal system",
    },
    articles: ["13"],
  },
  duty: {
    name: { kk: "Кезекші бөлім", ru: "Дежурная часть", en: "Duty unit" },
    articles: ["14"],
  },
  "criminal-police": {
    name: { kk: "Криминалдық полиция", ru: "Криминальная полиция", en: "Criminal police" },
    articles: ["7", "9"],
  },
  "organized-crime": {
    name: {
      kk: "Ұйымдасқан қылмысқа қарсы күрес бөлімшесі",
      ru: "Подразделение по борьбе с организованной преступностью",
      en: "Organised crime unit",
    },
    articles: ["9"],
  },
  "counter-extremism": {
    name: {
      kk: "Экстремизмге қарсы іс-қимыл бөлімшесі",
      ru: "Подразделение по противодействию экстремизму",
      en: "Counter-extremism unit",
    },
    articles: ["9"],
  },
  "counter-narcotics": {
    name: {
      kk: "Есірткі қылмысына қарсы іс-қимыл бөлімшесі",
      ru: "Подразделение по противодействию наркопреступности",
      en: "Counter-narcotics unit",
    },
    articles: ["9"],
  },
  cybercrime: {
    name: {
      kk: "Киберқылмысқа қарсы іс-қимыл бөлімшесі",
      ru: "Подразделение по противодействию киберпреступности",
      en: "Cybercrime unit",
    },
    articles: ["9"],
  },
  "transport-police": {
    name: { kk: "Көліктегі полиция", ru: "Транспортная полиция", en: "Transport police" },
    articles: ["8", "10.7"],
  },
  kpd: {
    name: {
      kk: "ІІМ Криминалдық полиция департаменті",
      ru: "Департамент криминальной полиции МВД",
      en: "Criminal Police Department of the Ministry",
    },
    articles: ["7"],
  },
} as const satisfies Record<string, UnitDefinition>;

export type UnitId = keyof typeof units;
export const unitIds = Object.keys(units) as [UnitId, ...UnitId[]];

export function isUnitId(value: unknown): value is UnitId {
  return typeof value === "string" && Object.hasOwn(units, value);
}
