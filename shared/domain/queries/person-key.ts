/**
 * How a unit names the person it asks about, and which store key (person-store-keys.ts) to read. The
 * query values are normalised as the feed contracts normalise them, so "fa 123-4567" from Uzbekistan
 * ("UZ") finds the passport a feed sent as "FA1234567", "UZB".
 */
import * as z from "zod";
import { type DocumentType, documentTypes } from "../document-types.ts";
import type { FieldError } from "../field-error.ts";
import { normaliseDocumentNumber, normaliseName, parseIin, toCountryAlpha3 } from "../normalise/index.ts";
import type { CanonicalNotification, Person } from "../notification.ts";
import { type Parsed, parameterError, parseParameters, type QueryParameters } from "./parameters.ts";
import { documentKey, iinKey, nameKey, personKeys } from "./person-store-keys.ts";

export { documentKey, iinKey, nameKey, personKeys };

/** The person a unit asks about, normalised, with the store key to read. */
export type PersonLookup =
  | { readonly by: "iin"; readonly key: string; readonly iin: string }
  | {
      readonly by: "document";
      readonly key: string;
      readonly issuingCountry: string;
      readonly number: string;
      /** When given, only documents of this type match (the key does not hold the type). */
      readonly documentType?: DocumentType;
    }
  | { readonly by: "name"; readonly key: string; readonly latin: string; readonly birthDate: string };

/** Whether a person of a notification is the one looked up. */
export function isLookedUp(person: Person, lookup: PersonLookup): boolean {
  switch (lookup.by) {
    case "iin":
      return person.iin === lookup.iin;
    case "document":
      return person.documents.some(
        (document) =>
          document.issuingCountry === lookup.issuingCountry &&
          document.number === lookup.number &&
          (lookup.documentType === undefined || document.type === lookup.documentType),
      );
    case "name":
      return person.name.latin === lookup.latin && person.birthDate === lookup.birthDate;
  }
}

/** A person's strong identifiers (IIN, each document): what tells one person from another, unlike a name. */
function strongKeys(person: Person): string[] {
  return personKeys(person).filter((key) => !key.startsWith("NAME#"));
}

/**
 * The person `lookup` names, or another person with one of `aliases` (strong keys the hub has seen
 * with them). Asked by IIN, a person with another IIN is never them, whatever documents they share.
 */
export function isKnownAs(person: Person, lookup: PersonLookup, aliases: ReadonlySet<string>): boolean {
  if (isLookedUp(person, lookup)) return true;
  if (lookup.by === "iin" && person.iin !== undefined) return false;
  return strongKeys(person).some((key) => aliases.has(key));
}

/**
 * One hop from the key asked: the other strong keys of the person `lookup` names, as the notifications
 * about them (as the subject) show them. Asked by IIN, their documents; asked by document, their IIN
 * and other documents. Never a name: namesakes are not one person.
 */
export function strongKeysSeenWith(
  notifications: readonly CanonicalNotification[],
  lookup: PersonLookup,
): string[] {
  const keys = new Set<string>();
  for (const notification of notifications) {
    for (const person of notification.subject.persons) {
      if (person.role === "subject" && isLookedUp(person, lookup)) {
        for (const key of strongKeys(person)) keys.add(key);
      }
    }
  }
  keys.delete(lookup.key);
  return [...keys];
}

const iinParameter = z.string().max(32).describe("IIN: 12 digits with a valid check digit");
const documentParameters = {
  document: z
    .string()
    .max(64)
    .describe("Document number as written: any case; spaces, dashes, dots and slashes are ignored"),
  country: z
    .string()
    .max(100)
    .describe("Issuing country of the document: ISO 3166-1 alpha-2, alpha-3 or numeric code, or its name"),
  documentType: z
    .enum(documentTypes)
    .describe("Only documents of this type; without it, any document with this number and country"),
};

export const personQuerySchema = z
  .object({
    iin: iinParameter.optional(),
    document: documentParameters.document.optional(),
    country: documentParameters.country.optional(),
    documentType: documentParameters.documentType.optional(),
    name: z
      .string()
      .max(300)
      .optional()
      .describe("Full name `SURNAME GIVEN PATRONYMIC`, Cyrillic or Latin; matched by its Latin key"),
    birthDate: z.iso.date().optional().describe("Date of birth `YYYY-MM-DD`, with `name`"),
  })
  .meta({
    id: "PersonQuery",
    description: "Who is asked about: `iin`, or `document` and `country`, or `name` and `birthDate`",
  });

/**
 * The stay-legality query names a person by IIN or document only: a verdict on a name and birth date
 * would rest on whoever shares them.
 */
