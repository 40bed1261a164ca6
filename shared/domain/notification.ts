/**
 * The canonical notification: the one shape every consumer of the hub relies on, whatever the
 * upstream system. Feed mappers (`shared/sources/*`) build it; the store keeps it as is; EventBridge
 * carries it as `detail` with `detail-type` = `kind`. Its JSON Schema (docs/notification.schema.json)
 * is generated from this file.
 *
 * Compatibility rule of `schemaVersion` 1: fields may be ADDED (optional, or new kinds' facts) without a
 * version change, so consumers must ignore fields they do not know; removing or changing the meaning
 * of a field needs schemaVersion 2.
 *
 * Personal data: only what the order's flows need. No raw upstream payload and no biometric data
 * (templates, images): a biometric identification travels as a match result and references.
 */
import * as z from "zod";
import {
  deploymentIds,
  type HubProcessId,
  isHubKind,
  isUnitReportKind,
  type KindId,
  kindIds,
  type kinds,
  kindTexts,
  originatorOf,
  receiptClasses,
  regionCodes,
  sourceOf,
  type UnitReportKindId,
  unitIds,
} from "./catalogue/index.ts";
import { type DocumentType, documentTypes } from "./document-types.ts";
import { parseBin, parseIin } from "./normalise/iin.ts";
import { NOTIFICATION_SCHEMA_VERSION } from "./notification-version.ts";

export { type DocumentType, documentTypes, NOTIFICATION_SCHEMA_VERSION };

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const calendarDate = z.iso.date().meta({ id: "CalendarDate", description: "Calendar date `YYYY-MM-DD`" });
const utcInstant = z.iso
  .datetime({ precision: 3 })
  .meta({ id: "UtcInstant", description: "UTC instant `YYYY-MM-DDTHH:mm:ss.sssZ`" });
/**
 * ISO 3166-1 alpha-3, or an ICAO Doc 9303 code for persons without a nationality (XXA stateless,
 * XXB/XXC refugee, XXX unspecified).
 */
const country = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({
    id: "CountryCode",
    description:
      "ISO 3166-1 alpha-3 country code, or ICAO XXA (stateless), XXB/XXC (refugee), XXX (unspecified)",
  });
const shortText = (max: number) => z.string().min(1).max(max);

/** What a record number or reference looks like: printable, no line breaks. */
const reference = shortText(128).meta({
  id: "Reference",
  description: "A number or reference, as written upstream",
});

export const transportModes = ["air", "rail", "road", "water"] as const;
export const crossingDirections = ["entry", "exit", "transit"] as const;

const transportMode = z
  .enum(transportModes)
  .meta({ id: "TransportMode", description: "Means of transport: air, rail, road or water" });
const crossingDirection = z
  .enum(crossingDirections)
  .meta({ id: "CrossingDirection", description: "Direction of the border crossing" });

export const checkpointSchema = z
  .object({
    code: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/)
      .describe("Border checkpoint code as the Border Service and Burkit hold it"),
    name: shortText(200).describe("Checkpoint name as written upstream"),
  })
  .meta({ id: "Checkpoint", description: "A checkpoint across the State Border" });

export const personRoles = [
  "subject",
  "inviter",
  "host",
  "employer",
  "employer-contact",
  "applicant",
  "earlier-identity",
  "organiser",
  "provider",
  "carrier",
  "victim",
  "other",
] as const;
export type PersonRole = (typeof personRoles)[number];

export const identityDocumentSchema = z
  .object({
    type: z.enum(documentTypes).describe("Kind of document"),
    number: z
      .string()
      .regex(/^[A-Z0-9]{1,30}$/)
      .describe("Document number, upper-case, separators (spaces, dashes, dots, slashes) removed"),
    issuingCountry: country.describe("Issuing state, ISO 3166-1 alpha-3"),
    issuedOn: calendarDate.optional().describe("Date of issue"),
    validUntil: calendarDate.optional().describe("Date of expiry"),
  })
  .meta({ id: "IdentityDocument", description: "A document a person holds or presented" });

