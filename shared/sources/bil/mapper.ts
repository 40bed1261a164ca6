/**
 * «БИЛ» identification records → canonical notifications. `bilRecordKinds` says which kind each
 * match category yields: another identity → `biometric.identity-conflict`; deported, entry-banned or
 * wanted → `biometric.watchlist-hit`. Only the match result and references are carried over.
 */
import type { CanonicalNotification, Person, Subject } from "../../domain/notification.ts";
import { defineFeed } from "../kit/feed.ts";
import type { RecordScope } from "../kit/record-scope.ts";
import { type BilRecord, bilRecord, bilRecordKinds } from "./contract.ts";

type BilPersonOutput = BilRecord["probe"];

function personOf(scope: RecordScope, role: Person["role"], parsed: BilPersonOutput, path: string): Person {
  const documents = (parsed.documents ?? []).map((document, index) =>
    scope.document(document, `${path}/documents/${index}`),
  );
  return scope.person(role, parsed, path, documents);
}

function mapBilRecord(record: BilRecord, scope: RecordScope): CanonicalNotification {
  const { probe, capture, match } = record;
  const persons = [personOf(scope, "subject", probe, "/probe")];
  if (match.otherIdentity !== undefined) {
    persons.push(personOf(scope, "earlier-identity", match.otherIdentity, "/match/otherIdentity"));
  }
  const subject: Subject = { persons };
  const captureFacts =
    capture.stationId === undefined
      ? { captureContext: capture.context }
      : { captureContext: capture.context, captureStation: capture.stationId };
  const kinds = bilRecordKinds[record.recordType].kinds;
  if (match.category === "other-identity") {
    return scope.notify(kinds[match.category], {
      subject,
      facts: {
        match: { score: match.score, matchedRecordRef: match.matchedRecordRef, category: match.category },
        ...captureFacts,
      },
    });
  }
  return scope.notify(kinds[match.category], {
    subject,
    facts: {
      match: { score: match.score, matchedRecordRef: match.matchedRecordRef, category: match.category },
      ...captureFacts,
    },
  });
}

export const bilFeed = defineFeed({ recordSchema: bilRecord, mapRecord: mapBilRecord }, "BilFeedRequest");
