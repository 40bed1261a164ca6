/**
 * The request envelope every feed shares, `{ contractVersion: "1", records: [1..100 records] }`: its
 * schema for documentation, its schema as validated at run time, and reading the records out of a
 * body that may not match it.
 */
import * as z from "zod";

export const CONTRACT_VERSION = "1";
export const MAX_RECORDS_PER_REQUEST = 100;

/** The envelope for documentation, with the source's record schema inside. */
export function bodySchemaOf(recordSchema: z.ZodType, id: string): z.ZodType {
  return z
    .strictObject({
      contractVersion: z.literal(CONTRACT_VERSION).describe("Version of the feed contract"),
      records: z
        .array(recordSchema)
        .min(1)
        .max(MAX_RECORDS_PER_REQUEST)
        .describe(`1 to ${MAX_RECORDS_PER_REQUEST} records; all are accepted or none`),
    })
    .meta({ id });
}

/** The envelope as validated at run time: records are validated one by one afterwards. */
export const envelopeSchema = z.compile(
  z.strictObject({
    contractVersion: z.literal(CONTRACT_VERSION),
    records: z.array(z.unknown()).min(1).max(MAX_RECORDS_PER_REQUEST),
  }),
);

/** The records of a body, to validate one by one; none when `records` is not an array of at most 100. */
export function recordsToValidate(body: unknown): readonly unknown[] {
  if (body === null || typeof body !== "object" || !Object.hasOwn(body, "records")) return [];
  const records: unknown = (body as { records: unknown }).records;
  if (!Array.isArray(records) || records.length > MAX_RECORDS_PER_REQUEST) return [];
  return records;
}

/** The `recordId` of a record as sent, when it is a string (valid record or not). */
export function recordIdOf(record: unknown): string | undefined {
  if (record === null || typeof record !== "object" || !Object.hasOwn(record, "recordId")) return undefined;
  const id: unknown = (record as { recordId: unknown }).recordId;
  return typeof id === "string" ? id : undefined;
}