export const personNameSchema = z
  .object({
    surname: shortText(256).describe("Surname as written (Cyrillic or Latin), NFC, whitespace collapsed"),
    given: shortText(256).optional().describe("Given name(s) as written"),
    patronymic: shortText(256).optional().describe("Patronymic as written"),
    latin: z
      .string()
      .regex(/^(?:[A-Z]+(?: [A-Z]+)*)?$/)
      .describe(
        "Match key of the full name `SURNAME GIVEN PATRONYMIC`: upper-case A–Z words (ICAO Doc 9303 transliteration); empty when the name has no Latin or Cyrillic letter",
      ),
  })
  .meta({ id: "PersonName" });

const iin = z
  .string()
  .regex(/^\d{12}$/)
  .refine((value) => parseIin(value).ok, { message: "Not a valid IIN" })
  .meta({
    id: "Iin",
    description: "Kazakhstan individual identification number (12 digits, valid check digit)",
  });

const bin = z
  .string()
  .regex(/^\d{12}$/)
  .refine((value) => parseBin(value).ok, { message: "Not a valid BIN" })
  .meta({
    id: "Bin",
    description: "Kazakhstan business identification number (12 digits, valid check digit)",
  });

export const personSchema = z
  .object({
    role: z.enum(personRoles).describe("The person's part in the event (`subject`: the person it is about)"),
    name: personNameSchema,
    birthDate: calendarDate.optional().describe("Date of birth"),
    sex: z.enum(["M", "F"]).optional().describe("Sex, as in the identity document"),
    citizenship: country.optional().describe("Citizenship, ISO 3166-1 alpha-3 or ICAO XXA/XXB/XXC/XXX"),
    iin: iin.optional(),
    documents: z.array(identityDocumentSchema).max(10).describe("Documents held or presented (may be empty)"),
  })
  .meta({ id: "Person" });

export const organisationSchema = z
  .object({
    role: z
      .enum(personRoles)
      .describe("The organisation's part in the event, e.g. `inviter`, `employer`, `host`, `provider`"),
    name: shortText(300).describe("Name as written"),
    bin: bin.optional(),
    address: shortText(300).optional().describe("Address as written"),
  })
  .meta({ id: "Organisation" });

export const placeSchema = z
  .object({
    locality: shortText(100).optional().describe("City, town or village as written"),
    address: shortText(300).optional().describe("Address as written"),
    checkpoint: checkpointSchema.optional().describe("Border checkpoint, when it happened at one"),
    transport: z
      .object({
        mode: transportMode,
        facility: shortText(64)
          .optional()
          .describe(
            "Airport, station, train, flight or vessel, e.g. `ALA`, `Almaty-2`, `train 302`, `KC 921`",
          ),
      })
      .optional()
      .describe("Set when the upstream marks the event as transport-related (airports, stations, trains)"),
  })
  .meta({ id: "Place", description: "Where it happened, as far as known" });

const decision = z
  .object({
    number: reference.optional().describe("Decision or case number"),
    date: calendarDate.describe("Date of the decision"),
  })
  .meta({ id: "DecisionRef", description: "Reference to an administrative or court decision" });

const period = z
  .object({ from: calendarDate, to: calendarDate })
  .meta({ id: "DatePeriod", description: "Inclusive period of calendar dates" });

/** What can be wrong with a presented document (Burkit reports it; consumers read it). */
export const documentDefects = [
  "forged",
  "altered",
  "expired",
  "reported-lost-or-stolen",
  "irregularly-issued",
  "other",
] as const;

export const stayBases = [
  "visa",
  "visa-free",
  "temporary-residence-permit",
  "permanent-residence-permit",
  "transit",
  "other",
] as const;
const stayBasis = z
  .enum(stayBases)
  .meta({ id: "StayBasis", description: "On what grounds the person was allowed to stay" });

export const stayPurposes = [
  "work",
  "study",
  "private",
  "business",
  "tourism",
  "family",
  "medical",
  "religious",
  "official",
  "other",
] as const;

