/**
 * Who repeatedly invites, hosts, employs or applies for foreigners, and where many foreigners are
 * registered (rules art. 11.8): counted from the notifications of a period. A party or an address is
 * listed when the distinct foreigners seen with it, or a count an upstream system or unit reported
 * for it, reach `minCount`.
 */
import * as z from "zod";
import { isCalendarDate } from "../normalise/index.ts";
import type { CanonicalNotification, Organisation, Person, PersonName, PersonRole } from "../notification.ts";
import { addressKey, textKey } from "./address-key.ts";
import { daysBetween, occurredOn } from "./dates.ts";
import { KeyClusters } from "./key-clusters.ts";
import { type Parsed, parseParameters, type QueryParameters } from "./parameters.ts";
import { nameKey, personKeys } from "./person-key.ts";

export const DEFAULT_MIN_COUNT = 3;
/** The longest period one query may cover, so that a read stays bounded. */
export const MAX_PERIOD_DAYS = 366;

export const invitersQuerySchema = z
  .object({
    from: z.iso.date().describe("First day of the period `YYYY-MM-DD`"),
    to: z.iso.date().describe(`Last day of the period \`YYYY-MM-DD\`, at most ${MAX_PERIOD_DAYS} days on`),
    minCount: z.coerce
      .number()
      .int()
      .min(2)
      .max(10_000)
      .default(DEFAULT_MIN_COUNT)
      .describe("Fewest foreigners that make a party or an address repeated"),
  })
  // Refinements run even when a date is malformed: they then leave it to the date's own error.
  .refine((query) => !areDates(query) || query.from <= query.to, {
    path: ["to"],
    params: { code: "query.range" },
    message: "`to` lies before `from`.",
  })
  .refine((query) => !areDates(query) || daysBetween(query.from, query.to) < MAX_PERIOD_DAYS, {
    path: ["to"],
    params: { code: "query.range" },
    message: `The period may cover at most ${MAX_PERIOD_DAYS} days.`,
  })
  .meta({ id: "InvitersQuery", description: "The period to count in and the count that makes a repeat" });

export type InvitersQuery = z.output<typeof invitersQuerySchema>;

function areDates({ from, to }: { from: string; to: string }): boolean {
  return isCalendarDate(from) && isCalendarDate(to);
}

/** The period and threshold of `GET /v1/inviters`. */
export function invitersQueryOf(raw: QueryParameters): Parsed<InvitersQuery> {
  return parseParameters(invitersQuerySchema, raw);
}

export type PartySummary =
  | {
      readonly type: "person";
      readonly name: PersonName;
      readonly birthDate?: string;
      readonly iin?: string;
      readonly citizenship?: string;
    }
  | { readonly type: "organisation"; readonly name: string; readonly bin?: string };

interface Counted {
  /** Distinct foreigners named in the period's notifications. */
  readonly foreignerCount: number;
  /** The largest count an upstream system or unit reported in the period, when one did. */
  readonly reportedCount?: number;
  readonly notificationIds: readonly string[];
}

export interface RepeatParty extends Counted {
  /** `IIN#…`, `BIN#…`, `DOC#…`, `NAME#<latin>#<birth date>` or `ORG#<name key>`. */
  readonly key: string;
  readonly party: PartySummary;
  readonly roles: readonly PersonRole[];
}

export interface RepeatAddress extends Counted {
  readonly key: string;
  /** The address as first written, with its locality when the notification gave one. */
  readonly address: string;
  readonly locality?: string;
}

export interface RepeatInviters {
  readonly parties: readonly RepeatParty[];
  readonly addresses: readonly RepeatAddress[];
}

/** One party in one notification: who they are, in what role, and the foreigners it names. */
interface PartySighting {
  readonly keys: readonly string[];
  readonly party: PartySummary;
  readonly role: PersonRole;
  readonly notificationId: string;
  readonly foreigners: readonly Person[];
  readonly reported?: number;
}

interface AddressSighting {
  readonly key: string;
  readonly address: string;
  readonly locality?: string;
  readonly notificationId: string;
  readonly foreigners: readonly Person[];
  readonly reported?: number;
}

interface Sightings {
  readonly parties: PartySighting[];
  readonly addresses: AddressSighting[];
}

/** The roles that make a party of the query, per kind it is counted from. */
const partyRoles = {
  "registration.migration": "host",
  "labour.foreign-worker": "employer",
  "provider.housing-or-job": "provider",
  "inviter.frequent-risk-country": "inviter",
  "permit.repeat-applicant": "applicant",
} as const satisfies Partial<Record<CanonicalNotification["kind"], PersonRole>>;

