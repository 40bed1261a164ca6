/**
 * Feed contract v1 of КҚП АЖ, the migration police information system: migration registration,
 * visas and residence permits, invitations, administrative cases (CoAO art. 519), expulsions,
 * citizenship, foreign workers. One record type per notification kind (see `kqpRecordKinds`).
 *
 * Strict: a field the contract does not define is an error (`contract.unknown-field`), so that a
 * misspelt optional field is reported instead of silently lost.
 */
import * as z from "zod";
import type { FeedKindId } from "../../domain/catalogue/index.ts";
import { stayPurposes } from "../../domain/notification.ts";
import {
  checkpointField,
  commonRecordShape,
  countryField,
  dateField,
  decisionField,
  documentField,
  organisationShape,
  periodField,
  personCoreShape,
  referenceField,
  stayBasisField,
  text,
  transportModeField,
} from "../kit/fields.ts";
import type { RecordKindTable } from "../kit/record-kinds.ts";

/** A person as КҚП holds them: name, birth, citizenship, IIN, and the documents on file. */
export const kqpPerson = z
  .strictObject({
    ...personCoreShape,
    documents: z.array(documentField).max(10).optional().describe("Documents on file (passport first)"),
  })
  .meta({ id: "KqpPerson" });

/** An inviting, hosting, applying or employing party: a person or an organisation. */
export const kqpParty = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("person"), ...kqpPerson.shape }).meta({ id: "KqpPartyPerson" }),
    z
      .strictObject({ type: z.literal("organisation"), ...organisationShape })
      .meta({ id: "KqpPartyOrganisation" }),
  ])
  .meta({
    id: "KqpParty",
    description: "A person (`type: person`) or an organisation (`type: organisation`)",
  });

