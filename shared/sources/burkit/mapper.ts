/**
 * «Бүркіт» records → canonical notifications. The kind of each record type comes from
 * `burkitRecordKinds`; everything else a record says is placed here.
 *
 * A crossing's checkpoint and means of transport become the notification's `place.checkpoint` and
 * `place.transport` (so a record made at the border is transport-related); the record's own `place`
 * then must not name a checkpoint as well.
 */
import type * as z from "zod";
import type { CanonicalNotification, FactsOf, Place, Subject } from "../../domain/notification.ts";
import { defineFeed } from "../kit/feed.ts";
import type { RecordScope } from "../kit/record-scope.ts";
import { type BurkitRecord, burkitRecord, burkitRecordKinds, type burkitTraveller } from "./contract.ts";

type Traveller = z.output<typeof burkitTraveller>;
interface CrossingPlace {
  readonly checkpoint?: Place["checkpoint"] | undefined;
  readonly transportMode?: NonNullable<Place["transport"]>["mode"] | undefined;
  readonly vehicle?: string | undefined;
}

function travellerSubject(scope: RecordScope, traveller: Traveller): Subject {
  const { passport } = traveller;
  const document = scope.document({ ...passport, type: passport.type ?? "passport" }, "/traveller/passport");
  return { persons: [scope.person("subject", traveller, "/traveller", [document])] };
}

/** The record's place, completed with where and how the border was crossed (an empty place is dropped later). */
function placeOf(
  scope: RecordScope,
  record: BurkitRecord,
  crossing: CrossingPlace | undefined,
): Place | undefined {
  if (crossing === undefined) return record.place;
  const place: Place = { ...record.place };
  if (crossing.checkpoint !== undefined) {
    if (place.checkpoint !== undefined) {
      scope.problem(
        "/place/checkpoint",
        "place.conflict",
        "The checkpoint of a crossing is given in crossing.checkpoint; leave place.checkpoint out.",
      );
    }
    place.checkpoint = crossing.checkpoint;
  }
  if (crossing.transportMode !== undefined && place.transport === undefined) {
    place.transport =
      crossing.vehicle === undefined
        ? { mode: crossing.transportMode }
        : { mode: crossing.transportMode, facility: crossing.vehicle };
  }
  return place;
}

function mapBurkitRecord(record: BurkitRecord, scope: RecordScope): CanonicalNotification {
  const subject = travellerSubject(scope, record.traveller);
  switch (record.recordType) {
    case "illegal-crossing": {
      const { crossing, method } = record;
      if (method === "outside-checkpoint" && crossing.checkpoint !== undefined) {
        scope.problem(
          "/crossing/checkpoint",
          "crossing.checkpoint-unexpected",
          "A crossing outside any checkpoint has no crossing.checkpoint.",
        );
      }
      if (method !== "outside-checkpoint" && crossing.checkpoint === undefined) {
        scope.problem(
          "/crossing/checkpoint",
          "contract.required",
          "This field is required unless method is outside-checkpoint.",
        );
      }
      return scope.notify(burkitRecordKinds[record.recordType], {
        subject,
        facts: { direction: crossing.direction, method },
        place: placeOf(scope, record, crossing),
      });
    }
    case "entry-ban-detection": {
      const { crossing, ban } = record;
      const facts: FactsOf<"border.entry-ban-hit"> = {
        detectedAt: crossing === undefined ? "inland" : "border-checkpoint",
        banReference: ban.reference,
        action: record.action,
      };
      if (crossing !== undefined) facts.direction = crossing.direction;
      if (ban.validUntil !== undefined) facts.banValidUntil = ban.validUntil;
      return scope.notify(burkitRecordKinds[record.recordType], {
        subject,
        facts,
        place: placeOf(scope, record, crossing),
      });
    }
    case "invalid-document": {
      const { crossing } = record;
      const facts: FactsOf<"document.invalid"> = { defect: record.defect };
      if (crossing !== undefined) facts.direction = crossing.direction;
      return scope.notify(burkitRecordKinds[record.recordType], {
        subject,
        facts,
        place: placeOf(scope, record, crossing),
      });
    }
    case "overstay": {
      const { lastEntry, stay } = record;
      scope.ordered(
        lastEntry.date,
        stay.permittedUntil,
        "/stay/permittedUntil",
        "permittedUntil lies before lastEntry.date.",
      );
      const facts: FactsOf<"stay.overstay"> = {
        lastEntryOn: lastEntry.date,
        stayBasis: stay.basis,
        permittedUntil: stay.permittedUntil,
      };
      if (lastEntry.checkpoint !== undefined) facts.entryCheckpoint = lastEntry.checkpoint;
      return scope.notify(burkitRecordKinds[record.recordType], { subject, facts });
    }
    case "transit-violation": {
      const { transit } = record;
      const facts: FactsOf<"transit.violation"> = { violation: record.violation };
      if (transit.entryCheckpoint !== undefined) facts.entryCheckpoint = transit.entryCheckpoint;
      if (transit.plannedExitCheckpoint !== undefined)
        facts.plannedExitCheckpoint = transit.plannedExitCheckpoint;
      if (transit.permittedUntil !== undefined) facts.permittedUntil = transit.permittedUntil;
      return scope.notify(burkitRecordKinds[record.recordType], { subject, facts });
    }
  }
}

export const burkitFeed = defineFeed(
  { recordSchema: burkitRecord, mapRecord: mapBurkitRecord },
  "BurkitFeedRequest",
);
