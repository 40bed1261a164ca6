/**
 * The request envelope of the units' reports, `{ "reports": [1..100 reports] }`: its schema for
 * documentation, its schema as validated at run time, and reading the reports out of a body that may
 * not match it.
 */
import * as z from "zod";
import { MAX_REPORTS_PER_REQUEST } from "../wiring/limits.ts";

/** The envelope for documentation, with every report contract inside. */
export function reportsBodySchemaOf(reportSchema: z.ZodType): z.ZodType {
  return z
    .strictObject({
      reports: z
        .array(reportSchema)
        .min(1)
        .max(MAX_REPORTS_PER_REQUEST)
        .describe(
          `1 to ${MAX_REPORTS_PER_REQUEST} reports of any kinds the unit files; all are accepted or none`,
        ),
    })
    .meta({ id: "ReportsRequest" });
}

/** The envelope as validated at run time: reports are validated one by one afterwards. */
export const envelopeSchema = z.compile(
  z.strictObject({ reports: z.array(z.unknown()).min(1).max(MAX_REPORTS_PER_REQUEST) }),
);

/** The reports of a body, to validate one by one; none when `reports` is not an array of at most 100. */
export function reportsToValidate(body: unknown): readonly unknown[] {
  const reports = ownField(body, "reports");
  if (!Array.isArray(reports) || reports.length > MAX_REPORTS_PER_REQUEST) return [];
  return reports;
}

/** A field of a value that may be anything: undefined unless the value is an object that has it. */
export function ownField(value: unknown, field: string): unknown {
  if (value === null || typeof value !== "object" || !Object.hasOwn(value, field)) return undefined;
  return (value as Record<string, unknown>)[field];
}
