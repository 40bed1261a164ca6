/**
 * Feed contract v1 of «Бүркіт», the unified information system that registers immigrants' passports
 * on arrival: entries, exits, transit, bans on entry, documents presented. One record type per
 * notification kind (see `burkitRecordKinds`).
 *
 * A record names the person as `traveller` with the travel document presented as `passport`; a
 * record made at the border carries the `crossing` (direction, checkpoint, means of transport).
 * Strict: a field the contract does not define is an error (`contract.unknown-field`).
 */
import * as z from "zod";
import type { FeedKindId } from "../../domain/catalogue/index.ts";
import { documentDefects } from "../../domain/notification.ts";
import {
  checkpointField,
  commonRecordShape,
  countryField,
  crossingDirectionField,
  dateField,
  documentNumberField,
  personCoreShape,
  referenceField,
  stayBasisField,
  text,
  transportModeField,
} from "../kit/fields.ts";
import type { RecordKindTable } from "../kit/record-kinds.ts";

export const travelDocumentTypes = [
  "passport",
  "id-card",
  "stateless-travel-document",
  "refugee-travel-document",
  "other",
] as const;

export const burkitPassport = z
  .strictObject({
    type: z.enum(travelDocumentTypes).optional().describe("Kind of travel document; `passport` when absent"),
    number: documentNumberField,
    issuingCountry: countryField,
    issuedOn: dateField.optional(),
    validUntil: dateField.optional(),
  })
  .meta({ id: "BurkitPassport", description: "The travel document presented" });

export const burkitTraveller = z
  .strictObject({ ...personCoreShape, passport: burkitPassport })
  .meta({ id: "BurkitTraveller", description: "The person as registered from the travel document" });

/** A crossing at a checkpoint: where, which way, by what. */
export const burkitCrossing = z
  .strictObject({
    direction: crossingDirectionField,
    checkpoint: checkpointField,
    transportMode: transportModeField,
    vehicle: text(64).optional().describe("Flight, train, vessel or vehicle registration"),
  })
  .meta({ id: "BurkitCrossing", description: "A crossing of the State Border at a checkpoint" });

const illegalCrossing = z
  .strictObject({
    recordType: z.literal("illegal-crossing"),
    ...commonRecordShape,
    traveller: burkitTraveller,
    crossing: z
      .strictObject({
        direction: crossingDirectionField,
        checkpoint: checkpointField.optional().describe("Absent when crossed outside any checkpoint"),
        transportMode: transportModeField.optional(),
        vehicle: text(64).optional(),
      })
      .meta({ id: "BurkitIllegalCrossingDetail" }),
    method: z
      .enum(["outside-checkpoint", "false-document", "third-party-document", "checkpoint-procedure-violated"])
      .describe("How the border was crossed illegally (rules art. 3.2)"),
  })
  .meta({
    id: "BurkitIllegalCrossing",
    description:
      "An intentional illegal crossing of the State Border. crossing.checkpoint is required unless method is `outside-checkpoint`, and absent when it is.",
  });

const entryBanDetection = z
  .strictObject({
    recordType: z.literal("entry-ban-detection"),
    ...commonRecordShape,
    traveller: burkitTraveller,
    crossing: burkitCrossing.optional().describe("Present when detected at a checkpoint; absent when inland"),
    ban: z.strictObject({
      reference: referenceField.describe("Reference of the entry-ban record"),
      validUntil: dateField.optional().describe("Last day of the ban; absent when indefinite"),
    }),
    action: z.enum(["entry-refused", "detained", "handed-over", "other"]),
  })
  .meta({ id: "BurkitEntryBanDetection", description: "A person banned from entry was detected." });

const invalidDocument = z
  .strictObject({
    recordType: z.literal("invalid-document"),
    ...commonRecordShape,
    traveller: burkitTraveller.describe("The traveller; `passport` is the document found invalid"),
    crossing: burkitCrossing.optional(),
    defect: z.enum(documentDefects),
  })
  .meta({
    id: "BurkitInvalidDocument",
    description: "An invalid or irregularly issued identity document of a foreign state was presented.",
  });

const overstay = z
  .strictObject({
    recordType: z.literal("overstay"),
    ...commonRecordShape,
    traveller: burkitTraveller,
    lastEntry: z.strictObject({ date: dateField, checkpoint: checkpointField.optional() }),
    stay: z.strictObject({ basis: stayBasisField, permittedUntil: dateField }),
  })
  .meta({
    id: "BurkitOverstay",
    description:
      "The permitted stay ended and no exit was recorded (occurredAt: when Burkit established it).",
  });

const transitViolation = z
  .strictObject({
    recordType: z.literal("transit-violation"),
    ...commonRecordShape,
    traveller: burkitTraveller,
    transit: z.strictObject({
      entryCheckpoint: checkpointField.optional(),
      plannedExitCheckpoint: checkpointField.optional(),
      permittedUntil: dateField.optional().describe("Last day of the permitted transit"),
    }),
    violation: z.enum(["term-exceeded", "route-deviated", "exit-point-changed", "no-onward-travel", "other"]),
  })
  .meta({
    id: "BurkitTransitViolation",
    description: "A transit through Kazakhstan in breach of the rules.",
  });

export const burkitRecord = z
  .discriminatedUnion("recordType", [
    illegalCrossing,
    entryBanDetection,
    invalidDocument,
    overstay,
    transitViolation,
  ])
  .meta({ id: "BurkitRecord" });

export type BurkitRecord = z.output<typeof burkitRecord>;
export type BurkitRecordType = BurkitRecord["recordType"];

/** The one place that says which kind each Burkit record type yields. */
export const burkitRecordKinds = {
  "illegal-crossing": "border.illegal-crossing",
  "entry-ban-detection": "border.entry-ban-hit",
  "invalid-document": "document.invalid",
  overstay: "stay.overstay",
  "transit-violation": "transit.violation",
} as const satisfies Record<BurkitRecordType, FeedKindId<"burkit">> & RecordKindTable;

/** Compile-time proof that every Burkit kind of the catalogue has a record type. */
export const burkitCoversItsKinds: [
  Exclude<FeedKindId<"burkit">, (typeof burkitRecordKinds)[BurkitRecordType]>,
] extends [never]
  ? true
  : never = true;
