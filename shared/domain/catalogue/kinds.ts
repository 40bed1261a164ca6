import type { Localized } from "./localized.ts";
import {
  type FeedSourceId,
  feedSources,
  type HubProcessId,
  hubProcesses,
  unitReportEventSource,
} from "./sources.ts";
import type { UnitId } from "./units.ts";

/**
 * How soon a unit must acknowledge a notification of a kind (`POST /v1/receipts`): `urgent` when a
 * person is at a checkpoint, at large or held right now and the next hour matters, `routine`
 * otherwise. The durations of each class are the deployment's configuration; the order sets none
 * (docs/decisions/receipt-deadlines.md).
 */
export const receiptClasses = ["urgent", "routine"] as const;
export type ReceiptClass = (typeof receiptClasses)[number];

/**
 * A notification kind: one row of the order's catalogue, or one the hub raises itself (an overdue
 * receipt). Its id is the EventBridge `detail-type`; `subscribers` are the units the order requires to
 * receive it (a deployment may add, never drop).
 */
export interface KindDefinition {
  /** The upstream feed that reports it, the unit that files it (the `units` ingress), or the hub. */
  readonly origin: KindOrigin;
  readonly articles: readonly string[];
  readonly subscribers: readonly UnitId[];
  /** The deadline class of its acknowledgement by each subscriber. */
  readonly receipt: ReceiptClass;
  readonly title: Localized;
  readonly description: string;
}

const operationalServices = [
  "criminal-police",
  "organized-crime",
  "counter-extremism",
  "counter-narcotics",
  "cybercrime",
] as const satisfies readonly UnitId[];