export const biometricCaptureContexts = [
  "border-control",
  "detention",
  "migration-registration",
  "visa-or-permit-application",
  "other",
] as const;

const biometricMatch = <C extends z.ZodType>(category: C) =>
  z.object({
    score: z.number().min(0).max(1).describe("Match score from 0 (no likeness) to 1 (certain)"),
    matchedRecordRef: reference.describe(
      "Reference of the matched earlier record in BIL (never biometric data)",
    ),
    category,
  });

const biometricCapture = {
  captureContext: z
    .enum(biometricCaptureContexts)
    .meta({ id: "BiometricCaptureContext" })
    .describe("Why the fingerprints were taken: border control, detention, registration, application"),
  captureStation: reference.optional().describe("BIL capture station or terminal id"),
};

// Value lists of the units' reports, shared with their contracts (shared/reports).
export const migrantSiteTypes = [
  "industrial",
  "construction",
  "market",
  "trade",
  "farm",
  "household",
  "other",
] as const;
export const migrantSiteUses = ["work", "housing", "work-and-housing"] as const;
export const illegalEmploymentViolations = [
  "no-permit",
  "work-outside-permit",
  "undeclared",
  "other",
] as const;
export const provisions = ["housing", "work"] as const;
export const provisionArrangements = ["written-contract", "informal"] as const;
export const dualCitizenshipEvidence = [
  "foreign-passport",
  "foreign-id-card",
  "foreign-authority-reply",
  "other",
] as const;
export const offenceStages = ["preparing", "committed"] as const;
export const releaseGrounds = [
  "sentence-served",
  "parole",
  "amnesty",
  "pardon",
  "court-decision",
  "other",
] as const;
export const incidentCategories = [
  "offence-by-foreigner",
  "offence-against-foreigner",
  "accident",
  "other",
] as const;
export const missingPapers = ["identity-document", "legal-stay-document"] as const;
export const bringingServices = [
  "patrol-police",
  "district-inspector",
  "transport-police",
  "migration-police",
  "other",
] as const;
export const identitySources = ["own-statement", "other-persons", "records", "biometrics"] as const;
export const detentionGrounds = [
  "administrative-offence",
  "criminal-suspicion",
  "wanted",
  "expulsion",
  "other",
] as const;
export const deathCircumstances = ["natural", "accident", "violent", "unknown"] as const;
export const channelTypes = ["entry", "exit", "transit", "illegal-stay", "illegal-labour"] as const;
export const channelMeans = [
  "forged-documents",
  "transport",
  "housing",
  "fictitious-invitations",
  "other",
] as const;
export const legalCodes = ["criminal-code", "administrative-offences-code"] as const;

const legalCode = z
  .enum(legalCodes)
  .meta({ id: "LegalCode", description: "Criminal Code or Administrative Offences Code of Kazakhstan" });
const caseNumber = reference.describe(
  "Number of the case or register entry the unit opened (e.g. ЕРДР, КУИ, administrative case)",
);

const notificationId = z.ulid().meta({
  id: "NotificationId",
  description: "The hub's notification id: a ULID, sortable and unique; consumers dedup by it",
});

/** An escalation: which unit has not acknowledged which notification, and how late it is. */
const overdueReceipt = z
  .object({
    notification: z
      .object({
        id: notificationId,
        kind: z.enum(kindIds).describe("Its kind"),
        receivedAt: utcInstant.describe("When the hub received it"),
      })
      .describe("The notification whose receipt is overdue"),
    unit: z.enum(unitIds).describe("The unit it was routed to that has not acknowledged it"),
    receiptClass: z.enum(receiptClasses).describe("The deadline class of its kind"),
    dueAt: utcInstant.describe("The deadline this escalation is for"),
    overdueSeconds: z.int().min(0).describe("How late the receipt was when the hub checked (seconds)"),
  })
  .meta({ id: "OverdueReceipt" });

const objectKey = z.string().min(1).max(1024);

