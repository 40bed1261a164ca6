/**
 * The OpenAPI 3.1 document of the feed API (`POST /v1/feeds/{source}`, one operation per source) and
 * of the units' reports (`POST /v1/reports`, see openapi-reports.ts), generated from the zod contracts
 * and the response schemas, with the samples as examples.
 */
import { readFileSync } from "node:fs";
import * as z from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { acceptedBodySchema } from "../../shared/api/responses.ts";
import {
  type FeedSourceId,
  feedSourceIds,
  feedSources,
  kindsOfFeed,
  kindTexts,
} from "../../shared/domain/catalogue/index.ts";
import { feedContracts, mapFeedRequest } from "../../shared/sources/index.ts";
import { CONTRACT_VERSION, MAX_RECORDS_PER_REQUEST } from "../../shared/sources/kit/envelope.ts";
import { recordKindTables } from "../../shared/sources/record-kinds.ts";
import { RECEIPTS_PATH } from "../../shared/wiring/receipts-route.ts";
import { STATS_PATH } from "../../shared/wiring/stats-route.ts";
import { errorContent, sharedErrorResponses } from "./error-content.ts";
import { queryPaths } from "./openapi-queries.ts";
import { receiptsOperation } from "./openapi-receipts.ts";
import { reportsOperation, sigv4SecurityScheme } from "./openapi-reports.ts";
import { statsOperation } from "./openapi-stats.ts";

const fixturesRoot = new URL("../../samples/feeds/", import.meta.url);

function fixture(source: FeedSourceId, name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${source}/${name}.json`, fixturesRoot), "utf8"));
}

const signatureHeaders = z.object({
  "webhook-id": z.string().min(1).max(256).meta({
    description:
      "Unique id of this delivery (Standard Webhooks). A retry of the same request reuses it; the hub uses it as a request-level deduplication key.",
    example: "msg_2f1c9a4e7b3d4c0a9e51",
  }),
  "webhook-timestamp": z
    .string()
    .regex(/^\d{1,12}$/)
    .meta({
      description:
        "When the request was signed, in Unix seconds; must be within ±5 minutes of the hub's clock.",
      example: "1744709897",
    }),
  "webhook-signature": z
    .string()
    .regex(/^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$/)
    .meta({
      description:
        "Space-separated list of `v1,<base64 of HMAC-SHA256>` signatures of `{webhook-id}.{webhook-timestamp}.{raw body}`; during a key rotation, sign with each active key.",
      example: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }),
});

/** A 422 body exactly as the hub answers a record with a wrong IIN check digit (from the fixtures). */
function contractErrorExample(): unknown {
  const body = fixture("kqp", "registration.migration") as { records: Array<{ host: { iin: string } }> };
  const [record] = body.records;
  if (record !== undefined) record.host.iin = "881102402171";
  const mapping = mapFeedRequest("kqp", body, {
    deployment: "almaty",
    receivedAt: new Date("2025-06-02T09:00:00.000Z"),
    newId: () => "01JWT00000000000000000000",
  });
  return {
    requestId: "c5a1d2b4-7e8f-4a6b-9c0d-1e2f3a4b5c6d",
    error: {
      code: "contract.invalid",
      message: "The request does not match the feed contract.",
      details: mapping.ok ? [] : mapping.errors,
    },
  };
}

function recordTypesText(source: FeedSourceId): string {
  return Object.entries(recordKindTables[source])
    .map(([recordType, rule]) =>
      typeof rule === "string"
        ? `- \`${recordType}\` → \`${rule}\``
        : `- \`${recordType}\` → by \`${rule.field}\`: ${Object.entries(rule.kinds)
            .map(([value, kind]) => `\`${value}\` → \`${kind}\``)
            .join(", ")}`,
    )
    .join("\n");
}

function operationOf(source: FeedSourceId): ZodOpenApiOperationObject {
  const examples = Object.fromEntries([
    ...kindsOfFeed(source).map((kind) => [
      kind,
      { summary: `One record: ${kindTexts[kind].title.en}`, value: fixture(source, kind) },
    ]),
    ["multi-record", { summary: "Several records in one request", value: fixture(source, "multi-record") }],
  ]);
  return {
    operationId: `post${source.charAt(0).toUpperCase()}${source.slice(1)}Feed`,
    tags: ["feeds"],
    summary: `Send records of ${feedSources[source].name.en}`,
    description: [
      `Contract v${CONTRACT_VERSION} of the \`${source}\` feed: 1 to ${MAX_RECORDS_PER_REQUEST} records, all accepted or none.`,
      "Record types and the notification kind each yields:",
      "",
      recordTypesText(source),
    ].join("\n"),
    requestParams: { header: signatureHeaders },
    requestBody: {
      required: true,
      content: { "application/json": { schema: feedContracts[source], examples } },
    },
    responses: {
      ...sharedErrorResponses("records"),
      "202": {
        description:
          "Every record is durably stored, now (`stored`) or by an earlier request with the same recordId (`duplicate`); each gets its notification id.",
        content: { "application/json": { schema: acceptedBodySchema } },
      },
      "401": {
        description:
          "The signature headers are missing (`signature.missing`), the timestamp is not Unix seconds (`signature.timestamp`) or more than 5 minutes off (`signature.expired`), or no signature matches an active key of the source (`signature.invalid`).",
        content: errorContent(),
      },
      "404": {
        description:
          "No such feed source (`source.unknown`): the path names a source other than kqp, burkit, bil.",
        content: errorContent(),
      },
      "422": {
        description:
          "Nothing was stored: the body breaks the feed contract (`contract.invalid`; `details` lists every bad field of every record as a JSON pointer with a stable code), or a record belongs to another deployment (`region.mismatch`, naming the right one).",
        content: errorContent(contractErrorExample()),
      },
      "429": {
        description:
          "Too many requests for this source's usage plan; retry later with the same webhook-id and body.",
        content: errorContent(),
      },
    },
  };
}

