/**
 * Whether a foreigner's stay is legal today, from the notifications the hub holds about them
 * (rules art. 11.9). The rules, and why: docs/decisions/stay-legality-rules.md. In short, the events
 * are read in the order they happened; a registration or a permit covers the stay for its term, a
 * shortening or a revocation ends that term earlier, a breach makes the stay illegal until a later
 * event shows a new ground; without a ground that covers today and without a breach the answer is
 * `unknown`, never a guess.
 */
import type { CanonicalNotification, NotificationOf, Person } from "../notification.ts";
import { occurredOn } from "./dates.ts";
import { isKnownAs, type PersonLookup } from "./person-key.ts";

export const stayVerdicts = ["legal", "illegal", "unknown"] as const;
export type StayVerdictValue = (typeof stayVerdicts)[number];

export const stayReasonCodes = [
  "citizen",
  "citizenship-contradicted",
  "covered-by-registration",
  "covered-by-labour-permit",
  "covered-by-permit",
  "term-shortened",
  "permit-revoked",
  "overstay",
  "departure-evaded",
  "illegal-entry",
  "transit-violation",
  "expulsion-ordered",
  "expulsion-evaded",
  "entry-ban-inland",
  "breach-lifted",
  "removal-not-lifted",
  "ground-ended",
  "ground-without-term",
  "no-stay-records",
  "not-known",
  "identity-ambiguous",
  "too-many-notifications",
] as const;
export type StayReasonCode = (typeof stayReasonCodes)[number];

export interface StayReason {
  readonly code: StayReasonCode;
  readonly message: string;
  /** The notification the reason rests on (absent when the hub holds none). */
  readonly notificationId?: string;
}

export interface StayVerdict {
  readonly verdict: StayVerdictValue;
  /** Last day the stay is covered, when `legal` by a ground with a term. */
  readonly coveredUntil?: string;
  readonly reasons: readonly StayReason[];
  /** The notifications the reasons cite, in the order they happened. */
  readonly evidence: readonly string[];
}

/** A ground of stay: a registration or a permit, for a term. */
interface Ground {
  readonly notificationId: string;
  readonly code: "covered-by-registration" | "covered-by-labour-permit" | "covered-by-permit";
  readonly what: string;
  readonly from: string;
  /** Last day covered; undefined when the record gives no term. */
  until: string | undefined;
}

/** A breach of the rules of stay, open until a later event lifts it. */
interface Breach {
  readonly notificationId: string;
  readonly code: StayReasonCode;
  readonly message: string;
  readonly date: string;
  /**
   * An expulsion or an entry ban: only leaving and entering again lifts it, which a registration
   * shows by an entry date after it. Any other breach is lifted by any later ground.
   */
  readonly removal: boolean;
}

interface Reading {
  grounds: Ground[];
  breaches: Breach[];
  citizen: StayReason | undefined;
  /** Breaches recorded after citizenship was granted: the records contradict each other. */
  contradictions: StayReason[];
  /** Later events that shortened or ended grounds, and breaches lifted: context for the answer. */
  history: StayReason[];
  /** Registrations and permits that did not lift an expulsion or entry ban. */
  notLifted: StayReason[];
}

/**
 * The verdict on the stay of the person `lookup` names, on `today` (`YYYY-MM-DD` on the region's
 * clocks), from notifications about them. Only notifications where that person is the `subject`
 * count (not those where they hosted or employed someone), and only those that happened by `today`.
 * `aliases` are the person's other strong keys (`strongKeysSeenWith`): a notification that names them
 * by one of those alone is about them too.
 */
export function stayVerdict(
  notifications: readonly CanonicalNotification[],
  today: string,
  lookup: PersonLookup,
  aliases: readonly string[] = [],
): StayVerdict {
  const aliasKeys = new Set(aliases);
  const isThem = (person: Person) => isKnownAs(person, lookup, aliasKeys);
  const about = [...new Map(notifications.map((one) => [one.id, one])).values()]
    .filter((one) => subjectsOf(one).some(isThem))
    .filter((one) => occurredOn(one) <= today)
    .sort(byOccurrence);
  if (about.length === 0) {
    return answer("unknown", about, [
      { code: "not-known", message: "The hub holds no notification about this person as a foreigner." },
    ]);
  }
  const ambiguity = identityAmbiguity(about, isThem);
  if (ambiguity.length > 0) return answer("unknown", about, ambiguity);

  const reading: Reading = {
    grounds: [],
    breaches: [],
    citizen: undefined,
    contradictions: [],
    history: [],
    notLifted: [],
  };
  for (const notification of about) read(reading, notification);
  return conclude(reading, about, today);
}