/** A monthly list of art. 11.7 as the hub wrote it: its month, counts and files (never its rows). */
const monthlyList = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .describe("The month listed `YYYY-MM`, on the deployment's clocks"),
    period: z
      .object({ from: utcInstant, to: utcInstant })
      .describe("The month as UTC instants: from (included) to (excluded)"),
    offences: z.int().min(0).describe("Offences listed: one row each"),
    persons: z.int().min(0).describe("Distinct persons listed"),
    repeatOffenders: z.int().min(0).describe("Persons with more than one offence in the month"),
    byCitizenship: z
      .array(
        z.object({
          citizenship: country,
          offences: z.int().min(1),
          persons: z.int().min(1),
        }),
      )
      .max(300)
      .describe("Offences and persons per citizenship, most offences first"),
    files: z
      .object({
        bucket: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
          .describe("The deployment's S3 bucket of lists (imc's role may read it)"),
        csv: objectKey.describe("Key of the rows as CSV (UTF-8 with BOM)"),
        citizenshipCsv: objectKey.describe("Key of the summary by citizenship as CSV (UTF-8 with BOM)"),
        json: objectKey.describe("Key of the whole list as JSON"),
      })
      .describe("Where the list's files are"),
  })
  .meta({ id: "MonthlyList" });

// ---------------------------------------------------------------------------------------------
// Facts: one schema per kind (a kind missing here fails to compile)
// ---------------------------------------------------------------------------------------------

