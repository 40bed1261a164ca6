/**
 * The monthly list of art. 11.7: the persons held liable under CoAO art. 519 in one month of one
 * deployment, built from the stored `offence.admin-519` notifications. One row per offence; the rows
 * of one person stand together, numbered as one person with the count of that person's offences in
 * the month; a summary by citizenship. The same notifications always give the same list (everything
 * is sorted, nothing depends on when it is built), so a rebuilt month has the same bytes.
 */
import type { DeploymentId, RegionCode } from "../catalogue/index.ts";
import type { NotificationOf, Person } from "../notification.ts";
import { localDateOf } from "../queries/dates.ts";
import { personKeys } from "../queries/person-store-keys.ts";
import { ADMIN_519_KIND } from "./admin-519-kind.ts";
import type { Admin519List, CitizenshipCount, ListRow, RepeatOffender } from "./admin-519-list-file.ts";
import { type InstantPeriod, monthOf } from "./months.ts";

export type { Admin519List, CitizenshipCount, ListRow, RepeatOffender };
export { ADMIN_519_KIND };

export type Admin519Notification = NotificationOf<typeof ADMIN_519_KIND>;
export type Penalty = Admin519Notification["facts"]["penalty"];

/** Citizenship of an offender whose record gives none (ICAO: unspecified nationality). */
export const UNSPECIFIED_CITIZENSHIP = "XXX";

export interface ListScope {
  readonly deployment: DeploymentId;
  readonly region: RegionCode | null;
  readonly month: string;
  readonly timeZone: string;
  readonly period: InstantPeriod;
}

/** The person the offence is about: the first `subject` person (the kqp mapper writes the offender so). */
function offenderOf(notification: Admin519Notification): Person | undefined {
  return notification.subject.persons.find((person) => person.role === "subject");
}

interface Offence {
  readonly notification: Admin519Notification;
  readonly offender: Person;
}

/**
 * Persons as groups of offences: two offences are one person's when their offenders share an IIN, a
 * document (country and number) or a Latin name with the birth date — the keys the store files persons
 * under — directly or through a third offence (union–find over those keys).
 */
function groupByPerson(offences: readonly Offence[]): Offence[][] {
  const parent = offences.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) at = parent[at] ?? at;
    return at;
  };
  const ownerOfKey = new Map<string, number>();
  offences.forEach(({ offender }, index) => {
    for (const key of personKeys(offender)) {
      const owner = ownerOfKey.get(key);
      if (owner === undefined) ownerOfKey.set(key, index);
      else parent[root(index)] = root(owner);
    }
  });
  const groups = new Map<number, Offence[]>();
  offences.forEach((offence, index) => {
    const group = groups.get(root(index)) ?? [];
    group.push(offence);
    groups.set(root(index), group);
  });
  return [...groups.values()];
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Offences in the order they happened; the id (a ULID) breaks ties. */
function byTime(a: Offence, b: Offence): number {
  return (
    compareText(a.notification.occurredAt, b.notification.occurredAt) ||
    compareText(a.notification.id, b.notification.id)
  );
}

/** Persons by Latin name, then birth date, then their first offence. */
function byPerson(a: Offence[], b: Offence[]): number {
  const [first, second] = [a[0], b[0]];
  if (first === undefined || second === undefined) return a.length - b.length;
  return (
    compareText(first.offender.name.latin, second.offender.name.latin) ||
    compareText(first.offender.birthDate ?? "", second.offender.birthDate ?? "") ||
    byTime(first, second)
  );
}

function rowOf(offence: Offence, line: number, person: number, personOffences: number, timeZone: string) {
  const { notification, offender } = offence;
  const { facts } = notification;
  const [document] = offender.documents;
  const row: ListRow = {
    line,
    person,
    personOffences,
    surname: offender.name.surname,
    ...(offender.name.given === undefined ? {} : { given: offender.name.given }),
    ...(offender.name.patronymic === undefined ? {} : { patronymic: offender.name.patronymic }),
    latin: offender.name.latin,
    ...(offender.birthDate === undefined ? {} : { birthDate: offender.birthDate }),
    citizenship: offender.citizenship ?? UNSPECIFIED_CITIZENSHIP,
    ...(offender.iin === undefined ? {} : { iin: offender.iin }),
    ...(document === undefined
      ? {}
      : {
          document: { type: document.type, number: document.number, issuingCountry: document.issuingCountry },
        }),
    caseNumber: facts.caseNumber,
    ...(facts.articlePart === undefined ? {} : { articlePart: facts.articlePart }),
    decidedOn: facts.decidedOn,
    penalty: facts.penalty,
    occurredOn: localDateOf(notification.occurredAt, timeZone),
    ...(notification.place?.locality === undefined ? {} : { locality: notification.place.locality }),
    notificationId: notification.id,
  };
  return row;
}

function citizenshipSummary(rows: readonly ListRow[]): CitizenshipCount[] {
  const counts = new Map<string, { offences: number; persons: Set<number> }>();
  for (const row of rows) {
    const count = counts.get(row.citizenship) ?? { offences: 0, persons: new Set<number>() };
    count.offences += 1;
    count.persons.add(row.person);
    counts.set(row.citizenship, count);
  }
  return [...counts]
    .map(([citizenship, count]) => ({ citizenship, offences: count.offences, persons: count.persons.size }))
    .sort((a, b) => b.offences - a.offences || compareText(a.citizenship, b.citizenship));
}

/**
 * The list of `scope.month`: the art.-519 notifications among `notifications` that happened in that
 * month on the deployment's clocks (others are left out, so a reader may hand over a wider range), one
 * per notification id. An offence whose notification names no subject person cannot be listed and is
 * left out too (the feed contract always gives one).
 */
export function buildAdmin519List(
  notifications: readonly Admin519Notification[],
  scope: ListScope,
): Admin519List {
  const seen = new Set<string>();
  const offences: Offence[] = [];
  for (const notification of notifications) {
    const offender = offenderOf(notification);
    if (notification.kind !== ADMIN_519_KIND || offender === undefined || seen.has(notification.id)) continue;
    if (monthOf(notification.occurredAt, scope.timeZone) !== scope.month) continue;
    seen.add(notification.id);
    offences.push({ notification, offender });
  }
  const persons = groupByPerson(offences)
    .map((group) => group.sort(byTime))
    .sort(byPerson);
  const rows: ListRow[] = [];
  const repeatOffenders: RepeatOffender[] = [];
  persons.forEach((group, index) => {
    const person = index + 1;
    for (const offence of group)
      rows.push(rowOf(offence, rows.length + 1, person, group.length, scope.timeZone));
    const [first] = group;
    if (group.length > 1 && first !== undefined) {
      repeatOffenders.push({
        person,
        surname: first.offender.name.surname,
        latin: first.offender.name.latin,
        ...(first.offender.birthDate === undefined ? {} : { birthDate: first.offender.birthDate }),
        citizenship: first.offender.citizenship ?? UNSPECIFIED_CITIZENSHIP,
        offences: group.length,
        notificationIds: group.map((offence) => offence.notification.id),
      });
    }
  });
  return {
    deployment: scope.deployment,
    region: scope.region,
    month: scope.month,
    timeZone: scope.timeZone,
    period: scope.period,
    counts: { offences: rows.length, persons: persons.length, repeatOffenders: repeatOffenders.length },
    rows,
    repeatOffenders,
    byCitizenship: citizenshipSummary(rows),
  };
}