/**
 * The verdict when the hub holds more than `limit` notifications about the person, more than one query
 * reads: `unknown`, never a verdict on some of them.
 */
export function tooManyToJudge(limit: number): StayVerdict {
  return answer(
    "unknown",
    [],
    [
      {
        code: "too-many-notifications",
        message: `The hub holds more than ${limit} notifications about this person, more than one query reads; a verdict on some of them could be wrong.`,
      },
    ],
  );
}

function subjectsOf(notification: CanonicalNotification): Person[] {
  return notification.subject.persons.filter((person) => person.role === "subject");
}

function byOccurrence(a: CanonicalNotification, b: CanonicalNotification): number {
  return a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id);
}

/** Two persons with different IINs under one key (a document number reissued, a clerical error). */
function identityAmbiguity(
  about: readonly CanonicalNotification[],
  isThem: (person: Person) => boolean,
): StayReason[] {
  const firstByIin = new Map<string, string>();
  for (const notification of about) {
    for (const person of subjectsOf(notification)) {
      if (person.iin !== undefined && isThem(person) && !firstByIin.has(person.iin)) {
        firstByIin.set(person.iin, notification.id);
      }
    }
  }
  if (firstByIin.size < 2) return [];
  return [...firstByIin].map(([iin, notificationId]) => ({
    code: "identity-ambiguous",
    message: `The key names more than one person; this notification is about the holder of IIN ${iin}. Ask by IIN.`,
    notificationId,
  }));
}

function read(reading: Reading, notification: CanonicalNotification): void {
  const { id } = notification;
  switch (notification.kind) {
    case "registration.migration": {
      const { facts } = notification;
      addGround(reading, notification, {
        notificationId: id,
        code: "covered-by-registration",
        what: `The registration (${words(facts.registrationType)}) of ${facts.registeredOn}`,
        from: facts.registeredOn,
        until: facts.registeredUntil,
      });
      return;
    }
    case "labour.foreign-worker": {
      const { facts } = notification;
      addGround(reading, notification, {
        notificationId: id,
        code: "covered-by-labour-permit",
        what: `The ${words(facts.permitType)} ${facts.permitNumber}`,
        from: facts.validFrom ?? occurredOn(notification),
        until: facts.validUntil,
      });
      return;
    }
    case "permit.stay-shortened": {
      const { facts } = notification;
      const message = `The ${words(facts.permitType)} ${facts.permitNumber} was shortened by the decision of ${facts.decision.date} from ${facts.previousValidUntil} to ${facts.newValidUntil}; grounds recorded before it end then at the latest.`;
      endGrounds(reading, facts.newValidUntil);
      reading.history.push({ code: "term-shortened", message, notificationId: id });
      // The shortened permit is itself a ground until its new end, but no new one: it lifts no breach.
      reading.grounds.push({
        notificationId: id,
        code: "covered-by-permit",
        what: `The ${words(facts.permitType)} ${facts.permitNumber}, as shortened,`,
        from: facts.decision.date,
        until: facts.newValidUntil,
      });
      return;
    }
    case "permit.permanent-revoked": {
      const { facts } = notification;
      endGrounds(reading, facts.decision.date);
      reading.history.push({
        code: "permit-revoked",
        message: `The permanent residence permit ${facts.permitNumber} was revoked by the decision of ${facts.decision.date}; grounds recorded before it end then.`,
        notificationId: id,
      });
      return;
    }
    case "citizenship.granted":
      liftAll(reading, "citizenship was granted");
      reading.citizen = {
        code: "citizen",
        message: `Granted citizenship of Kazakhstan by the decision of ${notification.facts.decision.date}: a citizen, not a foreigner, whose stay needs no ground.`,
        notificationId: id,
      };
      return;
    default: {
      const breach = breachOf(notification);
      if (breach !== undefined) addBreach(reading, breach);
    }
  }
}