export const factsSchemas = {
  "foreigner.departure-evaded": z.object({
    stayBasis,
    permittedUntil: calendarDate.describe("Last day of the permitted stay"),
  }),
  "inviter.frequent-risk-country": z.object({
    period: period.describe("Period in which the invitations were issued"),
    invitationCount: z.int().min(1).describe("Invitations issued in the period"),
    inviteeCountries: z
      .array(country)
      .min(1)
      .describe("Migration-risk countries whose citizens were invited (alpha-3)"),
  }),
  "permit.permanent-revoked": z.object({
    permitNumber: reference.describe("Number of the permanent residence permit"),
    issuedOn: calendarDate.optional(),
    decision,
    ground: shortText(500).optional().describe("Legal ground of the revocation, as written"),
  }),
  "permit.stay-shortened": z.object({
    permitType: z.enum(["visa", "temporary-residence-permit"]),
    permitNumber: reference,
    previousValidUntil: calendarDate.describe("Expiry before the decision"),
    newValidUntil: calendarDate.describe("Expiry after the decision"),
    decision,
    ground: shortText(500).optional(),
  }),
  "offence.admin-519": z.object({
    caseNumber: reference.describe("Administrative case number"),
    articlePart: z
      .string()
      .regex(/^\d{1,2}$/)
      .optional()
      .describe("Part of art. 519"),
    decidedOn: calendarDate,
    penalty: z.enum(["warning", "fine", "expulsion", "fine-and-expulsion", "other"]),
    reportingMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .optional()
      .describe("`YYYY-MM` when the record is part of the monthly list of art. 11.7"),
  }),
  "permit.repeat-applicant": z.object({
    pattern: z
      .enum(["repeated-applications", "many-registered-at-one-address"])
      .describe(
        "Repeated applications for foreigners' temporary residence, or many foreigners at one address",
      ),
    count: z.int().min(2).describe("Applications, or foreigners registered, in the period"),
    period,
  }),
  "registration.migration": z.object({
    registrationType: z.enum(["migration-register", "place-of-stay"]),
    registeredOn: calendarDate,
    registeredUntil: calendarDate.optional(),
    purpose: z.enum(stayPurposes).optional(),
    entryDate: calendarDate.optional().describe("Date of the last entry into Kazakhstan"),
  }),
  "citizenship.granted": z.object({
    decision,
    acquisitionGround: z.enum(["general", "simplified", "restoration", "other"]),
    previousCitizenship: country.optional().describe("Citizenship before (alpha-3, XXA if stateless)"),
  }),
  "labour.foreign-worker": z.object({
    permitType: z.enum([
      "work-permit",
      "labour-migrant-permit",
      "intra-corporate-transfer",
      "business-immigrant",
      "other",
    ]),
    permitNumber: reference,
    validFrom: calendarDate.optional(),
    validUntil: calendarDate,
    occupation: shortText(200).optional(),
  }),
  "expulsion.ordered": z.object({
    decision: decision.extend({ authority: z.enum(["court", "police"]) }),
    execution: z
      .enum(["controlled-self-departure", "escorted"])
      .describe("Controlled independent departure, or escort to the border checkpoint"),
    departBy: calendarDate.optional().describe("Date by which the person must have left"),
    exitCheckpoint: checkpointSchema.optional().describe("Checkpoint through which the person is to leave"),
    transportMode: transportMode.optional().describe("Means of transport of the departure or escort"),
  }),
  "expulsion.evaded": z.object({
    decision,
    dueBy: calendarDate.describe("Date by which the person had to leave"),
    circumstances: z.enum(["absconded", "not-at-address", "refused-to-leave", "other"]),
  }),
  "border.illegal-crossing": z.object({
    direction: crossingDirection,
    method: z
      .enum(["outside-checkpoint", "false-document", "third-party-document", "checkpoint-procedure-violated"])
      .describe("How the border was crossed illegally (rules art. 3.2)"),
  }),
  "border.entry-ban-hit": z.object({
    detectedAt: z.enum(["border-checkpoint", "inland"]),
    direction: crossingDirection.optional(),
    banReference: reference.describe("Reference of the entry ban record"),
    banValidUntil: calendarDate.optional().describe("Last day of the ban; absent when indefinite or unknown"),
    action: z.enum(["entry-refused", "detained", "handed-over", "other"]),
  }),
  "document.invalid": z
    .object({
      defect: z.enum(documentDefects),
      direction: crossingDirection.optional(),
    })
    .describe("The document presented is the first document of the subject person"),
  "stay.overstay": z.object({
    lastEntryOn: calendarDate,
    entryCheckpoint: checkpointSchema.optional(),
    stayBasis,
    permittedUntil: calendarDate.describe("Last day of the permitted stay"),
  }),
  "transit.violation": z.object({
    violation: z.enum(["term-exceeded", "route-deviated", "exit-point-changed", "no-onward-travel", "other"]),
    entryCheckpoint: checkpointSchema.optional(),
    plannedExitCheckpoint: checkpointSchema.optional(),
    permittedUntil: calendarDate.optional().describe("Last day of the permitted transit"),
  }),
  "biometric.identity-conflict": z
    .object({ match: biometricMatch(z.literal("other-identity")), ...biometricCapture })
    .describe("The earlier identity is the subject person with role `earlier-identity`"),
  "biometric.watchlist-hit": z.object({
    match: biometricMatch(z.enum(["deported", "entry-banned", "wanted"])),
    ...biometricCapture,
  }),
  "labour.migrant-location": z.object({
    siteType: z
      .enum(migrantSiteTypes)
      .describe("Kind of site: industrial, building, market, other trade, peasant farm or farm, household"),
    estimatedMigrants: z.int().min(1).optional().describe("Labour migrants estimated to live or work there"),
    siteName: shortText(200).optional().describe("Name of the site, market or farm, as written"),
    use: z.enum(migrantSiteUses).optional().describe("Whether the migrants work there, live there, or both"),
    citizenships: z
      .array(country)
      .max(50)
      .optional()
      .describe("Citizenships of the migrants seen there (alpha-3)"),
  }),
  "labour.illegal-employment": z.object({
    workersCount: z.int().min(1).describe("Foreign workers found working illegally"),
    violation: z.enum(illegalEmploymentViolations),
    repeatedWithinYear: z.boolean().optional().describe("Repeated within a year (Criminal Code art. 395)"),
    work: shortText(200).optional().describe("The work the foreigners were doing, as written"),
    previousDecision: decision
      .optional()
      .describe("The earlier decision against the employer for the same violation, when repeated"),
    caseNumber: caseNumber.optional(),
  }),
  "provider.housing-or-job": z.object({
    provides: z.array(z.enum(provisions)).min(1).max(2),
    foreignersCount: z.int().min(1).optional(),
    housingAddress: shortText(300).optional().describe("Address of the housing given, as written"),
    workAddress: shortText(300).optional().describe("Address of the work given, as written"),
    arrangement: z
      .enum(provisionArrangements)
      .optional()
      .describe("Whether the housing or work is given under a written contract or informally"),
  }),
  "provider.migrant-transport": z.object({
    mode: transportMode,
    route: shortText(300).optional().describe("Route as `from → to`, localities as written"),
    vehicle: shortText(64).optional().describe("Vehicle registration plate, train or flight"),
    migrantsCount: z.int().min(1).optional(),
    regularService: z
      .boolean()
      .optional()
      .describe("The carrier runs this transport regularly (true) or it was a single trip (false)"),
  }),
  "citizenship.dual": z.object({
    otherCitizenship: country,
    evidence: z.enum(dualCitizenshipEvidence),
    evidenceReference: reference.optional().describe("Number of the document or letter that shows it"),
    otherCitizenshipAcquiredOn: calendarDate
      .optional()
      .describe("When the other citizenship was acquired, when known"),
  }),
  "prisoner.offence": z.object({
    stage: z.enum(offenceStages),
    criminalCodeArticle: shortText(32).optional(),
    institution: shortText(200).describe("Penal institution"),
    summary: shortText(1000).optional().describe("What is being prepared or was committed, as recorded"),
  }),
  "prisoner.expulsion-due": z.object({
    institution: shortText(200),
    releaseDate: calendarDate,
    decision: decision.optional().describe("The sentence or decision that orders the expulsion"),
    destinationCountry: country.optional().describe("State the prisoner is to be expelled to"),
  }),
  "prisoner.released": z.object({
    institution: shortText(200),
    releasedOn: calendarDate,
    releaseGround: z.enum(releaseGrounds),
    addressAfterRelease: shortText(300)
      .optional()
      .describe("Where the person said they will live after release, as written"),
    destinationCountry: country.optional().describe("State the person said they will leave for"),
  }),
  "foreigner.incident": z.object({
    category: z.enum(incidentCategories),
    offenceArticle: shortText(32).optional(),
    summary: shortText(1000).optional(),
    offenceCode: legalCode.optional().describe("The code `offenceArticle` belongs to"),
    caseNumber: caseNumber.optional(),
  }),
  "foreigner.undocumented": z.object({
    missing: z.array(z.enum(missingPapers)).min(1).max(2),
    broughtInBy: z
      .enum(bringingServices)
      .optional()
      .describe("The police service that brought the person in"),
    broughtTo: shortText(200).optional().describe("The police office the person was brought to"),
    identityEstablishedBy: z
      .enum(identitySources)
      .optional()
      .describe("How the identity in `subject` was established (`own-statement`: as the person stated it)"),
  }),
  "foreigner.detained": z.object({
    ground: z.enum(detentionGrounds),
    article: shortText(32).optional(),
    articleCode: legalCode.optional().describe("The code `article` belongs to"),
    heldAt: shortText(200)
      .optional()
      .describe("Where the person is held (temporary detention facility, special reception centre, …)"),
    caseNumber: caseNumber.optional(),
  }),
  "foreigner.sudden-death": z.object({
    circumstances: z.enum(deathCircumstances),
    identityConfirmed: z
      .boolean()
      .optional()
      .describe("false while the identity rests only on documents found or statements, not yet confirmed"),
    summary: shortText(1000).optional(),
    caseNumber: caseNumber.optional(),
  }),
  "receipt.overdue": overdueReceipt,
  "receipt.escalated": overdueReceipt,
  "offence.admin-519.monthly-list": monthlyList,
  "channel.identified": z.object({
    channelType: z.enum(channelTypes),
    route: z.array(shortText(100)).max(20).optional().describe("Points of the route in order"),
    means: z.array(z.enum(channelMeans)).max(5).optional(),
    summary: shortText(1000).optional(),
    organisations: z
      .array(organisationSchema)
      .max(40)
      .optional()
      .describe("Every organisation involved, organisers first; the first is also `subject.organisation`"),
    safeHouses: z
      .array(
        z
          .object({ locality: shortText(100).optional(), address: shortText(300) })
          .meta({ id: "SafeHouse", description: "An address where migrants are kept or hidden" }),
      )
      .max(20)
      .optional(),
    migrantCitizenships: z
      .array(country)
      .max(50)
      .optional()
      .describe("Citizenships of the migrants moved through the channel (alpha-3)"),
    caseNumber: caseNumber.optional(),
  }),
} satisfies { [K in KindId]: z.ZodType };