export const kinds = {
  "foreigner.departure-evaded": {
    origin: { feed: "kqp" },
    articles: ["11.2"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Шетелдік Қазақстан Республикасынан шығудан жалтарды",
      ru: "Иностранец уклонился от выезда из Республики Казахстан",
      en: "Foreigner evaded leaving Kazakhstan",
    },
    description: "A foreigner whose permitted stay ended and who was obliged to leave has not left.",
  },
  "inviter.frequent-risk-country": {
    origin: { feed: "kqp" },
    articles: ["11.4"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Көші-қон тәуекелі елдерінен шетелдіктерді жиі шақыратын тұлға",
      ru: "Лицо, часто приглашающее иностранцев из стран миграционного риска",
      en: "Frequent inviter of foreigners from migration-risk countries",
    },
    description:
      "A person or company that frequently invites foreigners from migration-risk countries (Africa, South-East Asia, war zones and others).",
  },
  "permit.permanent-revoked": {
    origin: { feed: "kqp" },
    articles: ["11.5"],
    subscribers: ["imc", ...operationalServices],
    receipt: "routine",
    title: {
      kk: "Тұрақты тұруға арналған рұқсаттың күші жойылды",
      ru: "Разрешение на постоянное проживание аннулировано",
      en: "Permanent residence permit revoked",
    },
    description: "A decision was taken to cancel a person's permanent residence permit.",
  },
  "permit.stay-shortened": {
    origin: { feed: "kqp" },
    articles: ["11.5"],
    subscribers: ["imc", ...operationalServices],
    receipt: "routine",
    title: {
      kk: "Визаның немесе уақытша тұруға рұқсаттың мерзімі қысқартылды",
      ru: "Срок визы или разрешения на временное проживание сокращён",
      en: "Visa or temporary residence permit shortened",
    },
    description: "The term of a foreigner's visa or temporary residence permit was shortened.",
  },
  "offence.admin-519": {
    origin: { feed: "kqp" },
    articles: ["11.7"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "ӘҚБтК 519-бабы бойынша жауапкершілікке тартылды",
      ru: "Привлечён к ответственности по статье 519 КоАП",
      en: "Held liable under Administrative Offences Code art. 519",
    },
    description:
      "A person was held liable under art. 519 of the Administrative Offences Code (migration law); also sent as a monthly list.",
  },
  "permit.repeat-applicant": {
    origin: { feed: "kqp" },
    articles: ["11.8"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Уақытша тұруға рұқсатқа бірнеше рет өтініш берген немесе бір мекенжайға көп шетелдік тіркеген тұлға",
      ru: "Лицо, неоднократно ходатайствующее о временном проживании иностранцев или регистрирующее многих по одному адресу",
      en: "Repeat applicant for foreigners' temporary residence, or many registered at one address",
    },
    description:
      "A person repeatedly applying for temporary residence of foreigners, or inviting and registering many foreigners at one address.",
  },
  "registration.migration": {
    origin: { feed: "kqp" },
    articles: ["6.1", "12.1"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
    title: {
      kk: "Үшінші ел азаматы көші-қон есебіне қойылды",
      ru: "Гражданин третьей страны поставлен на миграционный учёт",
      en: "Third-country national put on the migration register",
    },
    description:
      "A third-country national or stateless person was put on the migration register or registered at a place of stay.",
  },
  "citizenship.granted": {
    origin: { feed: "kqp" },
    articles: ["6.1"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Қазақстан Республикасының азаматтығын алды",
      ru: "Приобретено гражданство Республики Казахстан",
      en: "Kazakhstan citizenship acquired",
    },
    description: "A person acquired the citizenship of the Republic of Kazakhstan.",
  },
  "labour.foreign-worker": {
    origin: { feed: "kqp" },
    articles: ["6.1", "12.2"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
    title: {
      kk: "Еңбек қызметін жүзеге асыратын шетелдік",
      ru: "Иностранец, осуществляющий трудовую деятельность",
      en: "Foreigner carrying out labour activity",
    },
    description: "A foreigner carrying out labour activity in Kazakhstan (permit or labour-migrant record).",
  },
  "expulsion.ordered": {
    origin: { feed: "kqp" },
    articles: ["3.6", "12.1"],
    subscribers: ["imc", "admin-police", "transport-police"],
    receipt: "routine",
    title: {
      kk: "Шығарып жіберу туралы шешім қабылданды",
      ru: "Вынесено решение о выдворении",
      en: "Expulsion ordered",
    },
    description:
      "Expulsion was ordered: the person is to be escorted to a border checkpoint by rail, air, road or water.",
  },
  "expulsion.evaded": {
    origin: { feed: "kqp" },
    articles: ["12.1"],
    subscribers: ["imc", "admin-police", "duty"],
    receipt: "urgent",
    title: {
      kk: "Шығарып жіберу туралы шешімді орындаудан жалтарды",
      ru: "Уклонение от исполнения решения о выдворении",
      en: "Expulsion decision evaded",
    },
    description: "A person is evading the execution of an expulsion decision.",
  },
  "border.illegal-crossing": {
    origin: { feed: "burkit" },
    articles: ["3.2"],
    subscribers: ["imc", "criminal-police", "transport-police"],
    receipt: "urgent",
    title: {
      kk: "Мемлекеттік шекараны қасақана заңсыз кесіп өту",
      ru: "Умышленное незаконное пересечение Государственной границы",
      en: "Intentional illegal crossing of the State Border",
    },
    description: "An intentional illegal crossing of the State Border of Kazakhstan was recorded.",
  },
  "border.entry-ban-hit": {
    origin: { feed: "burkit" },
    articles: ["2", "6.1"],
    subscribers: ["imc", "criminal-police", "transport-police"],
    receipt: "urgent",
    title: {
      kk: "Келуге тыйым салынған адам анықталды",
      ru: "Выявлено лицо, которому запрещён въезд",
      en: "Person banned from entry detected",
    },
    description:
      "A person banned from entering Kazakhstan was detected at a border checkpoint or inside the country.",
  },
  "document.invalid": {
    origin: { feed: "burkit" },
    articles: ["6.1"],
    subscribers: ["imc", "migration-service"],
    receipt: "routine",
    title: {
      kk: "Жарамсыз немесе тәртіп бұзылып берілген құжат ұсынылды",
      ru: "Предъявлен недействительный или выданный с нарушением документ",
      en: "Invalid or irregularly issued identity document presented",
    },
    description: "An invalid or irregularly issued identity document of a foreign state was presented.",
  },
  "stay.overstay": {
    origin: { feed: "burkit" },
    articles: ["3.3", "3.5"],
    subscribers: ["imc", "migration-service", "admin-police"],
    receipt: "routine",
    title: {
      kk: "Болу мерзімі аяқталды, шығу тіркелмеді",
      ru: "Срок пребывания истёк, выезд не зафиксирован",
      en: "Permitted stay ended, no exit recorded",
    },
    description: "A foreigner's permitted stay ended and no exit from Kazakhstan was recorded.",
  },
  "transit.violation": {
    origin: { feed: "burkit" },
    articles: ["3.3"],
    subscribers: ["imc", "transport-police"],
    receipt: "routine",
    title: {
      kk: "Транзит қағидаларын бұзу",
      ru: "Нарушение правил транзитного проезда",
      en: "Transit rules violated",
    },
    description: "A transit through Kazakhstan in breach of the transit rules (route, term or exit point).",
  },
  "biometric.identity-conflict": {
    origin: { feed: "bil" },
    articles: ["6.1", "10.6"],
    subscribers: ["imc", "criminal-police", "migration-service"],
    receipt: "routine",
    title: {
      kk: "Адам басқа сәйкестендіру деректерімен анықталды",
      ru: "Лицо выявлено под другими установочными данными",
      en: "Same person found under another identity",
    },
    description: "Biometric identification matched the person to an earlier record under another identity.",
  },
  "biometric.watchlist-hit": {
    origin: { feed: "bil" },
    articles: ["10.6"],
    subscribers: ["imc", "criminal-police", "duty"],
    receipt: "urgent",
    title: {
      kk: "Адам шығарылған, тыйым салынған немесе іздеудегі адаммен сәйкес келді",
      ru: "Лицо совпало с выдворенным, запрещённым к въезду или разыскиваемым",
      en: "Person matches a deported, banned or wanted record",
    },
    description: "Biometric identification matched the person to a deported, entry-banned or wanted record.",
  },
  "labour.migrant-location": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Еңбекші көшіп-қонушылардың мекенжайлары мен орналасқан жерлері",
      ru: "Адреса и места нахождения трудовых мигрантов",
      en: "Where labour migrants live and work",
    },
    description:
      "Addresses and sites where labour migrants live and work (industrial and building sites, markets, farms).",
  },
  "labour.illegal-employment": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Шетелдік жұмыс күшін заңсыз тарту фактісі",
      ru: "Факт незаконного привлечения иностранной рабочей силы",
      en: "Illegal use of foreign labour",
    },
    description: "A case of illegal attraction or use of foreign labour.",
  },
  "provider.housing-or-job": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Шетелдіктерге тұрғын үй немесе жұмыс беретін тұлғалар",
      ru: "Лица, предоставляющие иностранцам жильё или работу",
      en: "Persons or companies giving foreigners housing or work",
    },
    description: "A person or company providing housing or work to foreigners and stateless persons.",
  },
  "provider.migrant-transport": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc", "transport-police"],
    receipt: "routine",
    title: {
      kk: "Еңбекші көшіп-қонушыларды тасымалдайтын тұлғалар",
      ru: "Лица, осуществляющие перевозку трудовых мигрантов",
      en: "Persons or companies transporting labour migrants",
    },
    description: "A person or company providing transport services for labour migrants.",
  },
  "citizenship.dual": {
    origin: { unit: "admin-police" },
    articles: ["12.3"],
    subscribers: ["imc", "migration-service"],
    receipt: "routine",
    title: {
      kk: "Қос азаматтық фактісі анықталды",
      ru: "Выявлен факт двойного гражданства",
      en: "Dual citizenship found",
    },
    description: "A person was found to hold the citizenship of another state as well as Kazakhstan's.",
  },
  "prisoner.offence": {
    origin: { unit: "penal-ops" },
    articles: ["13.1"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Сотталған шетелдік дайындаған немесе жасаған құқық бұзушылық",
      ru: "Правонарушение, готовящееся или совершённое осуждённым иностранцем",
      en: "Offence prepared or committed by a foreign prisoner",
    },
    description:
      "An offence being prepared or committed by a foreigner or stateless person serving a sentence.",
  },
  "prisoner.expulsion-due": {
    origin: { unit: "penal-ops" },
    articles: ["13.1"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
    title: {
      kk: "Босатылғаннан кейін шығарып жіберілуге жататын сотталған",
      ru: "Осуждённый, подлежащий выдворению после освобождения",
      en: "Prisoner to be expelled after release",
    },
    description: "A prisoner who is to be expelled from Kazakhstan after release.",
  },
  "prisoner.released": {
    origin: { unit: "penal-ops" },
    articles: ["13.2"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
    title: {
      kk: "Шетелдік бас бостандығынан айыру орнынан босатылды",
      ru: "Иностранец освобождён из мест лишения свободы",
      en: "Foreigner released from prison",
    },
    description: "A foreigner or stateless person was released from a place of deprivation of liberty.",
  },
  "foreigner.incident": {
    origin: { unit: "duty" },
    articles: ["14.1"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Шетелдік жасаған немесе оған қатысты құқық бұзушылық, оқиға",
      ru: "Правонарушение, совершённое иностранцем или в отношении него, происшествие",
      en: "Offence by or against a foreigner, accident",
    },
    description: "An offence committed by or against a foreigner, or an accident involving one.",
  },
  "foreigner.undocumented": {
    origin: { unit: "duty" },
    articles: ["14.2"],
    subscribers: ["imc", "migration-service"],
    receipt: "urgent",
    title: {
      kk: "Жеке басын куәландыратын құжатсыз жеткізілген шетелдік",
      ru: "Доставлен иностранец без документов",
      en: "Foreigner brought in without identity or legal-stay papers",
    },
    description: "A foreigner was brought in without identity documents or documents proving a legal stay.",
  },
  "foreigner.detained": {
    origin: { unit: "duty" },
    articles: ["14.3"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "Шетелдік ұсталды",
      ru: "Задержан иностранец",
      en: "Foreigner detained",
    },
    description: "Each detention of a foreigner or stateless person.",
  },
  "foreigner.sudden-death": {
    origin: { unit: "duty" },
    articles: ["14.3"],
    subscribers: ["imc", "criminal-police"],
    receipt: "routine",
    title: {
      kk: "Шетелдіктің кенеттен қайтыс болуы",
      ru: "Внезапная смерть иностранца",
      en: "Sudden death of a foreigner",
    },
    description: "A foreigner or stateless person died suddenly.",
  },
  "channel.identified": {
    origin: { unit: "imc" },
    articles: ["6.1", "9", "10.5"],
    subscribers: ["criminal-police", "organized-crime", "transport-police", "kpd"],
    receipt: "routine",
    title: {
      kk: "Заңсыз көші-қон арнасы немесе оны ұйымдастырушылар анықталды",
      ru: "Выявлен канал незаконной миграции или его организаторы",
      en: "Illegal migration channel or its organisers identified",
    },
    description:
      "An illegal migration channel, its organisers, routes, carriers or safe houses were identified.",
  },
  "receipt.overdue": {
    origin: { hub: "receipts" },
    articles: ["10", "14"],
    subscribers: ["duty", "imc"],
    receipt: "urgent",
    title: {
      kk: "Хабарламаның алынғаны мерзімінде расталмады",
      ru: "Получение уведомления не подтверждено в срок",
      en: "Receipt of a notification not acknowledged in time",
    },
    description:
      "A unit the notification was routed to has not acknowledged it by its first deadline (raised by the hub, to the region's duty unit and imc).",
  },
  "receipt.escalated": {
    origin: { hub: "receipts" },
    articles: ["7"],
    subscribers: ["kpd"],
    receipt: "urgent",
    title: {
      kk: "Хабарламаның алынғаны екінші мерзімде де расталмады",
      ru: "Получение уведомления не подтверждено и ко второму сроку",
      en: "Receipt of a notification still not acknowledged at the second deadline",
    },
    description:
      "A unit the notification was routed to has still not acknowledged it by its second deadline (raised by the hub, to the Ministry's department).",
  },
  "offence.admin-519.monthly-list": {
    origin: { hub: "lists" },
    articles: ["11.7"],
    subscribers: ["imc"],
    receipt: "routine",
    title: {
      kk: "ӘҚБтК 519-бабы бойынша жауапкершілікке тартылған адамдардың айлық тізімі",
      ru: "Ежемесячный список лиц, привлечённых к ответственности по статье 519 КоАП",
      en: "Monthly list of persons held liable under Administrative Offences Code art. 519",
    },
    description:
      "The month's list of persons held liable under art. 519, built by the hub from the stored offences on the 1st of the next month: its counts, the summary by citizenship and where imc fetches the files (CSV, JSON).",
  },
} as const satisfies Record<string, KindDefinition>;

export type KindId = keyof typeof kinds;
export const kindIds = Object.keys(kinds) as [KindId, ...KindId[]];

/** Kinds that arrive through a given upstream feed. */
export type FeedKindId<S extends FeedSourceId = FeedSourceId> = {
  [K in KindId]: (typeof kinds)[K]["origin"] extends { feed: S } ? K : never;
}[KindId];

/** Kinds that units file themselves (the `units` ingress), optionally of one filing unit. */
export type UnitReportKindId<U extends UnitId = UnitId> = {
  [K in KindId]: (typeof kinds)[K]["origin"] extends { unit: U } ? K : never;
}[KindId];

export function isKindId(value: unknown): value is KindId {
  return typeof value === "string" && Object.hasOwn(kinds, value);
}

/** Kinds the hub raises itself. */
export type HubKindId = {
  [K in KindId]: (typeof kinds)[K]["origin"] extends { hub: HubProcessId } ? K : never;
}[KindId];

/** Where a kind comes from: an upstream feed, a unit that files it as a report, or the hub itself. */
export type KindOrigin =
  | { readonly feed: FeedSourceId }
  | { readonly unit: UnitId }
  | { readonly hub: HubProcessId };

/** The feed that reports `kind`, or undefined when a unit files it. */
export function feedOf(kind: KindId): FeedSourceId | undefined {
  const origin: KindOrigin = kinds[kind].origin;
  return "feed" in origin ? origin.feed : undefined;
}

/** The unit that files `kind`, or undefined when an upstream feed reports it. */
export function filingUnitOf(kind: KindId): UnitId | undefined {
  const origin: KindOrigin = kinds[kind].origin;
  return "unit" in origin ? origin.unit : undefined;
}

/** The hub process that raises `kind`, or undefined when a feed or a unit is at its origin. */
export function hubProcessOf(kind: KindId): HubProcessId | undefined {
  const origin: KindOrigin = kinds[kind].origin;
  return "hub" in origin ? origin.hub : undefined;
}

/** The feed, the filing unit or the hub process: who is at the origin of a kind. */
export function originatorOf(kind: KindId): FeedSourceId | UnitId | HubProcessId {
  const origin: KindOrigin = kinds[kind].origin;
  if ("feed" in origin) return origin.feed;
  return "unit" in origin ? origin.unit : origin.hub;
}

/** The `source` a kind's notifications carry: its feed, `units` for a report a unit files, `hub` for the hub's own. */
export function sourceOf(kind: KindId): FeedSourceId | "units" | "hub" {
  return feedOf(kind) ?? (isUnitReportKind(kind) ? "units" : "hub");
}

/** The EventBridge `source` of a kind's events: its feed's, the units', or the hub process's. */
export function eventSourceOf(kind: KindId): string {
  const origin: KindOrigin = kinds[kind].origin;
  if ("feed" in origin) return feedSources[origin.feed].eventSource;
  return "unit" in origin ? unitReportEventSource : hubProcesses[origin.hub].eventSource;
}

/** Who is at the origin of a kind, as people read it: `feed kqp`, `unit duty`, `hub receipts`. */
export function originLabel(kind: KindId): string {
  const origin: KindOrigin = kinds[kind].origin;
  const by = "feed" in origin ? "feed" : "unit" in origin ? "unit" : "hub";
  return `${by} ${originatorOf(kind)}`;
}

export function isFeedKind(kind: KindId): kind is FeedKindId {
  return feedOf(kind) !== undefined;
}

export const feedKindIds = kindIds.filter(isFeedKind);

export function isUnitReportKind(kind: KindId): kind is UnitReportKindId {
  return filingUnitOf(kind) !== undefined;
}

/** Kinds that units file themselves (the `units` ingress). */
export const unitReportKindIds = kindIds.filter(isUnitReportKind);

export function isHubKind(kind: KindId): kind is HubKindId {
  return hubProcessOf(kind) !== undefined;
}

/** Kinds the hub raises itself (escalations of overdue receipts, the monthly lists). */
export const hubKindIds = kindIds.filter(isHubKind);

/** The order's catalogue: the kinds that feeds report and units file. */
export const orderKindIds = kindIds.filter((kind) => !isHubKind(kind));

export function kindsOfFeed(source: FeedSourceId): FeedKindId[] {
  return feedKindIds.filter((id) => feedOf(id) === source);
}

/** The kinds a unit may file. */
export function kindsFiledBy(unit: UnitId): UnitReportKindId[] {
  return unitReportKindIds.filter((id) => filingUnitOf(id) === unit);
}