/** The kinds `repeatInviters` counts from: what a reader of the store must read, and all it must read. */
export const invitersKindIds = Object.keys(partyRoles) as (keyof typeof partyRoles)[];

export function repeatInviters(
  notifications: readonly CanonicalNotification[],
  query: InvitersQuery,
): RepeatInviters {
  const sightings: Sightings = { parties: [], addresses: [] };
  const ordered = [...new Map(notifications.map((one) => [one.id, one])).values()].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id),
  );
  for (const notification of ordered) {
    if (isInPeriod(notification, query)) sight(sightings, notification);
  }
  const foreigners = new KeyClusters();
  const foreignerKeys = new Map<Person, string[]>();
  for (const sighting of [...sightings.parties, ...sightings.addresses]) {
    sighting.foreigners.forEach((person, index) => {
      const keys = identityKeys(person);
      // A foreigner named without any identifier is told apart from everyone else.
      const own = keys.length > 0 ? keys : [`ANON#${sighting.notificationId}#${index}`];
      foreignerKeys.set(person, own);
      foreigners.join(own);
    });
  }
  const foreignerIdsOf = (persons: readonly Person[]) =>
    persons.map((person) => foreigners.clusterOf(foreignerKeys.get(person) ?? []));
  return {
    parties: repeatParties(sightings.parties, foreignerIdsOf, query.minCount),
    addresses: repeatAddresses(sightings.addresses, foreignerIdsOf, query.minCount),
  };
}

function isInPeriod(notification: CanonicalNotification, { from, to }: InvitersQuery): boolean {
  switch (notification.kind) {
    case "inviter.frequent-risk-country":
    case "permit.repeat-applicant": {
      const { period } = notification.facts;
      return period.from <= to && period.to >= from;
    }
    case "registration.migration":
      return within(notification.facts.registeredOn, from, to);
    case "labour.foreign-worker":
      return within(notification.facts.validFrom ?? occurredOn(notification), from, to);
    default:
      return within(occurredOn(notification), from, to);
  }
}