export type FactsOf<K extends KindId> = z.output<(typeof factsSchemas)[K]>;

// ---------------------------------------------------------------------------------------------
// The notification
// ---------------------------------------------------------------------------------------------

type Origin<K extends KindId> = (typeof kinds)[K]["origin"];
/** `source` of a kind: its feed, `units` for the reports units file themselves, `hub` for the hub's own. */
export type SourceOf<K extends KindId> =
  Origin<K> extends { readonly feed: infer S }
    ? S
    : Origin<K> extends { readonly hub: HubProcessId }
      ? "hub"
      : "units";
/** `upstream.system` of a kind: its feed, the unit that files it, or the hub process that raises it. */
export type SystemOf<K extends KindId> =
  Origin<K> extends { readonly feed: infer S }
    ? S
    : Origin<K> extends { readonly unit: infer U }
      ? U
      : Origin<K> extends { readonly hub: infer P }
        ? P
        : never;

export const subjectSchema = z
  .object({
    persons: z.array(personSchema).max(50).describe("Persons concerned; the first `subject` is the main one"),
    organisation: organisationSchema.optional(),
  })
  .refine((subject) => subject.persons.length > 0 || subject.organisation !== undefined, {
    message: "A notification is about at least one person or an organisation",
  })
  .meta({ id: "Subject", description: "Who it is about: at least one person or an organisation" });

