import * as z from "zod";
import { deploymentIds, kindIds, queryIds, unitIds } from "../domain/catalogue/index.ts";
import { identityDocumentSchema, personNameSchema, personRoles } from "../domain/notification.ts";
import { stayReasonCodes, stayVerdicts } from "../domain/queries/stay-legality.ts";

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

/*
 * The answers of the queries (`GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters`) and of the audit
 * log (`GET /v1/audit`). Every query's answer names the audit record written before it was sent.
 */

const answerHeaderShape = {
  requestId: z.string(),
  auditId: z.string().describe("The audit record of this query (ULID), written before the answer was sent"),
};

const nextCursorSchema = z
  .string()
  .optional()
  .describe("Pass as `cursor` for the next page; absent on the last page (a next page may be empty)");

/** One notification about a known person: enough to fetch or cite it, none of its content. */
export const personNotificationSchema = z
  .object({
    notificationId: z.string().describe("The hub's notification id (ULID)"),
    kind: z.enum(kindIds),
    occurredAt: z.iso.datetime().describe("When it happened (UTC)"),
    region: z.string().nullable().describe("ISO 3166-2:KZ code of the region it happened in"),
    role: z.enum(personRoles).describe("The person's part in it: `subject` when it is about them"),
  })
  .meta({ id: "PersonNotification" });

export const knownPersonSchema = z
  .object({
    keys: z
      .array(z.string())
      .describe("Every key the hub files this person under: `IIN#…`, `DOC#<country>#<number>`, `NAME#…`"),
    name: personNameSchema.describe("The name as the newest notification gives it"),
    birthDate: z.iso.date().optional(),
    citizenship: z.string().optional(),
    iin: z.string().optional(),
    documents: z.array(identityDocumentSchema).describe("Every document seen with the person"),
    notifications: z.array(personNotificationSchema).describe("Newest first"),
  })
  .meta({
    id: "KnownPerson",
    description:
      "One person the key names (persons with different IINs are told apart), with this page's notifications about them",
  });

/** 200 of `GET /v1/persons`: the page's notifications grouped into the persons they name. */
export const personsAnswerSchema = z
  .object({
    ...answerHeaderShape,
    persons: z.array(knownPersonSchema).describe("The persons of this page, the most recently seen first"),
    nextCursor: nextCursorSchema,
  })
  .meta({ id: "PersonsAnswer" });
export type PersonsAnswer = z.infer<typeof personsAnswerSchema>;

export const stayReasonSchema = z
  .object({
    code: z.enum(stayReasonCodes),
    message: z.string(),
    notificationId: z.string().optional().describe("The notification the reason rests on"),
  })
  .meta({ id: "StayReason" });

/** 200 of `GET /v1/stay-legality`. */
export const stayLegalityAnswerSchema = z
  .object({
    ...answerHeaderShape,
    asOf: z.iso.date().describe("The day the verdict is for: today on the deployment's clocks"),
    verdict: z.enum(stayVerdicts).describe("`unknown` when the hub holds too little: never a guess"),
    coveredUntil: z.iso.date().optional().describe("Last day the stay is covered, when `legal`"),
    reasons: z.array(stayReasonSchema),
    evidence: z.array(z.string()).describe("Ids of the notifications the reasons cite, oldest first"),
  })
  .meta({ id: "StayLegalityAnswer" });
export type StayLegalityAnswer = z.infer<typeof stayLegalityAnswerSchema>;

const countedShape = {
  foreignerCount: z.number().int().describe("Distinct foreigners the period's notifications name with it"),
  reportedCount: z
    .number()
    .int()
    .optional()
    .describe("The largest count an upstream system or unit reported in the period"),
  notificationIds: z.array(z.string()).describe("The notifications behind the counts"),
};

export const repeatPartySchema = z
  .object({
    key: z.string().describe("`IIN#…`, `BIN#…`, `DOC#…`, `NAME#<latin>#<birth date>` or `ORG#<name key>`"),
    party: z.discriminatedUnion("type", [
      z.object({
        type: z.literal("person"),
        name: personNameSchema,
        birthDate: z.iso.date().optional(),
        iin: z.string().optional(),
        citizenship: z.string().optional(),
      }),
      z.object({ type: z.literal("organisation"), name: z.string(), bin: z.string().optional() }),
    ]),
    roles: z.array(z.enum(personRoles)),
    ...countedShape,
  })
  .meta({ id: "RepeatParty" });

export const repeatAddressSchema = z
  .object({
    key: z.string().describe("The address's comparison key"),
    address: z.string().describe("The address as first written"),
    locality: z.string().optional(),
    ...countedShape,
  })
  .meta({ id: "RepeatAddress" });

/** 200 of `GET /v1/inviters`. */
export const invitersAnswerSchema = z
  .object({
    ...answerHeaderShape,
    from: z.iso.date(),
    to: z.iso.date(),
    minCount: z.number().int(),
    parties: z.array(repeatPartySchema).describe("The largest count first"),
    addresses: z.array(repeatAddressSchema).describe("The largest count first"),
  })
  .meta({ id: "InvitersAnswer" });
export type InvitersAnswer = z.infer<typeof invitersAnswerSchema>;

/** One query as the audit log holds it. */
export const auditRecordSchema = z
  .object({
    auditId: z.string().describe("ULID"),
    at: z.iso.datetime().describe("When the query was made (UTC)"),
    deployment: z.enum(deploymentIds),
    unit: z.enum(unitIds),
    officer: z.string().describe("The IAM session name of the officer who asked"),
    principal: z.string().describe("The assumed-role session ARN that signed the request"),
    purpose: z.string().describe("The purpose stated in `x-hub-purpose`"),
    query: z.enum(queryIds),
    parameters: z.record(z.string(), z.string()).describe("The query-string parameters as given"),
    personKeys: z
      .array(z.string())
      .describe(
        "The person keys the query concerned: the key looked up, then every key of the persons found",
      ),
    outcome: z.enum(["answered", "refused"]),
    status: z.number().int().describe("The HTTP status the query was answered with"),
    notificationCount: z.number().int().describe("How many notifications the answer named"),
    notificationIds: z
      .array(z.string())
      .describe(
        "The notifications the answer named (the first ones, when `notificationIdsComplete` is false)",
      ),
    notificationIdsComplete: z.boolean(),
  })
  .meta({ id: "AuditRecord" });
export type AuditRecordBody = z.infer<typeof auditRecordSchema>;

/** 200 of `GET /v1/audit`: the records of the period, oldest day first (in a day: by unit, then time). */
export const auditAnswerSchema = z
  .object({ requestId: z.string(), records: z.array(auditRecordSchema), nextCursor: nextCursorSchema })
  .meta({ id: "AuditAnswer" });
export type AuditAnswer = z.infer<typeof auditAnswerSchema>;
