import { describe, expect, it } from "vitest";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import {
  documentKey,
  iinKey,
  nameKey,
  type PersonLookup,
} from "../../../shared/domain/queries/person-key.ts";
import {
  type StayReasonCode,
  type StayVerdictValue,
  stayVerdict,
} from "../../../shared/domain/queries/stay-legality.ts";
import { citizen, foreigner, notify, stay } from "./factories.ts";

const TODAY = "2025-06-15";
const person = foreigner("FA1234567");
const byPassport: PersonLookup = {
  by: "document",
  key: documentKey("UZB", "FA1234567"),
  issuingCountry: "UZB",
  number: "FA1234567",
};

interface Case {
  readonly scenario: string;
  readonly events: () => CanonicalNotification[];
  readonly today?: string;
  readonly verdict: StayVerdictValue;
  readonly coveredUntil?: string;
  readonly reasons: readonly StayReasonCode[];
  /** Indexes into `events` of the notifications the evidence lists. */
  readonly evidence: readonly number[];
}

const cases: readonly Case[] = [
  {
    scenario: "never seen: unknown, nothing to cite",
    events: () => [],
    verdict: "unknown",
    reasons: ["not-known"],
    evidence: [],
  },
  {
    scenario: "registered and within the term: legal until its last day",
    events: () => [stay.registered(person, "2025-04-10", "2025-07-08")],
    verdict: "legal",
    coveredUntil: "2025-07-08",
    reasons: ["covered-by-registration"],
    evidence: [0],
  },
  {
    scenario: "registration ending today: still legal today",
    events: () => [stay.registered(person, "2025-04-10", TODAY)],
    verdict: "legal",
    coveredUntil: TODAY,
    reasons: ["covered-by-registration"],
    evidence: [0],
  },
  {
    scenario: "registration ended before today, no overstay reported: unknown, not illegal",
    events: () => [stay.registered(person, "2025-03-01", "2025-05-31")],
    verdict: "unknown",
    reasons: ["ground-ended"],
    evidence: [0],
  },
  {
    scenario: "registration without a term: unknown",
    events: () => [stay.registered(person, "2025-04-10")],
    verdict: "unknown",
    reasons: ["ground-without-term"],
    evidence: [0],
  },
  {
    scenario: "a registration recorded after today is not read",
    events: () => [stay.registered(person, "2025-06-20", "2025-09-20")],
    verdict: "unknown",
    reasons: ["not-known"],
    evidence: [],
  },
  {
    scenario: "two registrations in a row: covered until the later end",
    events: () => [
      stay.registered(person, "2025-01-10", "2025-07-08"),
      stay.registered(person, "2025-05-01", "2025-10-31"),
    ],
    verdict: "legal",
    coveredUntil: "2025-10-31",
    reasons: ["covered-by-registration", "covered-by-registration"],
    evidence: [0, 1],
  },
  {
    scenario: "labour permit in force: legal until it expires",
    events: () => [stay.worker(person, "2025-02-01", "2026-01-31")],
    verdict: "legal",
    coveredUntil: "2026-01-31",
    reasons: ["covered-by-labour-permit"],
    evidence: [0],
  },
  {
    scenario: "registration then overstay: illegal, the overstay in the evidence",
    events: () => [
      stay.registered(person, "2025-03-01", "2025-05-31"),
      stay.overstay(person, "2025-06-02", "2025-05-31"),
    ],
    verdict: "illegal",
    reasons: ["overstay"],
    evidence: [1],
  },
  {
    scenario: "overstay reported while a registration claims a later end: the later report wins",
    events: () => [
      stay.registered(person, "2025-03-01", "2025-12-31"),
      stay.overstay(person, "2025-06-02", "2025-05-31"),
    ],
    verdict: "illegal",
    reasons: ["overstay"],
    evidence: [1],
  },
  {
    scenario: "overstay, then a new registration: legal, the lifted overstay cited",
    events: () => [
      stay.overstay(person, "2025-04-09", "2025-04-08"),
      stay.registered(person, "2025-05-01", "2025-08-01"),
    ],
    verdict: "legal",
    coveredUntil: "2025-08-01",
    reasons: ["covered-by-registration", "breach-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "overstay, then a labour permit: legal",
    events: () => [
      stay.overstay(person, "2025-04-09", "2025-04-08"),
      stay.worker(person, "2025-05-01", "2025-12-31"),
    ],
    verdict: "legal",
    coveredUntil: "2025-12-31",
    reasons: ["covered-by-labour-permit", "breach-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "overstay lifted, then a second overstay: illegal again",
    events: () => [
      stay.overstay(person, "2025-03-09", "2025-03-08"),
      stay.registered(person, "2025-03-20", "2025-05-20"),
      stay.overstay(person, "2025-05-25", "2025-05-20"),
    ],
    verdict: "illegal",
    reasons: ["overstay"],
    evidence: [2],
  },
  {
    scenario: "departure evaded: illegal",
    events: () => [stay.departureEvaded(person, "2025-04-14", "2025-03-31")],
    verdict: "illegal",
    reasons: ["departure-evaded"],
    evidence: [0],
  },
  {
    scenario: "term shortened: legal until the new end",
    events: () => [
      stay.registered(person, "2025-04-10", "2025-12-31"),
      stay.shortened(person, "2025-05-20", "2025-12-31", "2025-07-01"),
    ],
    verdict: "legal",
    coveredUntil: "2025-07-01",
    reasons: ["covered-by-registration", "covered-by-permit", "term-shortened"],
    evidence: [0, 1],
  },
  {
    scenario: "term shortened to before today: unknown, the shortening cited",
    events: () => [
      stay.registered(person, "2025-04-10", "2025-12-31"),
      stay.shortened(person, "2025-05-20", "2025-12-31", "2025-06-01"),
    ],
    verdict: "unknown",
    reasons: ["ground-ended", "term-shortened"],
    evidence: [0, 1],
  },
  {
    scenario: "registration made after a shortening is not cut by it",
    events: () => [
      stay.shortened(person, "2025-04-20", "2025-12-31", "2025-05-31"),
      stay.registered(person, "2025-06-01", "2025-09-30"),
    ],
    verdict: "legal",
    coveredUntil: "2025-09-30",
    reasons: ["covered-by-registration", "term-shortened"],
    evidence: [0, 1],
  },
  {
    scenario: "permanent permit revoked: the registration resting on it ends; unknown",
    events: () => [
      stay.registered(person, "2024-01-10", "2029-01-10"),
      stay.permanentRevoked(person, "2025-05-05"),
    ],
    verdict: "unknown",
    reasons: ["ground-ended", "permit-revoked"],
    evidence: [0, 1],
  },
  {
    scenario: "expulsion ordered: illegal",
    events: () => [stay.expulsionOrdered(person, "2025-04-22")],
    verdict: "illegal",
    reasons: ["expulsion-ordered"],
    evidence: [0],
  },
  {
    scenario: "expulsion ordered during a registration: illegal, the registration no longer covers",
    events: () => [
      stay.registered(person, "2025-04-10", "2025-12-31"),
      stay.expulsionOrdered(person, "2025-05-22"),
    ],
    verdict: "illegal",
    reasons: ["expulsion-ordered"],
    evidence: [1],
  },
  {
    scenario: "expulsion ordered, then a registration showing no new entry: still illegal",
    events: () => [
      stay.expulsionOrdered(person, "2025-04-22"),
      stay.registered(person, "2025-05-01", "2025-08-01"),
    ],
    verdict: "illegal",
    reasons: ["expulsion-ordered", "removal-not-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "expulsion ordered, then a registration after a new entry: legal",
    events: () => [
      stay.expulsionOrdered(person, "2025-02-22"),
      stay.registered(person, "2025-05-01", "2025-08-01", "2025-04-30"),
    ],
    verdict: "legal",
    coveredUntil: "2025-08-01",
    reasons: ["covered-by-registration", "breach-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "expulsion ordered, then a labour permit: a permit shows no departure; illegal",
    events: () => [
      stay.expulsionOrdered(person, "2025-04-22"),
      stay.worker(person, "2025-05-01", "2025-12-31"),
    ],
    verdict: "illegal",
    reasons: ["expulsion-ordered", "removal-not-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "expulsion evaded: illegal",
    events: () => [stay.expulsionEvaded(person, "2025-05-10", "2025-05-02")],
    verdict: "illegal",
    reasons: ["expulsion-evaded"],
    evidence: [0],
  },
  {
    scenario: "art. 519 penalty with expulsion: illegal",
    events: () => [stay.offence519(person, "2025-05-10", "fine-and-expulsion")],
    verdict: "illegal",
    reasons: ["expulsion-ordered"],
    evidence: [0],
  },
  {
    scenario: "art. 519 fine only: no ground, no breach in force; unknown",
    events: () => [stay.offence519(person, "2025-05-10", "fine")],
    verdict: "unknown",
    reasons: ["no-stay-records"],
    evidence: [],
  },
  {
    scenario: "banned person found inland: illegal",
    events: () => [stay.entryBanHit(person, "2025-05-10", "inland")],
    verdict: "illegal",
    reasons: ["entry-ban-inland"],
    evidence: [0],
  },
  {
    scenario: "banned person refused at the checkpoint: not inside; unknown",
    events: () => [stay.entryBanHit(person, "2025-05-10", "border-checkpoint")],
    verdict: "unknown",
    reasons: ["no-stay-records"],
    evidence: [],
  },
  {
    scenario: "illegal crossing into the country: illegal",
    events: () => [stay.illegalCrossing(person, "2025-05-10", "entry")],
    verdict: "illegal",
    reasons: ["illegal-entry"],
    evidence: [0],
  },
  {
    scenario: "illegal crossing out of the country: no breach of stay; unknown",
    events: () => [stay.illegalCrossing(person, "2025-05-10", "exit")],
    verdict: "unknown",
    reasons: ["no-stay-records"],
    evidence: [],
  },
  {
    scenario: "transit rules breached: illegal",
    events: () => [stay.transitViolation(person, "2025-05-10")],
    verdict: "illegal",
    reasons: ["transit-violation"],
    evidence: [0],
  },
  {
    scenario: "citizenship granted after an overstay: legal as a citizen",
    events: () => [
      stay.overstay(person, "2024-04-09", "2024-04-08"),
      stay.citizenshipGranted(person, "2025-01-15"),
    ],
    verdict: "legal",
    reasons: ["citizen", "breach-lifted"],
    evidence: [0, 1],
  },
  {
    scenario: "expulsion recorded after citizenship: the records contradict; unknown",
    events: () => [
      stay.citizenshipGranted(person, "2025-01-15"),
      stay.expulsionOrdered(person, "2025-04-22"),
    ],
    verdict: "unknown",
    reasons: ["citizen", "citizenship-contradicted"],
    evidence: [0, 1],
  },
  {
    scenario: "only a biometric hit: nothing on the stay; unknown",
    events: () => [stay.watchlistHit(person, "2025-05-10")],
    verdict: "unknown",
    reasons: ["no-stay-records"],
    evidence: [],
  },
  {
    scenario: "another foreigner's registration is not this person's",
    events: () => [stay.registered(foreigner("FA7654321"), "2025-04-10", "2025-07-08")],
    verdict: "unknown",
    reasons: ["not-known"],
    evidence: [],
  },
];

describe("stayVerdict: the table of cases", () => {
  it("has at least 20 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)("$scenario", ({ events, today, verdict, coveredUntil, reasons, evidence }) => {
    // Prepare
    const notifications = events();

    // Act
    const answer = stayVerdict(notifications, today ?? TODAY, byPassport);

    // Assess
    expect(answer.verdict).toBe(verdict);
    expect(answer.coveredUntil).toBe(coveredUntil);
    expect(answer.reasons.map((reason) => reason.code)).toEqual(reasons);
    expect(answer.evidence).toEqual(evidence.map((index) => notifications[index]?.id));
  });
});

describe("stayVerdict: whose stay", () => {
  it("reads the notifications in the order they happened, whatever order they come in", () => {
    // Prepare
    const registered = stay.registered(person, "2025-03-01", "2025-05-31");
    const overstay = stay.overstay(person, "2025-06-02", "2025-05-31");

    // Act
    const answer = stayVerdict([overstay, registered, overstay], TODAY, byPassport);

    // Assess
    expect(answer.verdict).toBe("illegal");
    expect(answer.evidence).toEqual([overstay.id]);
  });

  it("does not read a registration the person made as host of another foreigner", () => {
    // Prepare
    const host = citizen("host", "881102402170");
    const registration = notify(
      "registration.migration",
      { registrationType: "place-of-stay", registeredOn: "2025-04-10", registeredUntil: "2025-07-08" },
      { on: "2025-04-10", persons: [foreigner(), host] },
    );
    const byIin: PersonLookup = { by: "iin", key: iinKey("881102402170"), iin: "881102402170" };

    // Act
    const answer = stayVerdict([registration], TODAY, byIin);

    // Assess
    expect(answer.verdict).toBe("unknown");
    expect(answer.reasons.map((reason) => reason.code)).toEqual(["not-known"]);
  });

  it("finds the passport by number and country whatever type was recorded, or only the type asked", () => {
    // Prepare
    const asPermit = foreigner("", {
      documents: [{ type: "residence-permit", number: "FA1234567", issuingCountry: "UZB" }],
    });
    const registration = stay.registered(asPermit, "2025-04-10", "2025-07-08");
    const passportsOnly: PersonLookup = { ...byPassport, documentType: "passport" };

    // Act
    const anyType = stayVerdict([registration], TODAY, byPassport);
    const passportOnly = stayVerdict([registration], TODAY, passportsOnly);

    // Assess
    expect(anyType.verdict).toBe("legal");
    expect(passportOnly.verdict).toBe("unknown");
  });

  it("refuses a verdict when one key names two persons with different IINs", () => {
    // Prepare
    const first = foreigner("FA1234567", { iin: "881102402170" });
    const second = foreigner("FA7654321", { iin: "781120400578" });
    const byName: PersonLookup = {
      by: "name",
      key: nameKey("KARIMOV BAKHTIER", "1994-08-17"),
      latin: "KARIMOV BAKHTIER",
      birthDate: "1994-08-17",
    };
    const notifications = [
      stay.registered(first, "2025-04-10", "2025-07-08"),
      stay.expulsionOrdered(second, "2025-04-22"),
    ];

    // Act
    const answer = stayVerdict(notifications, TODAY, byName);

    // Assess
    expect(answer.verdict).toBe("unknown");
    expect(answer.reasons.map((reason) => reason.code)).toEqual(["identity-ambiguous", "identity-ambiguous"]);
    expect(answer.evidence).toEqual(notifications.map((notification) => notification.id));
  });

  it("reads today on the region's clocks: an event at 23:30 in Almaty on the 15th happened today", () => {
    // Prepare: 18:30 UTC on the 15th is 23:30 on the 15th in Almaty (UTC+5).
    const registration = notify(
      "registration.migration",
      { registrationType: "place-of-stay", registeredOn: TODAY, registeredUntil: "2025-07-08" },
      { on: "2025-06-15T18:30:00.000Z", persons: [person] },
    );
    const nextDay = notify(
      "expulsion.ordered",
      { decision: { date: "2025-06-16", authority: "police" }, execution: "escorted" },
      { on: "2025-06-15T19:30:00.000Z", persons: [person] },
    );

    // Act
    const answer = stayVerdict([registration, nextDay], TODAY, byPassport);

    // Assess
    expect(answer).toMatchObject({
      verdict: "legal",
      coveredUntil: "2025-07-08",
      evidence: [registration.id],
    });
  });

  it("explains each reason in words and cites its notification", () => {
    // Prepare
    const overstay = stay.overstay(person, "2025-06-02", "2025-05-31");

    // Act
    const answer = stayVerdict([overstay], TODAY, byPassport);

    // Assess
    expect(answer.reasons).toEqual([
      {
        code: "overstay",
        message: "The permitted stay (visa free) ended on 2025-05-31 and no exit was recorded by 2025-06-02.",
        notificationId: overstay.id,
      },
    ]);
  });
});