const sharedShape = {
  schemaVersion: z.literal(NOTIFICATION_SCHEMA_VERSION).describe("Version of this schema"),
  id: notificationId,
  deployment: z
    .enum(deploymentIds)
    .meta({ id: "DeploymentId", description: "The hub deployment that accepted it" }),
  region: z
    .enum(regionCodes)
    .meta({ id: "RegionCode", description: "ISO 3166-2:KZ code of a region of Kazakhstan" })
    .nullable()
    .describe(
      "ISO 3166-2:KZ code of where it happened; null only when unknown (e.g. on a train between regions)",
    ),
  occurredAt: utcInstant.describe("When it happened (UTC)"),
  receivedAt: utcInstant.describe("When the hub accepted it (UTC)"),
  articles: z
    .array(z.string().regex(/^\d+(\.\d+)?$/))
    .min(1)
    .meta({
      id: "Articles",
      description: "Articles of the rules (Order No. 195) that require this flow, from the catalogue",
    }),
  title: z
    .object({ kk: z.string(), ru: z.string(), en: z.string() })
    .meta({ id: "LocalizedTitle" })
    .describe("Title of the kind in Kazakh, Russian and English, from the catalogue"),
  subject: subjectSchema,
  place: placeSchema.optional(),
} as const;

const upstreamShape = {
  recordId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/)
    .meta({ id: "UpstreamRecordId", description: "The upstream record id, as sent" }),
  recordType: z.string().min(1).max(64).meta({
    id: "UpstreamRecordType",
    description: "The upstream record type (feed contract) or report type",
  }),
  recordedAt: utcInstant.optional().describe("When the upstream system recorded it (UTC)"),
} as const;

/**
 * Who filed a unit's report: the caller API Gateway authorised with IAM (SigV4), never read from the
 * request body.
 */
