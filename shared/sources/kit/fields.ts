/**
 * Building blocks of the feed contracts (v1): the field types every source uses, with the
 * normalisers attached as zod transforms so that a value that cannot be normalised is a field error
 * at its own JSON pointer, and a parsed record already carries canonical values.
 *
 * Every field error these produce carries a stable code in `params.code`; messages never repeat the
 * value that was sent (it may be personal data).
 */
import * as z from "zod";
import { regionCodes } from "../../domain/catalogue/index.ts";
import {
  describeForbiddenCharacter,
  forbiddenCharacterIn,
  isCalendarDate,
  type Normalised,
  normaliseDocumentNumber,
  normaliseName,
  parseBin,
  parseIin,
  toCountryAlpha3,
} from "../../domain/normalise/index.ts";
import { crossingDirections, documentTypes, stayBases, transportModes } from "../../domain/notification.ts";

/** The refinement context zod hands a transform. */
type TransformContext = z.core.$RefinementCtx<unknown>;

/**
 * A string field whose value goes through a normaliser: a failure becomes a custom issue carrying the
 * normaliser's code and message (normaliser messages never repeat the input).
 */
function normalised<T>(normalise: (raw: string) => Normalised<T>) {
  return z.string().transform((raw, ctx: TransformContext): T => {
    const result = normalise(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.message, params: { code: result.code } });
    return z.NEVER;
  });
}

/** A string that must match `pattern` (tested once per value; the pattern is built once, here). */
function patterned(pattern: RegExp, code: string, message: string) {
  return z
    .string()
    .refine((value) => pattern.test(value), { message, params: { code } })
    .meta({ pattern: pattern.source });
}

/**
 * Refuses control characters, unpaired surrogates and bidirectional overrides and isolates
 * (`text.characters`), naming the first one's class, code point and position, never the text.
 */
function printableText(options: { lineFeeds: boolean }) {
  return (value: string, ctx: TransformContext) => {
    const forbidden = forbiddenCharacterIn(value, options);
    if (forbidden === undefined) return;
    ctx.addIssue({
      code: "custom",
      message: `Contains a ${describeForbiddenCharacter(forbidden)}: text may not contain control characters${
        options.lineFeeds ? " (line breaks aside)" : " (line breaks included)"
      }, unpaired surrogates or bidirectional overrides and isolates.`,
      params: { code: "text.characters" },
    });
  };
}

/** Free text as written, on one line: trimmed, 1..max characters, none of them a control character. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine(printableText({ lineFeeds: false }));
}

/**
 * Free text that may run over several lines (summaries): as {@link text}, but line feeds are kept,
 * and CR LF becomes LF. Other controls, tabs and lone carriage returns included, are refused.
 */
export function multilineText(max: number) {
  return z
    .string()
    .overwrite((value) => value.replaceAll("\r\n", "\n"))
    .trim()
    .min(1)
    .max(max)
    .superRefine(printableText({ lineFeeds: true }));
}

// --- Identifiers, places and times ------------------------------------------------------------

/** An upstream id (a feed's recordId, a unit's reportId): 1–128 of `A–Z a–z 0–9 . _ : -`. */
export function idField(code: string, message: string) {
  return patterned(/^[A-Za-z0-9._:-]{1,128}$/, code, message);
}

export const recordIdField = idField(
  "record-id.format",
  "A recordId is 1–128 characters of A–Z, a–z, 0–9 and . _ : -",
).meta({
  id: "FeedRecordId",
  description:
    "The upstream system's id of the record (1–128 of `A–Z a–z 0–9 . _ : -`); the hub stores each (source, recordId) once",
  examples: ["KQP-2025-0001234"],
});

export const regionField = z
  .enum(regionCodes)
  .nullable()
  .meta({
    id: "FeedRegion",
    description:
      "ISO 3166-2:KZ code of the region where it happened. null only for a transport-related record whose region is unknown (e.g. on a train between regions).",
    examples: ["KZ-75"],
  });

/**
 * ISO 8601 extended date-time, with `Z`, `±HH:MM` or no offset; field ranges checked here, real
 * calendar days (Feb 30) when the time is converted. Mirrors the normaliser's accepted syntax.
 */
const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$/;
export const dateTimeField = z
  .string()
  .superRefine((value, ctx) => {
    if (!DATE_TIME.test(value)) {
      ctx.addIssue({
        code: "custom",
        message:
          "A time must be ISO 8601 `YYYY-MM-DDTHH:mm[:ss[.fraction]]` with `Z`, `±HH:MM` or no offset.",
        params: { code: "time.format" },
      });
    } else if (!isCalendarDate(value.slice(0, 10))) {
      ctx.addIssue({
        code: "custom",
        message: "The date-time names a day that does not exist.",
        params: { code: "time.date" },
      });
    }
  })
  .meta({
    id: "FeedDateTime",
    pattern: DATE_TIME.source,
    description:
      "ISO 8601 date-time. With `Z` or `±HH:MM` it is taken as is; without an offset it is local time of the record's region (IANA zone of the catalogue; Asia/Almaty when the region is null).",
    examples: ["2025-04-12T14:35:00+05:00", "2025-04-12T14:35:00"],
  });

