/**
 * The monthly list of art. 11.7 as its JSON file holds it, and as the CLI and the tests read it back:
 * zod schemas apart from the list's builder (admin-519-list.ts), which only writes lists, so that the
 * monthly-list function loads no zod schema and no notification schema.
 */
import * as z from "zod";
import { deploymentIds, regionCodes } from "../catalogue/index.ts";
import { documentTypes } from "../document-types.ts";
import { factsSchemas } from "../notification.ts";
import { ADMIN_519_KIND } from "./admin-519-kind.ts";
import { MONTH_PATTERN } from "./months.ts";

const count = z.int().min(0);

export const listRowSchema = z.object({
  /** 1-based position in the list. */
  line: z.int().min(1),
  /** 1-based number of the person: the rows of one person share it. */
  person: z.int().min(1),
  /** The person's offences in the month: more than one makes the person a repeat offender. */
  personOffences: z.int().min(1),
  surname: z.string(),
  given: z.string().optional(),
  patronymic: z.string().optional(),
  /** The name's Latin match key, `SURNAME GIVEN PATRONYMIC`. */
  latin: z.string(),
  birthDate: z.string().optional(),
  citizenship: z.string(),
  iin: z.string().optional(),
  document: z
    .object({ type: z.enum(documentTypes), number: z.string(), issuingCountry: z.string() })
    .optional(),
  caseNumber: z.string(),
  articlePart: z.string().optional(),
  decidedOn: z.string(),
  penalty: factsSchemas[ADMIN_519_KIND].shape.penalty,
  /** The date of the offence on the deployment's clocks. */
  occurredOn: z.string(),
  locality: z.string().optional(),
  notificationId: z.string(),
});

/** A person with several offences in the month. */
export const repeatOffenderSchema = z.object({
  person: z.int().min(1),
  surname: z.string(),
  latin: z.string(),
  birthDate: z.string().optional(),
  citizenship: z.string(),
  offences: z.int().min(2),
  notificationIds: z.array(z.string()),
});

export const citizenshipCountSchema = z.object({
  citizenship: z.string(),
  offences: z.int().min(1),
  persons: z.int().min(1),
});

/** The list as its JSON file holds it (and as the CLI reads it back). */
export const admin519ListSchema = z.object({
  deployment: z.enum(deploymentIds),
  region: z.enum(regionCodes).nullable(),
  month: z.string().regex(MONTH_PATTERN),
  timeZone: z.string(),
  /** The month as UTC instants, `[from, to)`. */
  period: z.object({ from: z.string(), to: z.string() }),
  counts: z.object({ offences: count, persons: count, repeatOffenders: count }),
  rows: z.array(listRowSchema),
  repeatOffenders: z.array(repeatOffenderSchema),
  /** Most offences first. */
  byCitizenship: z.array(citizenshipCountSchema),
});

export type ListRow = z.output<typeof listRowSchema>;
export type RepeatOffender = z.output<typeof repeatOffenderSchema>;
export type CitizenshipCount = z.output<typeof citizenshipCountSchema>;
export type Admin519List = z.output<typeof admin519ListSchema>;