export const filedBySchema = z
  .object({
    unit: z.enum(unitIds).describe("The filing unit (the same as `upstream.system`)"),
    principal: z
      .string()
      .max(2048)
      .regex(/^arn:[a-z-]+:(?:iam|sts)::\d{12}:\S+$/)
      .describe("ARN of the unit's IAM role (or of its assumed-role session) that signed the request"),
    officer: z
      .string()
      .regex(/^[\w+=,.@-]{2,64}$/)
      .describe("The officer who filed it: the session name of the assumed role"),
  })
  .meta({
    id: "FiledBy",
    description: "The unit, IAM principal and officer that filed a report, as authenticated by the hub",
  });
export type FiledBy = z.output<typeof filedBySchema>;

export { sourceOf } from "./catalogue/index.ts";

/**
 * The subject of a notification the hub raises itself (an escalation names a unit and a notification,
 * a monthly list its files): never a person, so it names no one.
 */
const hubSubjectSchema = z
  .object({ persons: z.array(personSchema).max(0).describe("Always empty: no personal data") })
  .describe("The hub's own notifications name no one");

function variantOf(kind: KindId) {
  return z.object({
    ...sharedShape,
    kind: z.literal(kind).describe("Notification kind (EventBridge detail-type)"),
    source: z
      .literal(sourceOf(kind))
      .describe("Upstream feed, `units` for a report a unit filed, `hub` for the hub's own"),
    ...(isHubKind(kind) ? { subject: hubSubjectSchema } : {}),
    facts: factsSchemas[kind].describe(`Facts of a \`${kind}\` notification: ${kindTexts[kind].description}`),
    upstream: z
      .object({
        system: z
          .literal(originatorOf(kind))
          .describe("Upstream system (feed), the unit that filed the report, or the hub process"),
        ...upstreamShape,
      })
      .describe("Reference back to the upstream record"),
    ...(isUnitReportKind(kind)
      ? { filedBy: filedBySchema.optional().describe("Who filed the report (reports of units only)") }
      : {}),
  });
}

type Shared = z.output<z.ZodObject<typeof sharedShape>>;
type UpstreamRef = z.output<z.ZodObject<typeof upstreamShape>>;

/** The notification of one kind: `kind`, `source`, `upstream.system` and `facts` narrowed to it. */
export type NotificationOf<K extends KindId> = Shared & {
  kind: K;
  source: SourceOf<K>;
  facts: FactsOf<K>;
  upstream: UpstreamRef & { system: SystemOf<K> };
} & (SourceOf<K> extends "units" ? { filedBy?: FiledBy } : unknown);

/** Any canonical notification; narrow it on `kind`. */
export type CanonicalNotification = { [K in KindId]: NotificationOf<K> }[KindId];
/** A notification of a report a unit filed. */
export type UnitReportNotification = { [K in UnitReportKindId]: NotificationOf<K> }[UnitReportKindId];
export type Person = z.output<typeof personSchema>;
export type PersonName = z.output<typeof personNameSchema>;
export type IdentityDocument = z.output<typeof identityDocumentSchema>;
export type Organisation = z.output<typeof organisationSchema>;
export type Place = z.output<typeof placeSchema>;
export type Subject = z.output<typeof subjectSchema>;
export type Checkpoint = z.output<typeof checkpointSchema>;

type Variant = ReturnType<typeof variantOf>;
const variants = kindIds.map(variantOf) as [Variant, ...Variant[]];

/**
 * The canonical notification schema: one variant per kind, discriminated by `kind`. Its output type is
 * {@link CanonicalNotification} (the union of the 31 variants is built from the catalogue at run time,
 * so its static type is declared from the same pieces rather than inferred).
 */
export const canonicalNotificationSchema = z.discriminatedUnion("kind", variants).meta({
  id: "CanonicalNotification",
  title: "Canonical notification",
  description:
    "A notification of the Order No. 195 hub, as stored and as delivered to the units (EventBridge `detail`). One variant per kind; `facts` depends on `kind`. Objects may gain optional fields within schemaVersion 1: ignore fields you do not know.",
}) as unknown as z.ZodType<CanonicalNotification>;
