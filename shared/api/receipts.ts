/**
 * `POST /v1/receipts`: what a unit sends to acknowledge notifications routed to it, and what the hub
 * answers. The function validates with these schemas; the OpenAPI document is generated from them.
 * Written with zod/mini (the receipts function loads no other zod schema, and classic zod would add
 * ≈ 70 KB to its bundle); `z.describe`/`z.meta` register the same metadata as classic's methods.
 */
import * as z from "zod/mini";
import { receiptOutcomes, receiptStatuses } from "../domain/receipts/receipt.ts";
import { MAX_RECEIPTS_PER_REQUEST } from "../wiring/limits.ts";

const notificationId = z.ulid().check(z.describe("The hub's id of the notification (as delivered)"));
const instant = z.iso.datetime({ precision: 3 });

/** A case number or similar: short, one line (control characters are refused). */
export const MAX_RECEIPT_REFERENCE_LENGTH = 64;
const reference = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(MAX_RECEIPT_REFERENCE_LENGTH),
    z.regex(/^\P{Cc}+$/u),
    z.describe("A short reference of what was done, e.g. a case number (one line)"),
  );

export const receiptRequestSchema = z
  .discriminatedUnion("status", [
    z.strictObject({
      notificationId,
      status: z.literal("received").check(z.describe("The unit has taken the notification in")),
    }),
    z.strictObject({
      notificationId,
      status: z.literal("actioned").check(z.describe("The unit has acted upon it (implies received)")),
      reference: z.optional(reference),
    }),
  ])
  .check(
    z.meta({
      id: "ReceiptRequest",
      description: "One acknowledgement, by the calling unit, of one notification",
    }),
  );
export type ReceiptRequest = z.infer<typeof receiptRequestSchema>;

export const receiptsRequestSchema = z
  .strictObject({
    receipts: z
      .array(receiptRequestSchema)
      .check(
        z.minLength(1),
        z.maxLength(MAX_RECEIPTS_PER_REQUEST),
        z.describe(`1 to ${MAX_RECEIPTS_PER_REQUEST} acknowledgements; all are recorded or none`),
      ),
  })
  .check(z.meta({ id: "ReceiptsRequest" }));

export const receiptResultSchema = z.object({
  notificationId: z.string(),
  status: z.enum(receiptStatuses).check(z.describe("The status acknowledged")),
  outcome: z
    .enum(receiptOutcomes)
    .check(
      z.describe(
        "`recorded`: a new fact; `unchanged`: the unit had already stated it (or `actioned`, for `received`)",
      ),
    ),
  receivedAt: instant.check(z.describe("When the unit first acknowledged the notification")),
  actionedAt: z.optional(instant).check(z.describe("When the unit acknowledged it `actioned`")),
  reference: z.optional(z.string()).check(z.describe("The reference given with `actioned`")),
});
export type ReceiptResult = z.infer<typeof receiptResultSchema>;

/** 200 of `POST /v1/receipts`: every acknowledgement of the request is recorded (now or earlier). */
export const receiptsRecordedBodySchema = z
  .object({ requestId: z.string(), results: z.array(receiptResultSchema) })
  .check(z.meta({ id: "ReceiptsRecordedBody" }));
export type ReceiptsRecordedBody = z.infer<typeof receiptsRecordedBodySchema>;
