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
 * receive it (a deployment may add, never drop). Its title and description: kind-texts.ts.
 */
export interface KindDefinition {
  /** The upstream feed that reports it, the unit that files it (the `units` ingress), or the hub. */
  readonly origin: KindOrigin;
  readonly articles: readonly string[];
  readonly subscribers: readonly UnitId[];
  /** The deadline class of its acknowledgement by each subscriber. */
  readonly receipt: ReceiptClass;
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
  },
  "inviter.frequent-risk-country": {
    origin: { feed: "kqp" },
    articles: ["11.4"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "permit.permanent-revoked": {
    origin: { feed: "kqp" },
    articles: ["11.5"],
    subscribers: ["imc", ...operationalServices],
    receipt: "routine",
  },
  "permit.stay-shortened": {
    origin: { feed: "kqp" },
    articles: ["11.5"],
    subscribers: ["imc", ...operationalServices],
    receipt: "routine",
  },
  "offence.admin-519": {
    origin: { feed: "kqp" },
    articles: ["11.7"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "permit.repeat-applicant": {
    origin: { feed: "kqp" },
    articles: ["11.8"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "registration.migration": {
    origin: { feed: "kqp" },
    articles: ["6.1", "12.1"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
  },
  "citizenship.granted": {
    origin: { feed: "kqp" },
    articles: ["6.1"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "labour.foreign-worker": {
    origin: { feed: "kqp" },
    articles: ["6.1", "12.2"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
  },
  "expulsion.ordered": {
    origin: { feed: "kqp" },
    articles: ["3.6", "12.1"],
    subscribers: ["imc", "admin-police", "transport-police"],
    receipt: "routine",
  },
  "expulsion.evaded": {
    origin: { feed: "kqp" },
    articles: ["12.1"],
    subscribers: ["imc", "admin-police", "duty"],
    receipt: "urgent",
  },
  "border.illegal-crossing": {
    origin: { feed: "burkit" },
    articles: ["3.2"],
    subscribers: ["imc", "criminal-police", "transport-police"],
    receipt: "urgent",
  },
  "border.entry-ban-hit": {
    origin: { feed: "burkit" },
    articles: ["2", "6.1"],
    subscribers: ["imc", "criminal-police", "transport-police"],
    receipt: "urgent",
  },
  "document.invalid": {
    origin: { feed: "burkit" },
    articles: ["6.1"],
    subscribers: ["imc", "migration-service"],
    receipt: "routine",
  },
  "stay.overstay": {
    origin: { feed: "burkit" },
    articles: ["3.3", "3.5"],
    subscribers: ["imc", "migration-service", "admin-police"],
    receipt: "routine",
  },
  "transit.violation": {
    origin: { feed: "burkit" },
    articles: ["3.3"],
    subscribers: ["imc", "transport-police"],
    receipt: "routine",
  },
  "biometric.identity-conflict": {
    origin: { feed: "bil" },
    articles: ["6.1", "10.6"],
    subscribers: ["imc", "criminal-police", "migration-service"],
    receipt: "routine",
  },
  "biometric.watchlist-hit": {
    origin: { feed: "bil" },
    articles: ["10.6"],
    subscribers: ["imc", "criminal-police", "duty"],
    receipt: "urgent",
  },
  "labour.migrant-location": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "labour.illegal-employment": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "provider.housing-or-job": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "provider.migrant-transport": {
    origin: { unit: "admin-police" },
    articles: ["12.2"],
    subscribers: ["imc", "transport-police"],
    receipt: "routine",
  },
  "citizenship.dual": {
    origin: { unit: "admin-police" },
    articles: ["12.3"],
    subscribers: ["imc", "migration-service"],
    receipt: "routine",
  },
  "prisoner.offence": {
    origin: { unit: "penal-ops" },
    articles: ["13.1"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "prisoner.expulsion-due": {
    origin: { unit: "penal-ops" },
    articles: ["13.1"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
  },
  "prisoner.released": {
    origin: { unit: "penal-ops" },
    articles: ["13.2"],
    subscribers: ["imc", "admin-police"],
    receipt: "routine",
  },
  "foreigner.incident": {
    origin: { unit: "duty" },
    articles: ["14.1"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "foreigner.undocumented": {
    origin: { unit: "duty" },
    articles: ["14.2"],
    subscribers: ["imc", "migration-service"],
    receipt: "urgent",
  },
  "foreigner.detained": {
    origin: { unit: "duty" },
    articles: ["14.3"],
    subscribers: ["imc"],
    receipt: "routine",
  },
  "foreigner.sudden-death": {
    origin: { unit: "duty" },
    articles: ["14.3"],
    subscribers: ["imc", "criminal-police"],
    receipt: "routine",
  },
  "channel.identified": {
    origin: { unit: "imc" },
    articles: ["6.1", "9", "10.5"],
    subscribers: ["criminal-police", "organized-crime", "transport-police", "kpd"],
    receipt: "routine",
  },
  "receipt.overdue": {
    origin: { hub: "receipts" },
    articles: ["10", "14"],
    subscribers: ["duty", "imc"],
    receipt: "urgent",
  },
  "receipt.escalated": {
    origin: { hub: "receipts" },
    articles: ["7"],
    subscribers: ["kpd"],
    receipt: "urgent",
  },
  "offence.admin-519.monthly-list": {
    origin: { hub: "lists" },
    articles: ["11.7"],
    subscribers: ["imc"],
    receipt: "routine",
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