/** The breach a notification records, if any. */
function breachOf(notification: CanonicalNotification): Breach | undefined {
  const { id: notificationId } = notification;
  const on = occurredOn(notification);
  switch (notification.kind) {
    case "stay.overstay": {
      const { facts } = notification;
      return {
        notificationId,
        code: "overstay",
        message: `The permitted stay (${words(facts.stayBasis)}) ended on ${facts.permittedUntil} and no exit was recorded by ${on}.`,
        date: on,
        removal: false,
      };
    }
    case "foreigner.departure-evaded":
      return {
        notificationId,
        code: "departure-evaded",
        message: `Evaded leaving Kazakhstan after the permitted stay (${words(notification.facts.stayBasis)}) ended on ${notification.facts.permittedUntil}.`,
        date: on,
        removal: false,
      };
    case "border.illegal-crossing":
      // An exit does not show that the person left (they may have been stopped); it is no breach of stay.
      if (notification.facts.direction === "exit") return undefined;
      return {
        notificationId,
        code: "illegal-entry",
        message: `Crossed the State Border illegally (${words(notification.facts.method)}, ${notification.facts.direction}) on ${on}.`,
        date: on,
        removal: false,
      };
    case "transit.violation":
      return {
        notificationId,
        code: "transit-violation",
        message: `Breached the rules of transit (${words(notification.facts.violation)}) on ${on}.`,
        date: on,
        removal: false,
      };
    case "expulsion.ordered":
      return expulsionOrdered(notification);
    case "expulsion.evaded":
      return {
        notificationId,
        code: "expulsion-evaded",
        message: `Evaded the expulsion decided on ${notification.facts.decision.date} (due to leave by ${notification.facts.dueBy}; ${words(notification.facts.circumstances)}).`,
        date: on,
        removal: true,
      };
    case "offence.admin-519": {
      const { facts } = notification;
      if (facts.penalty !== "expulsion" && facts.penalty !== "fine-and-expulsion") return undefined;
      return {
        notificationId,
        code: "expulsion-ordered",
        message: `Expulsion ordered as the penalty (${words(facts.penalty)}) under art. 519 of the Administrative Offences Code on ${facts.decidedOn}; the hub has no record of its execution.`,
        date: facts.decidedOn,
        removal: true,
      };
    }
    case "border.entry-ban-hit":
      // At a checkpoint the person is refused or held at the border: not inside the country.
      if (notification.facts.detectedAt !== "inland") return undefined;
      return {
        notificationId,
        code: "entry-ban-inland",
        message: `Found inside the country on ${on} while banned from entry (${notification.facts.banReference}).`,
        date: on,
        removal: true,
      };
    default:
      return undefined;
  }
}

function expulsionOrdered(notification: NotificationOf<"expulsion.ordered">): Breach {
  const { facts } = notification;
  const departBy = facts.departBy === undefined ? "" : `, to leave by ${facts.departBy}`;
  return {
    notificationId: notification.id,
    code: "expulsion-ordered",
    message: `Expulsion ordered by the ${facts.decision.authority} on ${facts.decision.date} (${words(facts.execution)}${departBy}); the hub has no record of its execution.`,
    date: facts.decision.date,
    removal: true,
  };
}

function addGround(reading: Reading, notification: CanonicalNotification, ground: Ground): void {
  const entryDate = notification.kind === "registration.migration" ? notification.facts.entryDate : undefined;
  const remaining: Breach[] = [];
  for (const breach of reading.breaches) {
    const lifts = !breach.removal || (entryDate !== undefined && entryDate > breach.date);
    if (lifts) {
      reading.history.push({
        code: "breach-lifted",
        message: `${breach.message} Lifted by the ground of stay recorded later in notification ${ground.notificationId}.`,
        notificationId: breach.notificationId,
      });
    } else {
      remaining.push(breach);
    }
  }
  if (remaining.length > 0) {
    reading.notLifted.push({
      code: "removal-not-lifted",
      message: `${ground.what} does not lift the expulsion or entry ban: it records no entry into the country after it.`,
      notificationId: ground.notificationId,
    });
  }
  reading.breaches = remaining;
  reading.grounds.push(ground);
}

