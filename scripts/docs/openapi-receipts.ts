/**
 * The `POST /v1/receipts` operation of the OpenAPI document: a unit's acknowledgements of the
 * notifications routed to it, IAM-authorised (SigV4), from the zod request and response schemas.
 */
import type { ZodOpenApiOperationObject } from "zod-openapi";
import { receiptsRecordedBodySchema, receiptsRequestSchema } from "../../shared/api/receipts.ts";
import { MAX_RECEIPTS_PER_REQUEST } from "../../shared/wiring/limits.ts";
import { errorContent, sharedErrorResponses } from "./error-content.ts";

const exampleId = "01JWT5Z3K8M2Q4R6S7T9V0W1X2";
const requestId = "c5a1d2b4-7e8f-4a6b-9c0d-1e2f3a4b5c6d";

export function receiptsOperation(): ZodOpenApiOperationObject {
  return {
    operationId: "postReceipts",
    tags: ["receipts"],
    summary: "Acknowledge notifications routed to the calling unit",
    description: [
      `1 to ${MAX_RECEIPTS_PER_REQUEST} acknowledgements, all recorded or none. \`received\`: the unit took the notification in;`,
      "`actioned`: it acted upon it (implies received), with an optional short reference such as a case number.",
      "Each fact is recorded once: repeating it, or `received` after `actioned`, answers `unchanged`.",
      "The unit and the officer are the IAM caller (the role and its session name), never the body.",
      "",
      "A unit that has not acknowledged a notification by its kind's deadline (`urgent` or `routine` in the",
      "catalogue; durations per deployment) is escalated: `receipt.overdue` to the region's duty unit and imc,",
      "then `receipt.escalated` to kpd at the second deadline.",
    ].join("\n"),
    security: [{ sigv4: [] }],
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: receiptsRequestSchema,
          examples: {
            received: {
              summary: "A page of notifications taken in (what `hub poll --ack` sends)",
              value: { receipts: [{ notificationId: exampleId, status: "received" }] },
            },
            actioned: {
              summary: "A notification acted upon, with the case opened",
              value: {
                receipts: [{ notificationId: exampleId, status: "actioned", reference: "КУИ 2026-0113" }],
              },
            },
          },
        },
      },
    },
    responses: {
      ...sharedErrorResponses("receipts"),
      "200": {
        description:
          "Every acknowledgement is recorded, now (`recorded`) or earlier (`unchanged`); each result says when the unit first acknowledged the notification and, once actioned, when and with what reference.",
        content: { "application/json": { schema: receiptsRecordedBodySchema } },
      },
      "403": {
        description:
          "A notification was not routed to the calling unit (`receipt.forbidden`; `details` has one `receipt.not-routed` per such notification), or the caller is not a unit role of this deployment (`caller.unknown`). API Gateway answers a request whose signature is wrong or expired with 403 `access.denied`, and an unsigned one with 404 `route.unknown`.",
        content: errorContent({
          requestId,
          error: {
            code: "receipt.forbidden",
            message: "Some of these notifications were not routed to the calling unit.",
            details: [
              {
                path: "/receipts/0/notificationId",
                code: "receipt.not-routed",
                message: "This notification was not routed to `migration-service`.",
              },
            ],
          },
        }),
      },
      "404": {
        description:
          "A notification id is not stored in this deployment, or has expired (`notification.unknown`; one detail per such id). Nothing was recorded.",
        content: errorContent(),
      },
      "422": {
        description:
          "Nothing was recorded: the body breaks the receipts contract (`contract.invalid`; `details` lists every bad field as a JSON pointer with a stable code).",
        content: errorContent(),
      },
    },
  };
}
