import type * as z from "zod";
import {
  type AuditAnswer,
  auditAnswerSchema,
  type InvitersAnswer,
  invitersAnswerSchema,
  type PersonsAnswer,
  personsAnswerSchema,
  type StayLegalityAnswer,
  stayLegalityAnswerSchema,
} from "../shared/api/responses.ts";
import type { QueryId } from "../shared/domain/catalogue/index.ts";
import { AUDIT_PATH, PURPOSE_HEADER, QUERY_PATHS } from "../shared/wiring/query-routes.ts";
import { type HubResponse, readHubResponse } from "./hub-response.ts";
import { type SignedApiTarget, signApiRequest } from "./signed-request.ts";

/** Query-string parameters; an absent one is not sent. */
export type RequestParameters = Readonly<Record<string, string | undefined>>;

/** Each query's answer on 200, as its response schema words it. */
export interface QueryAnswerBodies {
  readonly persons: PersonsAnswer;
  readonly "stay-legality": StayLegalityAnswer;
  readonly inviters: InvitersAnswer;
}

const answerSchemas: { readonly [Q in QueryId]: z.ZodType<QueryAnswerBodies[Q]> } = {
  persons: personsAnswerSchema,
  "stay-legality": stayLegalityAnswerSchema,
  inviters: invitersAnswerSchema,
};

/** A SigV4-signed `GET` of `path` (from the API's root, with its leading slash), read as the hub answers. */
async function signedGet<Answer>(
  target: SignedApiTarget,
  path: string,
  parameters: RequestParameters,
  schema: z.ZodType<Answer>,
  headers: Readonly<Record<string, string>> = {},
): Promise<HubResponse<Answer>> {
  // Percent-encoded throughout (a space as %20, not URLSearchParams' "+"), as SigV4 canonicalises a query.
  const search = Object.entries(parameters)
    .flatMap(([name, value]) =>
      value === undefined ? [] : [`${encodeURIComponent(name)}=${encodeURIComponent(value)}`],
    )
    .join("&");
  const signed = await signApiRequest(target, {
    method: "GET",
    path: `${path.slice(1)}${search === "" ? "" : `?${search}`}`,
    headers,
  });
  const response = await fetch(signed.url, { method: "GET", headers: signed.headers });
  return readHubResponse(response, schema, 200);
}

/**
 * Asks `query` as the unit whose role session `target` signs with. The purpose travels percent-encoded:
 * header values are Latin-1 bytes, and a case reference may be written in Cyrillic.
 */
export function askQuery<Q extends QueryId>(
  target: SignedApiTarget,
  query: Q,
  parameters: RequestParameters,
  purpose: string,
): Promise<HubResponse<QueryAnswerBodies[Q]>> {
  return signedGet(target, QUERY_PATHS[query], parameters, answerSchemas[query], {
    [PURPOSE_HEADER]: encodeURIComponent(purpose),
  });
}

/** Reads the audit log (`GET /v1/audit`) as the auditor whose role session `target` signs with. */
export function readAuditLog(
  target: SignedApiTarget,
  parameters: RequestParameters,
): Promise<HubResponse<AuditAnswer>> {
  return signedGet(target, AUDIT_PATH, parameters, auditAnswerSchema);
}
