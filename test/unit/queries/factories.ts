/** Small canonical notifications for the query rules: one factory call per event of a scenario. */
import { type KindId, kinds, kindTexts, originatorOf } from "../../../shared/domain/catalogue/index.ts";
import {
  type CanonicalNotification,
  canonicalNotificationSchema,
  type FactsOf,
  type Organisation,
  type Person,
  type Place,
  sourceOf,
} from "../../../shared/domain/notification.ts";
import { newNotificationId } from "../../../shared/ids.ts";

let recordCount = 0;

export interface Occurrence {
  /** `YYYY-MM-DD` (read as 11:00 in Almaty) or a full UTC instant. */
  readonly on: string;
  readonly persons?: readonly Person[];
  readonly organisation?: Organisation;
  readonly place?: Place;
}

/** A valid notification of `kind` in Almaty's deployment; the schema checks every field. */
export function notify<K extends KindId>(
  kind: K,
  facts: FactsOf<K>,
  occurrence: Occurrence,
): CanonicalNotification {
  recordCount += 1;
  const occurredAt = occurrence.on.length === 10 ? `${occurrence.on}T06:00:00.000Z` : occurrence.on;
  return canonicalNotificationSchema.parse({
    schemaVersion: 1,
    id: newNotificationId(),
    deployment: "almaty",
    region: "KZ-75",
    occurredAt,
    receivedAt: occurredAt,
    articles: kinds[kind].articles,
    title: kindTexts[kind].title,
    kind,
    source: sourceOf(kind),
    facts,
    subject: {
      persons: occurrence.persons ?? [],
      ...(occurrence.organisation === undefined ? {} : { organisation: occurrence.organisation }),
    },
    ...(occurrence.place === undefined ? {} : { place: occurrence.place }),
    upstream: { system: originatorOf(kind), recordId: `TEST-${recordCount}`, recordType: "test" },
  });
}

/** A foreigner with an Uzbek passport; `number` tells foreigners apart. */
export function foreigner(number = "FA1234567", overrides: Partial<Person> = {}): Person {
  return {
    role: "subject",
    name: { surname: "Каримов", given: "Бахтиёр", latin: "KARIMOV BAKHTIER" },
    birthDate: "1994-08-17",
    citizenship: "UZB",
    documents: [{ type: "passport", number, issuingCountry: "UZB" }],
    ...overrides,
  };
}

/** A citizen of Kazakhstan in a role other than the subject: a host, an employer, an inviter. */
export function citizen(role: Person["role"], iin: string, latin = "SEITKALI AIGERIM"): Person {
  return {
    role,
    name: { surname: latin.split(" ")[0] ?? latin, latin },
    citizenship: "KAZ",
    iin,
    documents: [],
  };
}

export function organisation(role: Organisation["role"], name: string, bin?: string): Organisation {
  return { role, name, ...(bin === undefined ? {} : { bin }) };
}

const decision = (date: string) => ({ number: "D-1", date });

/** The notifications of a stay, each on its day: a scenario reads like a file of events. */
export const stay = {
  registered: (person: Person, on: string, until?: string, entryDate?: string) =>
    notify(
      "registration.migration",
      {
        registrationType: "place-of-stay",
        registeredOn: on,
        ...(until === undefined ? {} : { registeredUntil: until }),
        ...(entryDate === undefined ? {} : { entryDate }),
      },
      { on, persons: [person] },
    ),
  worker: (person: Person, on: string, validUntil: string) =>
    notify(
      "labour.foreign-worker",
      { permitType: "labour-migrant-permit", permitNumber: "LM-1", validFrom: on, validUntil },
      { on, persons: [person] },
    ),
  shortened: (person: Person, on: string, previousValidUntil: string, newValidUntil: string) =>
    notify(
      "permit.stay-shortened",
      {
        permitType: "temporary-residence-permit",
        permitNumber: "TRP-1",
        previousValidUntil,
        newValidUntil,
        decision: decision(on),
      },
      { on, persons: [person] },
    ),
  permanentRevoked: (person: Person, on: string) =>
    notify(
      "permit.permanent-revoked",
      { permitNumber: "PR-1", decision: decision(on) },
      { on, persons: [person] },
    ),
  overstay: (person: Person, on: string, permittedUntil: string) =>
    notify(
      "stay.overstay",
      { lastEntryOn: "2025-01-09", stayBasis: "visa-free", permittedUntil },
      { on, persons: [person] },
    ),
  departureEvaded: (person: Person, on: string, permittedUntil: string) =>
    notify(
      "foreigner.departure-evaded",
      { stayBasis: "visa-free", permittedUntil },
      { on, persons: [person] },
    ),
  illegalCrossing: (person: Person, on: string, direction: "entry" | "exit") =>
    notify("border.illegal-crossing", { direction, method: "outside-checkpoint" }, { on, persons: [person] }),
  transitViolation: (person: Person, on: string) =>
    notify("transit.violation", { violation: "term-exceeded" }, { on, persons: [person] }),
  expulsionOrdered: (person: Person, on: string) =>
    notify(
      "expulsion.ordered",
      {
        decision: { ...decision(on), authority: "court" },
        execution: "controlled-self-departure",
        departBy: on,
      },
      { on, persons: [person] },
    ),
  expulsionEvaded: (person: Person, on: string, dueBy: string) =>
    notify(
      "expulsion.evaded",
      { decision: decision(dueBy), dueBy, circumstances: "not-at-address" },
      { on, persons: [person] },
    ),
  offence519: (person: Person, on: string, penalty: FactsOf<"offence.admin-519">["penalty"]) =>
    notify("offence.admin-519", { caseNumber: "AC-1", decidedOn: on, penalty }, { on, persons: [person] }),
  entryBanHit: (person: Person, on: string, detectedAt: "inland" | "border-checkpoint") =>
    notify(
      "border.entry-ban-hit",
      { detectedAt, banReference: "BAN-1", action: detectedAt === "inland" ? "detained" : "entry-refused" },
      { on, persons: [person] },
    ),
  citizenshipGranted: (person: Person, on: string) =>
    notify(
      "citizenship.granted",
      { decision: decision(on), acquisitionGround: "simplified", previousCitizenship: "UZB" },
      { on, persons: [person] },
    ),
  watchlistHit: (person: Person, on: string) =>
    notify(
      "biometric.watchlist-hit",
      {
        match: { score: 0.97, matchedRecordRef: "BIL-1", category: "wanted" },
        captureContext: "detention",
      },
      { on, persons: [person] },
    ),
};