/** A breach also ends every ground recorded before it: the stay they covered is over. */
function addBreach(reading: Reading, breach: Breach): void {
  if (reading.citizen !== undefined) {
    reading.contradictions.push({
      code: "citizenship-contradicted",
      message: `${breach.message} Recorded after citizenship was granted: the records contradict each other.`,
      notificationId: breach.notificationId,
    });
    return;
  }
  reading.grounds = [];
  reading.breaches.push(breach);
}

function endGrounds(reading: Reading, lastDay: string): void {
  for (const ground of reading.grounds) {
    if (ground.until === undefined || ground.until > lastDay) ground.until = lastDay;
  }
}

function liftAll(reading: Reading, because: string): void {
  for (const breach of reading.breaches) {
    reading.history.push({
      code: "breach-lifted",
      message: `${breach.message} Lifted: ${because}.`,
      notificationId: breach.notificationId,
    });
  }
  reading.breaches = [];
}

function conclude(reading: Reading, about: readonly CanonicalNotification[], today: string): StayVerdict {
  const { citizen, contradictions, breaches, grounds, history, notLifted } = reading;
  if (citizen !== undefined) {
    return contradictions.length > 0
      ? answer("unknown", about, [citizen, ...contradictions])
      : answer("legal", about, [citizen, ...history]);
  }
  if (breaches.length > 0) {
    return answer("illegal", about, [
      ...breaches.map(({ code, message, notificationId }) => ({ code, message, notificationId })),
      ...notLifted,
    ]);
  }
  const covering = grounds.filter(
    (ground) => ground.from <= today && ground.until !== undefined && ground.until >= today,
  );
  if (covering.length > 0) {
    const coveredUntil = covering.flatMap((ground) => ground.until ?? []).reduce(later);
    return answer(
      "legal",
      about,
      [...covering.map((ground) => groundReason(ground, ground.code)), ...history],
      coveredUntil,
    );
  }
  const unknownReasons = [
    ...endedGround(grounds, today),
    ...grounds
      .filter((ground) => ground.until === undefined && ground.from <= today)
      .map((ground) => groundReason(ground, "ground-without-term")),
    ...history,
  ];
  if (unknownReasons.length === 0) {
    unknownReasons.push({
      code: "no-stay-records",
      message: `The hub holds ${about.length} notification(s) about this person, none on a ground of stay or a breach of its rules.`,
    });
  }
  return answer("unknown", about, unknownReasons);
}

/** The ground that ended last, before today. */
function endedGround(grounds: readonly Ground[], today: string): StayReason[] {
  const ended = grounds.filter((ground) => ground.until !== undefined && ground.until < today);
  const last = ended.reduce<Ground | undefined>(
    (latest, ground) =>
      latest === undefined || (ground.until ?? "") > (latest.until ?? "") ? ground : latest,
    undefined,
  );
  return last === undefined ? [] : [groundReason(last, "ground-ended")];
}

function groundReason(
  ground: Ground,
  code: Ground["code"] | "ground-ended" | "ground-without-term",
): StayReason {
  return { code, message: groundMessage(ground, code), notificationId: ground.notificationId };
}

function groundMessage(ground: Ground, code: StayReasonCode): string {
  switch (code) {
    case "ground-ended":
      return `${ground.what} covered the stay until ${ground.until}. The hub sees no regular exits (Burkit reports a stay that ended without one as an overstay), so whether the person left is not known.`;
    case "ground-without-term":
      return `${ground.what} records no end of its term, so the hub cannot say until when it covers the stay.`;
    default:
      return `${ground.what} covers the stay until ${ground.until}.`;
  }
}

/** A value of the catalogue's lists as words: `place-of-stay` → "place of stay". */
function words(value: string): string {
  return value.replaceAll("-", " ");
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

function answer(
  verdict: StayVerdictValue,
  about: readonly CanonicalNotification[],
  reasons: readonly StayReason[],
  coveredUntil?: string,
): StayVerdict {
  const cited = new Set(reasons.map((reason) => reason.notificationId));
  return {
    verdict,
    ...(coveredUntil === undefined ? {} : { coveredUntil }),
    reasons,
    evidence: about
      .filter((notification) => cited.has(notification.id))
      .map((notification) => notification.id),
  };
}