export const dateField = z
  .string()
  .refine(isCalendarDate, {
    message: "A date must be a real calendar date `YYYY-MM-DD`",
    params: { code: "date.format" },
  })
  .meta({
    id: "FeedDate",
    format: "date",
    description: "Calendar date `YYYY-MM-DD`",
    examples: ["1991-03-14"],
  });

const CHECKPOINT_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
export const checkpointField = z
  .strictObject({
    code: patterned(
      CHECKPOINT_CODE,
      "checkpoint.format",
      "A checkpoint code is 2–32 characters of A–Z, 0–9 and -",
    ).describe("Checkpoint code as the Border Service and Burkit hold it"),
    name: text(200).describe("Checkpoint name"),
  })
  .meta({ id: "FeedCheckpoint", description: "A checkpoint across the State Border" });

export const transportModeField = z.enum(transportModes).describe("air, rail, road or water");
export const crossingDirectionField = z.enum(crossingDirections).describe("entry, exit or transit");
export const stayBasisField = z.enum(stayBases).describe("On what grounds the stay was allowed");

export const placeField = z
  .strictObject({
    locality: text(100).optional().describe("City, town or village"),
    address: text(300).optional().describe("Address as written"),
    checkpoint: checkpointField.optional().describe("Border checkpoint, when it happened at one"),
    transport: z
      .strictObject({
        mode: transportModeField,
        facility: text(64).optional().describe("Airport, station, train, flight or vessel"),
      })
      .optional()
      .describe(
        "Give it when the record is transport-related (airport, station, train, flight, vessel): such records also go to the `transport` deployment",
      ),
  })
  .meta({ id: "FeedPlace", description: "Where it happened, as far as known" });

// --- Persons, documents, organisations ----------------------------------------------------------

export const nameField = normalised(normaliseName).meta({
  description: "As written, Cyrillic or Latin",
});
export const iinField = normalised(parseIin).meta({
  description: "Kazakhstan IIN, 12 digits (check digit verified)",
  examples: ["900314300125"],
});
export const binField = normalised(parseBin).meta({
  description: "Kazakhstan BIN, 12 digits (check digit verified)",
});
export const countryField = normalised(toCountryAlpha3).meta({
  description:
    "Country: ISO 3166-1 alpha-2, alpha-3 or numeric code, ICAO XXA/XXB/XXC/XXX, or its name in English, Russian or Kazakh",
  examples: ["UZB", "CN", "860", "Узбекистан"],
});
export const documentNumberField = normalised(normaliseDocumentNumber).meta({
  description: "As printed; spaces, dashes, dots and slashes are ignored",
});
export const sexField = z.enum(["M", "F"]).describe("M or F, as in the identity document");

/** The name, birth and identity fields of a person, shared by every source's person objects. */
export const personCoreShape = {
  surname: nameField,
  givenName: nameField.optional(),
  patronymic: nameField.optional(),
  birthDate: dateField.optional(),
  sex: sexField.optional(),
  citizenship: countryField.optional(),
  iin: iinField.optional(),
};

export const documentField = z
  .strictObject({
    type: z.enum(documentTypes),
    number: documentNumberField,
    issuingCountry: countryField,
    issuedOn: dateField.optional(),
    validUntil: dateField.optional(),
  })
  .meta({ id: "FeedDocument", description: "An identity, travel or stay document" });

export const organisationShape = {
  name: text(300).describe("Name as registered"),
  bin: binField.optional(),
  address: text(300).optional(),
};

export const decisionField = z
  .strictObject({
    number: text(128).optional().describe("Decision or case number"),
    date: dateField.describe("Date of the decision"),
  })
  .meta({ id: "FeedDecision", description: "Reference to an administrative or court decision" });

export const periodField = z
  .strictObject({ from: dateField, to: dateField })
  .meta({ id: "FeedPeriod", description: "Inclusive period of calendar dates" });

export const referenceField = text(128);

/** The fields every record of every feed starts with (after its `recordType`). */
export const commonRecordShape = {
  recordId: recordIdField,
  region: regionField,
  occurredAt: dateTimeField.describe("When it happened (for a decision: when it was taken)"),
  recordedAt: dateTimeField.describe("When the upstream system recorded it"),
  place: placeField.optional(),
};
