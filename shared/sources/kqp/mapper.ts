/**
 * КҚП АЖ records → canonical notifications. The kind of each record type comes from
 * `kqpRecordKinds`; everything else a record says is placed here, in one function per record type.
 */
import type * as z from "zod";
import type { CanonicalNotification, FactsOf, Person, Subject } from "../../domain/notification.ts";
import { defineFeed } from "../kit/feed.ts";
import type { RecordScope } from "../kit/record-scope.ts";
import { type KqpRecord, type kqpParty, type kqpPerson, kqpRecord, kqpRecordKinds } from "./contract.ts";

type KqpPerson = z.output<typeof kqpPerson>;
type KqpParty = z.output<typeof kqpParty>;
type PartyRole = "inviter" | "host" | "applicant" | "employer";

function personOf(scope: RecordScope, role: Person["role"], parsed: KqpPerson, path: string): Person {
  const documents = (parsed.documents ?? []).map((document, index) =>
    scope.document(document, `${path}/documents/${index}`),
  );
  return scope.person(role, parsed, path, documents);
}

/** A subject of one foreigner (the record's `subject` person). */
function foreignerSubject(scope: RecordScope, parsed: KqpPerson, path: string): Subject {
  return { persons: [personOf(scope, "subject", parsed, path)] };
}

/** The party as person or organisation, added to `subject` next to the persons already there. */
function withParty(
  scope: RecordScope,
  persons: Person[],
  role: PartyRole,
  party: KqpParty,
  path: string,
): Subject {
  if (party.type === "organisation") return { persons, organisation: scope.organisation(role, party) };
  return { persons: [...persons, personOf(scope, role, party, path)] };
}

function mapKqpRecord(record: KqpRecord, scope: RecordScope): CanonicalNotification {
  switch (record.recordType) {
    case "departure-evasion":
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.foreigner, "/foreigner"),
        facts: { stayBasis: record.stay.basis, permittedUntil: record.stay.permittedUntil },
      });
    case "frequent-inviter":
      scope.ordered(record.period.from, record.period.to, "/period/to", "period.to lies before period.from.");
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: withParty(scope, [], "inviter", record.inviter, "/inviter"),
        facts: {
          period: record.period,
          invitationCount: record.invitationCount,
          inviteeCountries: record.inviteeCountries,
        },
      });
    case "permanent-permit-revocation": {
      const facts: FactsOf<"permit.permanent-revoked"> = {
        permitNumber: record.permit.number,
        decision: record.decision,
      };
      if (record.permit.issuedOn !== undefined) facts.issuedOn = record.permit.issuedOn;
      if (record.ground !== undefined) facts.ground = record.ground;
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.foreigner, "/foreigner"),
        facts,
      });
    }
    case "stay-term-reduction": {
      const { permit } = record;
      if (permit.validUntilAfter >= permit.validUntilBefore) {
        scope.problem(
          "/permit/validUntilAfter",
          "permit.not-shortened",
          "validUntilAfter must lie before validUntilBefore: the term was shortened.",
        );
      }
      const facts: FactsOf<"permit.stay-shortened"> = {
        permitType: permit.type,
        permitNumber: permit.number,
        previousValidUntil: permit.validUntilBefore,
        newValidUntil: permit.validUntilAfter,
        decision: record.decision,
      };
      if (record.ground !== undefined) facts.ground = record.ground;
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.foreigner, "/foreigner"),
        facts,
      });
    }
    case "admin-offence-519": {
      const { adminCase } = record;
      const facts: FactsOf<"offence.admin-519"> = {
        caseNumber: adminCase.number,
        decidedOn: adminCase.decidedOn,
        penalty: adminCase.penalty,
      };
      if (adminCase.articlePart !== undefined) facts.articlePart = adminCase.articlePart;
      if (record.reportingMonth !== undefined) facts.reportingMonth = record.reportingMonth;
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.offender, "/offender"),
        facts,
      });
    }
    case "repeat-applicant":
      scope.ordered(record.period.from, record.period.to, "/period/to", "period.to lies before period.from.");
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: withParty(scope, [], "applicant", record.applicant, "/applicant"),
        facts: { pattern: record.pattern, count: record.count, period: record.period },
      });
    case "migration-registration": {
      const { registration } = record;
      scope.ordered(
        registration.registeredOn,
        registration.registeredUntil,
        "/registration/registeredUntil",
        "registeredUntil lies before registeredOn.",
      );
      const facts: FactsOf<"registration.migration"> = {
        registrationType: registration.type,
        registeredOn: registration.registeredOn,
      };
      if (registration.registeredUntil !== undefined) facts.registeredUntil = registration.registeredUntil;
      if (registration.purpose !== undefined) facts.purpose = registration.purpose;
      if (record.entryDate !== undefined) facts.entryDate = record.entryDate;
      const foreigner = personOf(scope, "subject", record.foreigner, "/foreigner");
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: withParty(scope, [foreigner], "host", record.host, "/host"),
        facts,
      });
    }
    case "citizenship-acquisition": {
      const facts: FactsOf<"citizenship.granted"> = {
        decision: record.decision,
        acquisitionGround: record.acquisitionGround,
      };
      if (record.previousCitizenship !== undefined) facts.previousCitizenship = record.previousCitizenship;
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.newCitizen, "/newCitizen"),
        facts,
      });
    }
    case "labour-activity": {
      const { permit } = record;
      scope.ordered(
        permit.validFrom,
        permit.validUntil,
        "/permit/validUntil",
        "validUntil lies before validFrom.",
      );
      const facts: FactsOf<"labour.foreign-worker"> = {
        permitType: permit.type,
        permitNumber: permit.number,
        validUntil: permit.validUntil,
      };
      if (permit.validFrom !== undefined) facts.validFrom = permit.validFrom;
      if (record.occupation !== undefined) facts.occupation = record.occupation;
      const worker = personOf(scope, "subject", record.worker, "/worker");
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: withParty(scope, [worker], "employer", record.employer, "/employer"),
        facts,
      });
    }
    case "expulsion-decision": {
      const facts: FactsOf<"expulsion.ordered"> = {
        decision: record.decision,
        execution: record.execution,
      };
      if (record.departBy !== undefined) facts.departBy = record.departBy;
      if (record.exitCheckpoint !== undefined) facts.exitCheckpoint = record.exitCheckpoint;
      if (record.transportMode !== undefined) facts.transportMode = record.transportMode;
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.foreigner, "/foreigner"),
        facts,
      });
    }
    case "expulsion-evasion":
      return scope.notify(kqpRecordKinds[record.recordType], {
        subject: foreignerSubject(scope, record.foreigner, "/foreigner"),
        facts: { decision: record.decision, dueBy: record.dueBy, circumstances: record.circumstances },
      });
  }
}

export const kqpFeed = defineFeed({ recordSchema: kqpRecord, mapRecord: mapKqpRecord }, "KqpFeedRequest");
