/**
 * Building blocks of the unit-report contracts: the fields every report starts with, and persons and
 * parties as an officer records them. They are made of the feed kit's field types
 * (`shared/sources/kit/fields.ts`), so that a report's persons get the same normalised names, IINs,
 * countries, documents and Latin match keys as a feed's.
 *
 * Strict: a field a contract does not define is refused (`contract.unknown-field`).
 */
import * as z from "zod";
import { legalCodes } from "../domain/notification.ts";
import {
  countryField,
  dateTimeField,
  documentField,
  idField,
  organisationShape,
  personCoreShape,
  regionField,
  text,
} from "../sources/kit/fields.ts";

/** Persons one list of a report may name: every report's persons fit the notification's 50. */
export const MAX_LISTED_PERSONS = 40;
/** The largest count of persons a report may state. */
export const MAX_COUNT = 100_000;

export const reportIdField = idField(
  "report-id.format",
  "A reportId is 1–128 characters of A–Z, a–z, 0–9 and . _ : -",
).meta({
  id: "UnitReportId",
  description:
    "The filing unit's own id of the report (1–128 of `A–Z a–z 0–9 . _ : -`); the hub stores each (unit, reportId) once",
  examples: ["AP-KZ75-2025-000451"],
});

/** The fields every report has after its `kind`. */
export const reportCoreShape = {
  reportId: reportIdField,
  occurredAt: dateTimeField.describe(
    "When it happened: the finding, check, detention or release; for a death, when the body was found",
  ),
  region: regionField,
};

/** A person as the officer recorded them (names as written or as stated). */
export const reportPerson = z
  .strictObject({
    ...personCoreShape,
    documents: z
      .array(documentField)
      .max(10)
      .optional()
      .describe("Documents the person holds or presented (passport first)"),
  })
  .meta({ id: "ReportPerson", description: "A person as the officer recorded them" });

/** A foreigner or stateless person: the citizenship is required (`XXA` stateless, `XXX` unknown). */
export const reportForeigner = reportPerson
  .extend({
    citizenship: countryField.describe(
      "Citizenship as established or as stated; `XXA` for a stateless person, `XXX` when unknown",
    ),
  })
  .meta({ id: "ReportForeigner", description: "A foreigner or stateless person" });

/** A person or an organisation that takes part: an employer, provider, carrier, organiser. */
export const reportParty = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("person"), ...reportPerson.shape }).meta({ id: "ReportPartyPerson" }),
    z
      .strictObject({ type: z.literal("organisation"), ...organisationShape })
      .meta({ id: "ReportPartyOrganisation" }),
  ])
  .meta({
    id: "ReportParty",
    description:
      "A person (`type: person`; IIN for a Kazakhstan citizen) or an organisation (`type: organisation`; BIN when registered in Kazakhstan)",
  });

/** An article of the Criminal Code or of the Administrative Offences Code. */
export const legalArticleField = z
  .strictObject({
    code: z.enum(legalCodes).describe("Which code"),
    article: text(32).describe("Article and part as written, e.g. `188 part 2`"),
  })
  .meta({ id: "LegalArticle", description: "An article of the Criminal or Administrative Offences Code" });

/** A list of at least one item: an optional list is left out rather than sent empty. */
export function listOf<T extends z.ZodType>(item: T, max: number) {
  return z.array(item).min(1).max(max);
}