const description = `Upstream systems (КҚП АЖ, «Бүркіт», «БИЛ» ААЖ) push records to the hub of the deployment where
they happened (one hub per region, plus the Transport Police Department for transport-related
records); the hub turns each into a canonical notification for the police units of Order No. 195.

**Signing (Standard Webhooks).** Each source has its own secret(s) \`whsec_<base64>\`. Sign
\`{webhook-id}.{webhook-timestamp}.{raw body}\` with HMAC-SHA256 and send \`webhook-signature: v1,<base64>\`
(several space-separated signatures while keys rotate). The timestamp must be within 5 minutes of the
hub's clock. Retries reuse the same \`webhook-id\` and body.

**Idempotence.** The hub stores each (source, recordId) once: resending a record gives \`duplicate\`
with the same notification id.

**Units' reports.** The units file their own reports with \`POST /v1/reports\`, signed with AWS
Signature Version 4 by the unit's IAM role (\`sigv4\`); the caller, never the body, says who filed them.

**Receipts.** A unit acknowledges each notification routed to it with \`POST /v1/receipts\`
(\`received\`, or \`actioned\` with a reference), signed the same way; one it has not acknowledged by its
kind's deadline is escalated to the region's duty unit and imc, then to kpd.

**Queries and the audit log.** The units ask the hub with \`GET /v1/persons\`, \`/v1/stay-legality\`
and \`/v1/inviters\`, signed the same way and stating their purpose in \`x-hub-purpose\`; every query
is audited before it is answered. The deployment's auditor role reads who asked what with
\`GET /v1/audit\`.

**Statistics.** The units that analyse the exchange read its counts per kind, unit, month and
citizenship with \`GET /v1/stats\`, signed the same way.

**Errors.** Every non-2xx answer has the same body (\`ErrorBody\`); \`details\` lists field errors as
JSON pointers into the request body with stable codes; messages never repeat the values sent.`;

/** The OpenAPI 3.1 document of the feed API as pretty JSON (2 spaces, trailing newline). */
export function renderOpenApi(): string {
  const paths: ZodOpenApiPathsObject = {
    ...Object.fromEntries(
      feedSourceIds.map((source) => [`/v1/feeds/${source}`, { post: operationOf(source) }]),
    ),
    "/v1/reports": { post: reportsOperation() },
    [RECEIPTS_PATH]: { post: receiptsOperation() },
    ...queryPaths(),
    [STATS_PATH]: { get: statsOperation() },
  };
  const document = createDocument({
    openapi: "3.1.0",
    info: { title: "Order No. 195 hub — feed and report API", version: CONTRACT_VERSION, description },
    tags: [
      { name: "feeds", description: "Upstream feeds: one operation per source" },
      { name: "reports", description: "The units' own reports, IAM-authorised" },
      {
        name: "receipts",
        description: "The units' acknowledgements of what they received, IAM-authorised, with deadlines",
      },
      {
        name: "queries",
        description: "The units' questions to the hub (art. 11.8, 11.9), IAM-authorised, each audited",
      },
      {
        name: "audit",
        description: "Who asked the hub what: the auditor's reading of the audit log, IAM-authorised",
      },
      {
        name: "statistics",
        description:
          "Counts of the exchange per kind, unit, month and citizenship (art. 6.1, 10.3), IAM-authorised",
      },
    ],
    paths,
    components: { securitySchemes: { sigv4: sigv4SecurityScheme } },
  });
  return `${JSON.stringify(document, null, 2)}\n`;
}
