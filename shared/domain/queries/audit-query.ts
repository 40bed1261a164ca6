/**
 * The parameters of `GET /v1/audit`: a period, and optionally a unit and a person. The person is named
 * as the queries name them and normalised by the same rules, so an auditor finds a query made with
 * "fa 123-4567" by asking for "UZ:FA1234567".
 */
import * as z from "zod";
import { type UnitId, unitIds } from "../catalogue/index.ts";
import type { FieldError } from "../field-error.ts";
import {
  isCalendarDate,
  normaliseDocumentNumber,
  parseIin,
  toCountryAlpha3,
  toUtcInstant,
} from "../normalise/index.ts";
import { MAX_PERIOD_DAYS } from "./inviters.ts";
import { pageQuerySchema } from "./paging.ts";
import { type Parsed, parameterError, parseParameters, type QueryParameters } from "./parameters.ts";
import { documentKey, iinKey } from "./person-key.ts";

const DAY_MS = 86_400_000;

export const auditQuerySchema = z
  .object({
    from: z
      .string()
      .max(40)
      .describe(
        "Start of the period: a date `YYYY-MM-DD` (from midnight on the deployment's clocks) or an ISO 8601 date-time",
      ),
    to: z
      .string()
      .max(40)
      .describe(
        `End of the period: a date (to the end of that day) or a date-time (excluded); at most ${MAX_PERIOD_DAYS} days after \`from\``,
      ),
    unit: z.enum(unitIds).optional().describe("Only the queries of this unit"),
    person: z
      .string()
      .max(100)
      .optional()
      .describe("Only the queries that concerned this person: an IIN, or a document as `<country>:<number>`"),
    ...pageQuerySchema.shape,
  })
  .meta({ id: "AuditQuery", description: "Whose queries, about whom, in what period" });

export interface AuditQuery {
  /** First instant of the period (UTC, ISO). */
  readonly from: string;
  /** First instant after the period (UTC, ISO). */
  readonly to: string;
  readonly unit?: UnitId;
  /** The person key (`IIN#…`, `DOC#…`) the queries concerned. */
  readonly personKey?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** The audit query, with dates read on the clocks of `timeZone` (the deployment's). */
export function auditQueryOf(raw: QueryParameters, timeZone: string): Parsed<AuditQuery> {
  const parsed = parseParameters(auditQuerySchema, raw);
  if (!parsed.ok) return parsed;
  const { unit, person, limit, cursor } = parsed.value;
  const errors: FieldError[] = [];
  const from = instantOf("from", parsed.value.from, timeZone, "start", errors);
  const to = instantOf("to", parsed.value.to, timeZone, "end", errors);
  const personKey = person === undefined ? undefined : personKeyOf(person, errors);
  if (from !== undefined && to !== undefined) {
    if (from >= to) errors.push(parameterError("to", "query.range", "The period ends before it starts."));
    else if (Date.parse(to) - Date.parse(from) > MAX_PERIOD_DAYS * DAY_MS) {
      errors.push(
        parameterError("to", "query.range", `The period may cover at most ${MAX_PERIOD_DAYS} days.`),
      );
    }
  }
  if (errors.length > 0 || from === undefined || to === undefined) return { ok: false, errors };
  return {
    ok: true,
    value: {
      from,
      to,
      ...(unit === undefined ? {} : { unit }),
      ...(personKey === undefined ? {} : { personKey }),
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    },
  };
}

/** A date-time as the instant it names; a date as the start of that day, or of the next when it ends the period. */
function instantOf(
  name: "from" | "to",
  value: string,
  timeZone: string,
  edge: "start" | "end",
  errors: FieldError[],
): string | undefined {
  const dateTime = isCalendarDate(value) ? `${edge === "start" ? value : nextDay(value)}T00:00:00` : value;
  const instant = toUtcInstant(dateTime, timeZone);
  if (instant.ok) return instant.value;
  errors.push(parameterError(name, instant.code, `${instant.message} Or give a date YYYY-MM-DD.`));
  return undefined;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** `IIN#…` for 12 digits, `DOC#<alpha-3>#<number>` for `<country>:<number>`. */
function personKeyOf(person: string, errors: FieldError[]): string | undefined {
  const separator = person.indexOf(":");
  if (separator === -1) {
    const iin = parseIin(person);
    if (iin.ok) return iinKey(iin.value.iin);
    errors.push(
      parameterError("person", iin.code, `${iin.message} Or give a document as <country>:<number>.`),
    );
    return undefined;
  }
  const country = toCountryAlpha3(person.slice(0, separator));
  const number = normaliseDocumentNumber(person.slice(separator + 1));
  if (!country.ok) errors.push(parameterError("person", country.code, country.message));
  if (!number.ok) errors.push(parameterError("person", number.code, number.message));
  return country.ok && number.ok ? documentKey(country.value, number.value) : undefined;
}
