/**
 * The units' queries (`GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters`) and the auditor's
 * `GET /v1/audit` in the OpenAPI document: IAM-authorised (SigV4), their parameters taken from the zod
 * schemas the functions parse the query string with, their answers from the response schemas.
 */
import * as z from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  auditAnswerSchema,
  invitersAnswerSchema,
  personsAnswerSchema,
  stayLegalityAnswerSchema,
} from "../../shared/api/responses.ts";
import {
  deployments,
  mayAsk,
  type QueryId,
  queries,
  queryIds,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import {
  AuditUnavailableError,
  QueryForbiddenError,
  QueryParametersError,
  ReadUnavailableError,
} from "../../shared/domain/errors.ts";
import { auditQueryOf, auditQuerySchema } from "../../shared/domain/queries/audit-query.ts";
import { invitersQueryOf, invitersQuerySchema } from "../../shared/domain/queries/inviters.ts";
import { pageQuerySchema } from "../../shared/domain/queries/paging.ts";
import type { Parsed, QueryParameters } from "../../shared/domain/queries/parameters.ts";
import {
  personLookupOf,
  personQuerySchema,
  stayLegalityLookupOf,
  stayLegalityQuerySchema,
} from "../../shared/domain/queries/person-key.ts";
import { refusalOf, STORE_RETRY_AFTER_SECONDS } from "../../shared/http/error-responses.ts";
import { MAX_PURPOSE_LENGTH } from "../../shared/wiring/limits.ts";
import { AUDIT_PATH, PURPOSE_HEADER, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { errorContent, retryAfterHeaders } from "./error-content.ts";

/**
 * Per query: the parameters its function parses (persons: the person and the page), the parser itself
 * (for the 400 example) and its answer.
 */
const queryContracts = {
  persons: {
    parameters: personQuerySchema.extend(pageQuerySchema.shape),
    parse: personLookupOf,
    answer: personsAnswerSchema,
  },
  "stay-legality": {
    parameters: stayLegalityQuerySchema,
    parse: stayLegalityLookupOf,
    answer: stayLegalityAnswerSchema,
  },
  inviters: { parameters: invitersQuerySchema, parse: invitersQueryOf, answer: invitersAnswerSchema },
} as const satisfies Record<
  QueryId,
  { parameters: z.ZodObject; parse: (raw: QueryParameters) => Parsed<unknown>; answer: z.ZodType }
>;

/** The purpose header, a new schema each call so none is shared between operations. */
const purposeHeaders = () =>
  z.object({
    [PURPOSE_HEADER]: z.string().min(1).max(MAX_PURPOSE_LENGTH).meta({
      description:
        "Why the hub is asked: a case or matter reference and a few words. Required; stored in the audit record of the query.",
      example: "КУИ 2511-004213: проверка по заявлению",
    }),
  });

function pascal(id: string): string {
  return id
    .split("-")
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join("");
}

function code(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(", ");
}

const EXAMPLE_REQUEST_ID = "c5a1d2b4-7e8f-4a6b-9c0d-1e2f3a4b5c6d";

/** An error body exactly as the hub answers `error` (the one mapping of shared/http/error-responses.ts). */
function answeredAs(error: Error): unknown {
  const refusal = refusalOf(error);
  if (refusal === undefined) throw new Error(`${error.name} is not answered as a refusal`);
  return {
    requestId: EXAMPLE_REQUEST_ID,
    error: { code: refusal.code, message: refusal.message, details: refusal.details },
  };
}

/** The parameter errors of a query string, as the query's own parser reports them. */
function parameterErrorsOf(parsed: Parsed<unknown>): unknown {
  return answeredAs(new QueryParametersError(parsed.ok ? [] : parsed.errors));
}

const purposeProblems = `\`${PURPOSE_HEADER}\` is missing or blank (\`purpose.missing\`), longer than ${MAX_PURPOSE_LENGTH} characters (\`purpose.too-long\`) or not one line (\`purpose.invalid\`)`;

const retryLater = (what: string) => ({
  description: `${what} Nothing was answered: ask again after Retry-After seconds.`,
  headers: retryAfterHeaders(String(STORE_RETRY_AFTER_SECONDS)),
  content: errorContent(answeredAs(new ReadUnavailableError({ cause: undefined }))),
});

function queryOperation(id: QueryId): ZodOpenApiOperationObject {
  const definition = queries[id];
  const contract = queryContracts[id];
  const refusedUnit = unitIds.find((unit) => !mayAsk(unit, id));
  return {
    operationId: `get${pascal(id)}`,
    tags: ["queries"],
    summary: definition.title.en,
    description: [
      `${definition.description} (Rules art. ${definition.articles.join(", ")}.)`,
      "",
      `Who may ask: ${code(definition.askers)}. Every unit role of the deployment reaches the function; any other unit is refused (403) and the refusal is audited.`,
      "",
      `Every query is audited before it is answered: who asked (the unit and the officer, from the IAM caller), when, why (\`${PURPOSE_HEADER}\`), its parameters and the notifications the answer names. When the audit record cannot be written, the query fails unanswered.`,
    ].join("\n"),
    security: [{ sigv4: [] }],
    requestParams: { query: contract.parameters, header: purposeHeaders() },
    responses: {
      "200": {
        description: "The answer, with the id of its audit record.",
        content: { "application/json": { schema: contract.answer } },
      },
      "400": {
        description: `Nothing was looked up: ${purposeProblems}; or the query string breaks the query's parameters (\`query.invalid\`; \`details\` names each problem at \`/query/<name>\` with a stable code, a repeated parameter as \`query.repeated\`).`,
        content: errorContent(parameterErrorsOf(contract.parse({}))),
      },
      "403": {
        description: `The calling unit may not ask this query (\`query.forbidden\`; only ${code(definition.askers)} may); the refusal is audited. A caller that is not a unit role of this deployment is \`caller.unknown\`. API Gateway answers a request whose signature is wrong or expired, or signed by a role it does not admit, with 403 \`access.denied\`, and an unsigned one with 404 \`route.unknown\`.`,
        content: errorContent(
          refusedUnit === undefined ? undefined : answeredAs(new QueryForbiddenError(refusedUnit, id)),
        ),
      },
      "422": {
        description:
          "The answer would rest on more notifications than one query reads, or name more than one audit record holds (`query.too-broad`): nothing was answered, and the refusal is audited. Narrow the query.",
        content: errorContent(),
      },
      "503": {
        ...retryLater(
          "The notification store cannot be read for now (`store.unavailable`), or the query's audit record cannot be written (`audit.unavailable`: no read goes unaudited).",
        ),
        content: errorContent(answeredAs(new AuditUnavailableError({ cause: undefined }))),
      },
    },
  };
}

function auditOperation(): ZodOpenApiOperationObject {
  return {
    operationId: "getAudit",
    tags: ["audit"],
    summary: "Who asked the hub what, when and why",
    description:
      "The audit records of a period, optionally of one unit or about one person, a page at a time. Only the deployment's auditor role may call it; reading the audit log is not itself audited as a query.",
    security: [{ sigv4: [] }],
    requestParams: { query: auditQuerySchema },
    responses: {
      "200": {
        description: "The records of this page.",
        content: { "application/json": { schema: auditAnswerSchema } },
      },
      "400": {
        description:
          "The query string breaks the audit query's parameters (`query.invalid`; `details` names each problem at `/query/<name>` with a stable code).",
        content: errorContent(parameterErrorsOf(auditQueryOf({}, deployments.almaty.timeZone))),
      },
      "403": {
        description:
          "API Gateway answers any caller but the deployment's auditor role with 403 `access.denied`; the function refuses any other caller with 403 `caller.unknown`.",
        content: errorContent(),
      },
      "503": retryLater("The audit table cannot be read for now (`store.unavailable`)."),
    },
  };
}

/** The four GET operations, by path. */
export function queryPaths(): ZodOpenApiPathsObject {
  return {
    ...Object.fromEntries(queryIds.map((id) => [QUERY_PATHS[id], { get: queryOperation(id) }])),
    [AUDIT_PATH]: { get: auditOperation() },
  };
}
