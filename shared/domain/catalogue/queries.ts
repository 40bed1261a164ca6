import type { Localized } from "./localized.ts";
import type { UnitId } from "./units.ts";

/**
 * A question a unit may ask of the hub's store ("on request" flows of art. 11.8 and 11.9), and the
 * units allowed to ask it. Another unit is refused (403). Why these units: docs/decisions/who-may-ask.md.
 */
export interface QueryDefinition {
  readonly articles: readonly string[];
  readonly askers: readonly UnitId[];
  readonly title: Localized;
  readonly description: string;
}

export const queries = {
  persons: {
    articles: ["11.8", "11.9"],
    askers: ["imc", "migration-service"],
    title: {
      kk: "Тұлға туралы хабарламалар",
      ru: "Уведомления о лице",
      en: "Notifications about a person",
    },
    description:
      "The persons the hub knows under an IIN, a document or a name with birth date, each with every notification about them.",
  },
  "stay-legality": {
    articles: ["11.9"],
    askers: ["imc", "migration-service", "admin-police", "duty"],
    title: {
      kk: "Шетелдіктің ел аумағында болуының заңдылығы",
      ru: "Законность пребывания иностранца в стране",
      en: "Legality of a foreigner's stay",
    },
    description:
      "Whether a foreigner's stay is legal, illegal or unknown to the hub, with the reasons and the notifications they rest on.",
  },
  inviters: {
    articles: ["11.8"],
    askers: ["imc", "migration-service", "kpd"],
    title: {
      kk: "Шетелдіктерді бірнеше рет шақыратын және тіркейтін тұлғалар",
      ru: "Лица, неоднократно приглашающие и регистрирующие иностранцев",
      en: "Repeat inviters and registering hosts",
    },
    description:
      "Persons and organisations that invited, hosted, employed or applied for foreigners repeatedly in a period, and addresses where many foreigners were registered.",
  },
} as const satisfies Record<string, QueryDefinition>;

export type QueryId = keyof typeof queries;
export const queryIds = Object.keys(queries) as [QueryId, ...QueryId[]];

export function isQueryId(value: unknown): value is QueryId {
  return typeof value === "string" && Object.hasOwn(queries, value);
}

/** Whether `unit` may ask `query` of the hub. */
export function mayAsk(unit: UnitId, query: QueryId): boolean {
  const askers: readonly UnitId[] = queries[query].askers;
  return askers.includes(unit);
}