function within(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

function sight(sightings: Sightings, notification: CanonicalNotification): void {
  const foreigners = notification.subject.persons.filter((person) => person.role === "subject");
  const notificationId = notification.id;
  const locality = notification.place?.locality;
  switch (notification.kind) {
    case "registration.migration": {
      sightParties(sightings, notification, { notificationId, foreigners });
      const address = notification.place?.address;
      if (address !== undefined) sightAddress(sightings, { address, locality, notificationId, foreigners });
      return;
    }
    case "labour.foreign-worker":
      sightParties(sightings, notification, { notificationId, foreigners });
      return;
    case "provider.housing-or-job": {
      const reported = notification.facts.foreignersCount;
      sightParties(sightings, notification, { notificationId, foreigners, reported });
      const address = notification.facts.housingAddress;
      if (address !== undefined) {
        sightAddress(sightings, { address, locality, notificationId, foreigners, reported });
      }
      return;
    }
    case "inviter.frequent-risk-country":
      sightParties(sightings, notification, {
        notificationId,
        foreigners,
        reported: notification.facts.invitationCount,
      });
      return;
    case "permit.repeat-applicant": {
      const { facts } = notification;
      sightParties(sightings, notification, { notificationId, foreigners, reported: facts.count });
      const address = notification.place?.address;
      if (facts.pattern === "many-registered-at-one-address" && address !== undefined) {
        sightAddress(sightings, { address, locality, notificationId, foreigners, reported: facts.count });
      }
      return;
    }
    default:
      return;
  }
}

function sightParties(
  sightings: Sightings,
  notification: CanonicalNotification & { kind: keyof typeof partyRoles },
  seen: Pick<PartySighting, "notificationId" | "foreigners" | "reported">,
): void {
  const role = partyRoles[notification.kind];
  for (const [index, person] of notification.subject.persons.entries()) {
    if (person.role !== role) continue;
    const keys = identityKeys(person);
    sightings.parties.push({
      ...seen,
      role,
      keys: keys.length > 0 ? keys : [`ANON#${notification.id}#${index}`],
      party: personSummary(person),
    });
  }
  const { organisation } = notification.subject;
  if (organisation?.role === role) {
    sightings.parties.push({
      ...seen,
      role,
      keys: [organisationKey(organisation)],
      party: organisationSummary(organisation),
    });
  }
}

function sightAddress(
  sightings: Sightings,
  seen: Omit<AddressSighting, "key" | "locality"> & { readonly locality: string | undefined },
): void {
  const { locality, ...rest } = seen;
  sightings.addresses.push({
    ...rest,
    ...(locality === undefined ? {} : { locality }),
    key: addressKey(seen.address, locality),
  });
}

/**
 * The keys that make two sightings one person. A name and birth date are shared by namesakes, so
 * they join only persons without an IIN: two IINs are two persons, whatever their names.
 */
function identityKeys(person: Person): string[] {
  const keys = personKeys(person);
  if (person.iin === undefined || person.birthDate === undefined) return keys;
  const byName = nameKey(person.name.latin, person.birthDate);
  return keys.filter((key) => key !== byName);
}

/** An organisation by its BIN, or, without one, by its name (quotes, case and spacing folded). */
function organisationKey(organisation: Organisation): string {
  return organisation.bin === undefined ? `ORG#${textKey(organisation.name)}` : `BIN#${organisation.bin}`;
}

function personSummary(person: Person): PartySummary {
  return {
    type: "person",
    name: person.name,
    ...(person.birthDate === undefined ? {} : { birthDate: person.birthDate }),
    ...(person.iin === undefined ? {} : { iin: person.iin }),
    ...(person.citizenship === undefined ? {} : { citizenship: person.citizenship }),
  };
}

function organisationSummary(organisation: Organisation): PartySummary {
  return {
    type: "organisation",
    name: organisation.name,
    ...(organisation.bin === undefined ? {} : { bin: organisation.bin }),
  };
}

type ForeignerIds = (persons: readonly Person[]) => string[];

function repeatParties(sightings: readonly PartySighting[], foreignerIdsOf: ForeignerIds, minCount: number) {
  const parties = new KeyClusters();
  for (const sighting of sightings) parties.join(sighting.keys);
  const groups = groupBy(sightings, (sighting) => parties.clusterOf(sighting.keys));
  const repeated: RepeatParty[] = [];
  for (const group of groups) {
    const [first] = group;
    if (first === undefined) continue;
    const counted = countOf(group, foreignerIdsOf);
    if (!reaches(counted, minCount)) continue;
    repeated.push({
      key: preferredKey(group.flatMap((sighting) => sighting.keys)),
      party: first.party,
      roles: [...new Set(group.map((sighting) => sighting.role))],
      ...counted,
    });
  }
  return repeated.sort(byCountThenKey);
}

function repeatAddresses(
  sightings: readonly AddressSighting[],
  foreignerIdsOf: ForeignerIds,
  minCount: number,
): RepeatAddress[] {
  const repeated: RepeatAddress[] = [];
  for (const group of groupBy(sightings, (sighting) => sighting.key)) {
    const [first] = group;
    if (first === undefined) continue;
    const counted = countOf(group, foreignerIdsOf);
    if (!reaches(counted, minCount)) continue;
    repeated.push({
      key: first.key,
      address: first.address,
      ...(first.locality === undefined ? {} : { locality: first.locality }),
      ...counted,
    });
  }
  return repeated.sort(byCountThenKey);
}

function countOf(group: readonly (PartySighting | AddressSighting)[], foreignerIdsOf: ForeignerIds): Counted {
  const foreigners = new Set(group.flatMap((sighting) => foreignerIdsOf(sighting.foreigners)));
  const reported = group.flatMap((sighting) => sighting.reported ?? []);
  return {
    foreignerCount: foreigners.size,
    ...(reported.length === 0 ? {} : { reportedCount: Math.max(...reported) }),
    notificationIds: [...new Set(group.map((sighting) => sighting.notificationId))],
  };
}

function reaches(counted: Counted, minCount: number): boolean {
  return Math.max(counted.foreignerCount, counted.reportedCount ?? 0) >= minCount;
}

function byCountThenKey(a: Counted & { key: string }, b: Counted & { key: string }): number {
  const countOfOne = (one: Counted) => Math.max(one.foreignerCount, one.reportedCount ?? 0);
  return countOfOne(b) - countOfOne(a) || a.key.localeCompare(b.key);
}

/** The most telling identifier: a state number first, then a document, then a name. */
const keyPreference = ["IIN#", "BIN#", "DOC#", "NAME#", "ORG#"];

function preferredKey(keys: readonly string[]): string {
  const rank = (key: string) => {
    const found = keyPreference.findIndex((prefix) => key.startsWith(prefix));
    return found === -1 ? keyPreference.length : found;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b))[0] ?? "";
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}