const departureEvasion = z
  .strictObject({
    recordType: z.literal("departure-evasion"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    stay: z.strictObject({
      basis: stayBasisField,
      permittedUntil: dateField.describe("Last day of the permitted stay"),
    }),
  })
  .meta({
    id: "KqpDepartureEvasion",
    description:
      "A foreigner obliged to leave Kazakhstan has not left (occurredAt: when this was established).",
  });

const frequentInviter = z
  .strictObject({
    recordType: z.literal("frequent-inviter"),
    ...commonRecordShape,
    inviter: kqpParty,
    period: periodField.describe("Period in which the invitations were issued"),
    invitationCount: z.int().min(1).max(100_000).describe("Invitations issued in the period"),
    inviteeCountries: z
      .array(countryField)
      .min(1)
      .max(50)
      .describe("Migration-risk countries (Africa, South-East Asia, war zones…) whose citizens were invited"),
  })
  .meta({
    id: "KqpFrequentInviter",
    description: "A person or company frequently inviting foreigners from migration-risk countries.",
  });

const permanentPermitRevocation = z
  .strictObject({
    recordType: z.literal("permanent-permit-revocation"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    permit: z.strictObject({ number: referenceField, issuedOn: dateField.optional() }),
    decision: decisionField,
    ground: text(500).optional().describe("Legal ground of the revocation"),
  })
  .meta({ id: "KqpPermanentPermitRevocation", description: "A permanent residence permit was cancelled." });

const stayTermReduction = z
  .strictObject({
    recordType: z.literal("stay-term-reduction"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    permit: z.strictObject({
      type: z.enum(["visa", "temporary-residence-permit"]),
      number: referenceField,
      validUntilBefore: dateField.describe("Expiry before the decision"),
      validUntilAfter: dateField.describe("Expiry after the decision (earlier than validUntilBefore)"),
    }),
    decision: decisionField,
    ground: text(500).optional(),
  })
  .meta({
    id: "KqpStayTermReduction",
    description: "The term of a visa or temporary residence permit was shortened.",
  });

const adminOffence519 = z
  .strictObject({
    recordType: z.literal("admin-offence-519"),
    ...commonRecordShape,
    offender: kqpPerson,
    adminCase: z.strictObject({
      number: referenceField.describe("Administrative case number"),
      articlePart: z.enum(["1", "2", "3", "4", "5"]).optional().describe("Part of art. 519"),
      decidedOn: dateField,
      penalty: z.enum(["warning", "fine", "expulsion", "fine-and-expulsion", "other"]),
    }),
    reportingMonth: z
      .string()
      .regex(/^\d{4}-(?:0[1-9]|1[0-2])$/)
      .optional()
      .describe("`YYYY-MM` when the record is sent as part of the monthly list (rules art. 11.7)"),
  })
  .meta({
    id: "KqpAdminOffence519",
    description: "A person held liable under CoAO art. 519; the monthly list is sent as such records.",
  });

const repeatApplicant = z
  .strictObject({
    recordType: z.literal("repeat-applicant"),
    ...commonRecordShape,
    applicant: kqpParty,
    pattern: z.enum(["repeated-applications", "many-registered-at-one-address"]),
    count: z
      .int()
      .min(2)
      .max(100_000)
      .describe("Applications, or foreigners registered at the address, in the period"),
    period: periodField,
  })
  .meta({
    id: "KqpRepeatApplicant",
    description:
      "A party repeatedly applying for foreigners' temporary residence, or inviting/registering many at one address (give the address in place.address).",
  });

const migrationRegistration = z
  .strictObject({
    recordType: z.literal("migration-registration"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    host: kqpParty.describe("The receiving party"),
    registration: z.strictObject({
      type: z.enum(["migration-register", "place-of-stay"]),
      registeredOn: dateField,
      registeredUntil: dateField.optional(),
      purpose: z.enum(stayPurposes).optional(),
    }),
    entryDate: dateField.optional().describe("Date of the last entry into Kazakhstan"),
  })
  .meta({
    id: "KqpMigrationRegistration",
    description:
      "A third-country national was put on the migration register or registered at a place of stay.",
  });

const citizenshipAcquisition = z
  .strictObject({
    recordType: z.literal("citizenship-acquisition"),
    ...commonRecordShape,
    newCitizen: kqpPerson,
    decision: decisionField,
    acquisitionGround: z.enum(["general", "simplified", "restoration", "other"]),
    previousCitizenship: countryField.optional().describe("Citizenship before (XXA if stateless)"),
  })
  .meta({ id: "KqpCitizenshipAcquisition", description: "A person acquired Kazakhstan citizenship." });

const labourActivity = z
  .strictObject({
    recordType: z.literal("labour-activity"),
    ...commonRecordShape,
    worker: kqpPerson,
    employer: kqpParty,
    permit: z.strictObject({
      type: z.enum([
        "work-permit",
        "labour-migrant-permit",
        "intra-corporate-transfer",
        "business-immigrant",
        "other",
      ]),
      number: referenceField,
      validFrom: dateField.optional(),
      validUntil: dateField,
    }),
    occupation: text(200).optional(),
  })
  .meta({
    id: "KqpLabourActivity",
    description: "A foreigner carrying out labour activity (permit on file).",
  });

const expulsionDecision = z
  .strictObject({
    recordType: z.literal("expulsion-decision"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    decision: decisionField.extend({ authority: z.enum(["court", "police"]) }),
    execution: z.enum(["controlled-self-departure", "escorted"]),
    departBy: dateField.optional(),
    exitCheckpoint: checkpointField.optional(),
    transportMode: transportModeField.optional().describe("Means of transport of the departure or escort"),
  })
  .meta({ id: "KqpExpulsionDecision", description: "Expulsion from Kazakhstan was ordered." });

const expulsionEvasion = z
  .strictObject({
    recordType: z.literal("expulsion-evasion"),
    ...commonRecordShape,
    foreigner: kqpPerson,
    decision: decisionField,
    dueBy: dateField.describe("Date by which the person had to leave"),
    circumstances: z.enum(["absconded", "not-at-address", "refused-to-leave", "other"]),
  })
  .meta({ id: "KqpExpulsionEvasion", description: "A person is evading an expulsion decision." });

export const kqpRecord = z
  .discriminatedUnion("recordType", [
    departureEvasion,
    frequentInviter,
    permanentPermitRevocation,
    stayTermReduction,
    adminOffence519,
    repeatApplicant,
    migrationRegistration,
    citizenshipAcquisition,
    labourActivity,
    expulsionDecision,
    expulsionEvasion,
  ])
  .meta({ id: "KqpRecord" });

export type KqpRecord = z.output<typeof kqpRecord>;
export type KqpRecordType = KqpRecord["recordType"];

/** The one place that says which kind each КҚП record type yields. */
export const kqpRecordKinds = {
  "departure-evasion": "foreigner.departure-evaded",
  "frequent-inviter": "inviter.frequent-risk-country",
  "permanent-permit-revocation": "permit.permanent-revoked",
  "stay-term-reduction": "permit.stay-shortened",
  "admin-offence-519": "offence.admin-519",
  "repeat-applicant": "permit.repeat-applicant",
  "migration-registration": "registration.migration",
  "citizenship-acquisition": "citizenship.granted",
  "labour-activity": "labour.foreign-worker",
  "expulsion-decision": "expulsion.ordered",
  "expulsion-evasion": "expulsion.evaded",
} as const satisfies Record<KqpRecordType, FeedKindId<"kqp">> & RecordKindTable;

/** Compile-time proof that every КҚП kind of the catalogue has a record type. */
export const kqpCoversItsKinds: [Exclude<FeedKindId<"kqp">, (typeof kqpRecordKinds)[KqpRecordType]>] extends [
  never,
]
  ? true
  : never = true;
