import * as z from "zod";

/** One problem with one field, as listed in every error body (see `shared/domain/field-error.ts`). */
export const fieldErrorSchema = z.object({
  path: z.string().describe("JSON pointer (RFC 6901) into the request body; empty for the whole body"),
  code: z.string().describe("Stable machine-readable code, e.g. `iin.checksum`"),
  message: z.string(),
});

/** The one error format of every non-2xx response of the hub. */
export const errorBodySchema = z
  .object({
    requestId: z.string(),
    error: z.object({
      code: z.string().describe("Stable machine-readable code, e.g. `signature.invalid`, `contract.invalid`"),
      message: z.string(),
      details: z.array(fieldErrorSchema),
    }),
  })
  .meta({ id: "ErrorBody" });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const recordOutcomeSchema = z.object({
  recordId: z.string().describe("The upstream record id, as sent"),
  notificationId: z.string().describe("The hub's notification id (ULID); the same for a duplicate"),
  status: z.enum(["stored", "duplicate"]),
});
export type RecordOutcome = z.infer<typeof recordOutcomeSchema>;

/** 202: every record of the request is durably stored (now or by an earlier request). */
export const acceptedBodySchema = z
  .object({ requestId: z.string(), results: z.array(recordOutcomeSchema) })
  .meta({ id: "AcceptedBody" });
export type AcceptedBody = z.infer<typeof acceptedBodySchema>;

export const reportOutcomeSchema = z.object({
  reportId: z.string().describe("The unit's report id, as sent"),
  notificationId: z.string().describe("The hub's notification id (ULID); the same for a duplicate"),
  status: z.enum(["stored", "duplicate"]),
});
export type ReportOutcome = z.infer<typeof reportOutcomeSchema>;

/** 202 of `POST /v1/reports`: every report of the request is durably stored (now or earlier). */
export const reportsAcceptedBodySchema = z
  .object({ requestId: z.string(), results: z.array(reportOutcomeSchema) })
  .meta({ id: "ReportsAcceptedBody" });
export type ReportsAcceptedBody = z.infer<typeof reportsAcceptedBodySchema>;
