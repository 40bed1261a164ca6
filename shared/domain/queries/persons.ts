/**
 * The persons a key names (`GET /v1/persons`): the notifications found under the key, grouped into
 * the persons they are about. Persons with different IINs are two, whatever they share (a reissued
 * document number, a name); persons without an IIN are one when they share a document, and join the
 * one person with an IIN who holds that document. Names never join anyone: namesakes are not one.
 */
import type { KindId } from "../catalogue/index.ts";
import type {
  CanonicalNotification,
  IdentityDocument,
  Person,
  PersonName,
  PersonRole,
} from "../notification.ts";
import { KeyClusters } from "./key-clusters.ts";
import { documentKey, iinKey, isLookedUp, type PersonLookup, personKeys } from "./person-key.ts";

/** One notification about a person: enough to cite it, none of its content. */
export interface PersonNotificationRef {
  readonly notificationId: string;
  readonly kind: KindId;
  readonly occurredAt: string;
  readonly region: string | null;
  readonly role: PersonRole;
}

export interface KnownPerson {
  /** Every key of the person, the strongest first. */
  readonly keys: readonly string[];
  /** As the newest notification gives them. */
  readonly name: PersonName;
  readonly birthDate?: string;
  readonly citizenship?: string;
  readonly iin?: string;
  readonly documents: readonly IdentityDocument[];
  /** Newest first. */
  readonly notifications: readonly PersonNotificationRef[];
}

interface Sighting {
  readonly person: Person;
  readonly notification: CanonicalNotification;
}

/** The persons `lookup` names in `notifications`, the most recently seen first. */
export function personsKnownAs(
  notifications: readonly CanonicalNotification[],
  lookup: PersonLookup,
): KnownPerson[] {
  const sightings = [...new Map(notifications.map((one) => [one.id, one])).values()]
    .sort(newestFirst)
    .flatMap((notification) =>
      notification.subject.persons
        .filter((person) => isLookedUp(person, lookup))
        .map((person) => ({ person, notification })),
    );
  return groupIntoPersons(sightings).map(knownPerson);
}

function groupIntoPersons(sightings: readonly Sighting[]): Sighting[][] {
  const clusters = new KeyClusters();
  for (const { person } of sightings) clusters.join(joiningKeys(person));
  // In the order of each cluster's newest sighting. A cluster is all with an IIN or all without.
  const byCluster = new Map<string, Sighting[]>();
  for (const sighting of sightings) {
    const cluster = clusters.clusterOf(joiningKeys(sighting.person));
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), sighting]);
  }
  const iinClustersByDocument = new Map<string, Set<string>>();
  for (const [cluster, members] of byCluster) {
    if (!hasIin(members)) continue;
    for (const key of members.flatMap(({ person }) => documentKeysOf(person))) {
      iinClustersByDocument.set(key, (iinClustersByDocument.get(key) ?? new Set()).add(cluster));
    }
  }
  const persons = new Map<string, Sighting[]>();
  for (const [cluster, members] of byCluster) {
    const owner = hasIin(members) ? cluster : (soleOwner(members, iinClustersByDocument) ?? cluster);
    persons.set(owner, [...(persons.get(owner) ?? []), ...members]);
  }
  return [...persons.values()].map((members) =>
    members.sort((a, b) => newestFirst(a.notification, b.notification)),
  );
}

function hasIin(members: readonly Sighting[]): boolean {
  return members[0]?.person.iin !== undefined;
}

/** The one cluster with an IIN that holds a document of these sightings; none when several do. */
function soleOwner(
  members: readonly Sighting[],
  iinClustersByDocument: ReadonlyMap<string, ReadonlySet<string>>,
): string | undefined {
  const owners = new Set(
    members
      .flatMap(({ person }) => documentKeysOf(person))
      .flatMap((key) => [...(iinClustersByDocument.get(key) ?? [])]),
  );
  const [only, ...others] = owners;
  return others.length === 0 ? only : undefined;
}

/**
 * What makes two sightings one person: the IIN when there is one (so two IINs stay two persons
 * however alike), otherwise the documents, otherwise the name key the lookup matched.
 */
function joiningKeys(person: Person): string[] {
  if (person.iin !== undefined) return [iinKey(person.iin)];
  const documents = documentKeysOf(person);
  return documents.length > 0 ? documents : personKeys(person);
}

function documentKeysOf(person: Person): string[] {
  return person.documents.map((document) => documentKey(document.issuingCountry, document.number));
}

/** Sightings newest first: the first gives the identity as last seen. */
function knownPerson(sightings: readonly Sighting[]): KnownPerson {
  const [newest] = sightings;
  if (newest === undefined) throw new Error("a person is known from at least one sighting");
  const { person } = newest;
  const iin = sightings.find((one) => one.person.iin !== undefined)?.person.iin;
  const documents = new Map<string, IdentityDocument>();
  for (const { person: seen } of sightings) {
    for (const document of seen.documents) {
      const key = `${document.type}#${documentKey(document.issuingCountry, document.number)}`;
      if (!documents.has(key)) documents.set(key, document);
    }
  }
  const refs = new Map<string, PersonNotificationRef>();
  for (const { person: seen, notification } of sightings) {
    if (refs.has(notification.id)) continue;
    refs.set(notification.id, {
      notificationId: notification.id,
      kind: notification.kind,
      occurredAt: notification.occurredAt,
      region: notification.region,
      role: seen.role,
    });
  }
  return {
    keys: strongestFirst(sightings.flatMap((one) => personKeys(one.person))),
    name: person.name,
    ...(person.birthDate === undefined ? {} : { birthDate: person.birthDate }),
    ...(person.citizenship === undefined ? {} : { citizenship: person.citizenship }),
    ...(iin === undefined ? {} : { iin }),
    documents: [...documents.values()],
    notifications: [...refs.values()],
  };
}

function strongestFirst(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  const rank = (key: string) => (key.startsWith("IIN#") ? 0 : key.startsWith("DOC#") ? 1 : 2);
  return unique.sort((a, b) => rank(a) - rank(b));
}

function newestFirst(a: CanonicalNotification, b: CanonicalNotification): number {
  return b.occurredAt.localeCompare(a.occurredAt) || b.id.localeCompare(a.id);
}

/** Every key of the persons found: who the query concerned, for the audit log. */
export function keysOfPersons(persons: readonly KnownPerson[]): string[] {
  return [...new Set(persons.flatMap((person) => person.keys))];
}