export const stayLegalityQuerySchema = personQuerySchema
  .pick({ iin: true, document: true, country: true, documentType: true })
  .meta({
    id: "StayLegalityQuery",
    description: "Whose stay is asked about: `iin`, or `document` and `country`",
  });

type PersonQuery = z.output<typeof personQuerySchema>;
type LookupForm = PersonLookup["by"];

const formParameters: Record<LookupForm, readonly (keyof PersonQuery)[]> = {
  iin: ["iin"],
  document: ["document", "country", "documentType"],
  name: ["name", "birthDate"],
};

const formLabels: Record<LookupForm, string> = {
  iin: "`iin`",
  document: "`document` and `country`",
  name: "`name` and `birthDate`",
};

/** The person of `GET /v1/persons`: by IIN, by document and country, or by name and birth date. */
export function personLookupOf(raw: QueryParameters): Parsed<PersonLookup> {
  const parsed = parseParameters(personQuerySchema, raw);
  return parsed.ok ? lookupOf(parsed.value, ["iin", "document", "name"]) : parsed;
}

/** The person of `GET /v1/stay-legality`: by IIN, or by document and country. */
export function stayLegalityLookupOf(raw: QueryParameters): Parsed<PersonLookup> {
  const parsed = parseParameters(stayLegalityQuerySchema, raw);
  return parsed.ok ? lookupOf(parsed.value, ["iin", "document"]) : parsed;
}

function lookupOf(query: PersonQuery, accepted: readonly LookupForm[]): Parsed<PersonLookup> {
  const given = accepted.filter((form) => formParameters[form].some((name) => query[name] !== undefined));
  const expected = accepted.map((form) => formLabels[form]).join(", or ");
  const [form, ...others] = given;
  if (form === undefined) {
    return refused(parameterError(undefined, "query.person-missing", `Name the person: give ${expected}.`));
  }
  if (others.length > 0) {
    return refused(
      parameterError(
        undefined,
        "query.person-conflict",
        `Name the person in one way only: ${given.map((one) => formLabels[one]).join(" or ")}, not both.`,
      ),
    );
  }
  switch (form) {
    case "iin":
      return iinLookup(query.iin ?? "");
    case "document":
      return documentLookup(query);
    case "name":
      return nameLookup(query);
  }
}

function refused(...errors: FieldError[]): Parsed<never> {
  return { ok: false, errors };
}

function iinLookup(raw: string): Parsed<PersonLookup> {
  const iin = parseIin(raw);
  if (!iin.ok) return refused(parameterError("iin", iin.code, iin.message));
  return { ok: true, value: { by: "iin", key: iinKey(iin.value.iin), iin: iin.value.iin } };
}

function documentLookup(query: PersonQuery): Parsed<PersonLookup> {
  const errors: FieldError[] = [];
  const number = required(query.document, "document", "Give the document number with `country`.", errors);
  const country = required(query.country, "country", "Give the document's issuing country.", errors);
  const normalisedNumber = number === undefined ? undefined : normaliseDocumentNumber(number);
  const alpha3 = country === undefined ? undefined : toCountryAlpha3(country);
  if (normalisedNumber?.ok === false) {
    errors.push(parameterError("document", normalisedNumber.code, normalisedNumber.message));
  }
  if (alpha3?.ok === false) errors.push(parameterError("country", alpha3.code, alpha3.message));
  if (!normalisedNumber?.ok || !alpha3?.ok) return refused(...errors);
  return {
    ok: true,
    value: {
      by: "document",
      key: documentKey(alpha3.value, normalisedNumber.value),
      issuingCountry: alpha3.value,
      number: normalisedNumber.value,
      ...(query.documentType === undefined ? {} : { documentType: query.documentType }),
    },
  };
}

function nameLookup(query: PersonQuery): Parsed<PersonLookup> {
  const errors: FieldError[] = [];
  const rawName = required(query.name, "name", "Give the person's name with `birthDate`.", errors);
  const birthDate = required(query.birthDate, "birthDate", "Give the date of birth with `name`.", errors);
  const name = rawName === undefined ? undefined : normaliseName(rawName);
  if (name?.ok === false) errors.push(parameterError("name", name.code, name.message));
  if (name?.ok && name.value.latin === "") {
    errors.push(
      parameterError(
        "name",
        "name.no-latin",
        "The name has no Latin or Cyrillic letter, so it cannot be matched; give an IIN or a document.",
      ),
    );
  }
  if (!name?.ok || name.value.latin === "" || birthDate === undefined) return refused(...errors);
  const { latin } = name.value;
  return { ok: true, value: { by: "name", key: nameKey(latin, birthDate), latin, birthDate } };
}

function required(
  value: string | undefined,
  name: string,
  message: string,
  errors: FieldError[],
): string | undefined {
  if (value === undefined) errors.push(parameterError(name, "query.required", message));
  return value;
}
