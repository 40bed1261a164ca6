/**
 * `POST /v1/receipts`: what a unit sends to acknowledge notifications routed to it, and what the hub
 * answers. The function validates with these schemas; the OpenAPI document is generated from them.
 */
import * as z from "zod";
import { receiptOutcomes, receiptStatuses } from "../domain/receipts/receipt.ts";
import { MAX_RECEIPTS_PER_REQUEST } from "../wiring/limits.ts";

const notificationId = z.ulid().describe("The hub's id of the notification (as delivered)");
const instant = z.iso.datetime({ precision: 3 });

/** A case number or similar: short, one line (control characters are refused). */
export const MAX_RECEIPT_REFERENCE_LENGTH = 64;
const reference = z
  .string()
  .min(1)
  .max(MAX_RECEIPT_REFERENCE_LENGTH)
  .regex(/^\P{Cc}+$/u)
  .describe("A short reference of what was done, e.g. a case number (one line)");

export const receiptRequestSchema = z
  .discriminatedUnion("status", [
    z.strictObject({
      notificationId,
      status: z.literal("received").describe("The unit has taken the notification in"),
    }),
    z.strictObject({
      notificationId,
      status: z.literal("actioned").describe("The unit has acted upon it (implies received)"),
      reference: reference.optional(),
    }),
  ])
  .meta({
    id: "ReceiptRequest",
    description: "One acknowledgement, by the calling unit, of one notification",
  });
export type ReceiptRequest = z.infer<typeof receiptRequestSchema>;

export const receiptsRequestSchema = z
  .strictObject({
    receipts: z
      .array(receiptRequestSchema)
      .min(1)
      .max(MAX_RECEIPTS_PER_REQUEST)
      .describe(`1 to ${MAX_RECEIPTS_PER_REQUEST} acknowledgements; all are recorded or none`),
  })
  .meta({ id: "ReceiptsRequest" });

export const receiptResultSchema = z.object({
  notificationId: z.string(),
  status: z.enum(receiptStatuses).describe("The status acknowledged"),
  outcome: z
    .enum(receiptOutcomes)
    .describe(
      "`recorded`: a new fact; `unchanged`: the unit had already stated it (or `actioned`, for `received`)",
    ),
  receivedAt: instant.describe("When the unit first acknowledged the notification"),
  actionedAt: instant.optional().describe("When the unit acknowledged it `actioned`"),
  reference: z.string().optional().describe("The reference given with `actioned`"),
});
export type ReceiptResult = z.infer<typeof receiptResultSchema>;

/** 200 of `POST /v1/receipts`: every acknowledgement of the request is recorded (now or earlier). */
export const receiptsRecordedBodySchema = z
  .object({ requestId: z.string(), results: z.array(receiptResultSchema) })
  .meta({ id: "ReceiptsRecordedBody" });
export type ReceiptsRecordedBody = z.infer<typeof receiptsRecordedBodySchema>;
