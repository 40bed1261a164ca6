/**
 * `GET /v1/notifications/{id}/trace` (and by upstream record): where a notification is. The function
 * builds this answer; the OpenAPI document and `hub trace` read it with this schema. It names
 * notifications, units, officers and times, never a person the notification is about.
 */
import * as z from "zod";
import { kindIds, receiptClasses, unitIds } from "../domain/catalogue/index.ts";
import { escalationLevels } from "../domain/receipts/index.ts";

const instant = z.iso.datetime({ precision: 3 });

/**
 * How far a notification got towards a unit: `pending` (no publication recorded yet), `sent` (on the
 * bus; its rule delivers to the unit's queue, retrying for a day before dead-lettering), `dead-lettered`
 * (a copy sits in the unit's dead-letter queue: only where the hub can look, the local hub), or
 * `acknowledged` (the unit acknowledged it, so it reached the unit).
 */
export const deliveryStates = ["pending", "sent", "dead-lettered", "acknowledged"] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** A deadline's state: `met` (acknowledged by then), `open` (not due yet), `missed` (not acknowledged by then). */
export const deadlineStates = ["met", "open", "missed"] as const;
export type DeadlineState = (typeof deadlineStates)[number];

const acknowledgementSchema = z.object({
  at: instant.describe("When the unit stated it"),
  officer: z.string().describe("The officer: the session name of the unit's role"),
});

export const traceDeadlineSchema = z.object({
  level: z.enum(escalationLevels).describe("`first` escalates to the duty unit and imc, `second` to kpd"),
  dueAt: instant,
  state: z.enum(deadlineStates),
  lateSeconds: z
    .number()
    .int()
    .optional()
    .describe("With `missed`: how late the receipt came, or is (until now) when none came"),
  escalation: z
    .object({
      notificationId: z.string().describe("The escalation: a notification of its own, to trace in turn"),
      raisedAt: instant,
    })
    .optional()
    .describe("The escalation the hub raised for this missed deadline"),
});
export type TraceDeadline = z.infer<typeof traceDeadlineSchema>;

export const unitTraceSchema = z.object({
  unit: z.enum(unitIds),
  delivery: z.enum(deliveryStates),
  received: acknowledgementSchema.optional().describe("The unit's acknowledgement that it took it in"),
  actioned: acknowledgementSchema
    .extend({ reference: z.string().optional() })
    .optional()
    .describe("The unit's acknowledgement that it acted upon it"),
  deadlines: z
    .array(traceDeadlineSchema)
    .describe("Its receipt deadlines; none for a unit that owes no receipt (the hub's own escalations)"),
  overdue: z.boolean().describe("No receipt, and a deadline missed"),
});
export type UnitTrace = z.infer<typeof unitTraceSchema>;

export const traceSchema = z.object({
  notification: z.object({
    id: z.string(),
    kind: z.enum(kindIds),
    source: z.string().describe("`kqp`, `burkit`, `bil`, `units` or `hub`"),
    upstream: z.object({ system: z.string(), recordId: z.string() }),
    region: z.string().nullable(),
    occurredAt: instant,
    receivedAt: instant.describe("When the hub accepted it: stored by then (the 202 follows the write)"),
    filedBy: acknowledgementSchema
      .pick({ officer: true })
      .extend({ unit: z.enum(unitIds) })
      .optional(),
  }),
  receiptClass: z.enum(receiptClasses),
  publishedAt: instant
    .optional()
    .describe("When the publish function last put it on the bus; absent: not yet, or not recorded"),
  deadLetters: z
    .enum(["checked", "not-checked"])
    .describe("Whether the units' dead-letter queues were looked into (the local hub only)"),
  units: z.array(unitTraceSchema).describe("Every unit it is routed to, in catalogue order"),
  checkedAt: instant.describe("The hub's time of this answer: `open` and `lateSeconds` are as of then"),
});
export type Trace = z.infer<typeof traceSchema>;

/** 200 of the trace routes. */
export const traceBodySchema = z
  .object({ requestId: z.string(), trace: traceSchema })
  .meta({ id: "TraceBody" });
export type TraceBody = z.infer<typeof traceBodySchema>;
