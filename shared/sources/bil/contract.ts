/**
 * Feed contract v1 of «БИЛ» ААЖ, the automated biometric identification system (fingerprint
 * subsystem). One record type, `identification`: a person whose fingerprints were taken (`probe`)
 * matched an earlier record; `match.category` decides the kind (see `bilRecordKinds`).
 *
 * No biometric data crosses this interface: no templates, no images, no minutiae — only the match
 * result (score, category) and references. Strict: any field the contract does not define (e.g. a
 * fingerprint image) is refused with `contract.unknown-field`.
 */
import * as z from "zod";
import type { FeedKindId } from "../../domain/catalogue/index.ts";
import { biometricCaptureContexts } from "../../domain/notification.ts";
import { commonRecordShape, documentField, personCoreShape, referenceField, text } from "../kit/fields.ts";
import type { RecordKindTable } from "../kit/record-kinds.ts";

export const bilPerson = z
  .strictObject({
    ...personCoreShape,
    documents: z.array(documentField).max(10).optional().describe("Documents presented or on file"),
  })
  .meta({ id: "BilPerson", description: "Identity data (no biometric data)" });

const matchCore = {
  score: z.number().min(0).max(1).describe("Match score from 0 to 1"),
  matchedRecordRef: referenceField.describe("Reference of the matched earlier record in BIL"),
};

export const bilMatch = z
  .discriminatedUnion("category", [
    z
      .strictObject({
        category: z.literal("other-identity"),
        ...matchCore,
        otherIdentity: bilPerson.describe("The identity under which the person was recorded earlier"),
      })
      .meta({ id: "BilOtherIdentityMatch" }),
    z
      .strictObject({
        category: z.enum(["deported", "entry-banned", "wanted"]),
        ...matchCore,
        otherIdentity: bilPerson.optional().describe("The identity of the matched record, when it differs"),
      })
      .meta({ id: "BilWatchlistMatch" }),
  ])
  .meta({ id: "BilMatch", description: "What the probe matched" });

const identification = z
  .strictObject({
    recordType: z.literal("identification"),
    ...commonRecordShape,
    probe: bilPerson.describe("The person as identified when the fingerprints were taken"),
    capture: z.strictObject({
      context: z.enum(biometricCaptureContexts).describe("Why the fingerprints were taken"),
      stationId: text(64).optional().describe("Capture station or terminal id"),
    }),
    match: bilMatch,
  })
  .meta({
    id: "BilIdentification",
    description:
      "A biometric identification matched an earlier record (occurredAt: when the fingerprints were taken).",
  });

export const bilRecord = z.discriminatedUnion("recordType", [identification]).meta({ id: "BilRecord" });

export type BilRecord = z.output<typeof bilRecord>;
export type BilRecordType = BilRecord["recordType"];
export type BilMatchCategory = BilRecord["match"]["category"];

/** The one place that says which kind each BIL record yields: by `match.category`. */
export const bilRecordKinds = {
  identification: {
    field: "match.category",
    kinds: {
      "other-identity": "biometric.identity-conflict",
      deported: "biometric.watchlist-hit",
      "entry-banned": "biometric.watchlist-hit",
      wanted: "biometric.watchlist-hit",
    },
  },
} as const satisfies Record<
  BilRecordType,
  { readonly field: "match.category"; readonly kinds: Record<BilMatchCategory, FeedKindId<"bil">> }
> &
  RecordKindTable;

/** Compile-time proof that every BIL kind of the catalogue has a record type. */
export const bilCoversItsKinds: [
  Exclude<FeedKindId<"bil">, (typeof bilRecordKinds)["identification"]["kinds"][BilMatchCategory]>,
] extends [never]
  ? true
  : never = true;
