/**
 * The exchange's statistics (`GET /v1/stats`) in the OpenAPI document: IAM-authorised (SigV4), its
 * parameters the zod schema the function parses the query string with, its answer the report schema.
 */
import type { ZodOpenApiOperationObject } from "zod-openapi";
import { mayReadStatistics, statistics, unitIds } from "../../shared/domain/catalogue/index.ts";
import {
  QueryParametersError,
  ReadUnavailableError,
  StatisticsForbiddenError,
} from "../../shared/domain/errors.ts";
import {
  MAX_STATS_MONTHS,
  statsQueryOf,
  statsQuerySchema,
  statsReportSchema,
} from "../../shared/domain/stats/statistics.ts";
import { refusalOf, STORE_RETRY_AFTER_SECONDS } from "../../shared/http/error-responses.ts";
import { errorContent, retryAfterHeaders } from "./error-content.ts";

/** An error body exactly as the hub answers `error` (the one mapping of shared/http/error-responses.ts). */
function answeredAs(error: Error): unknown {
  const refusal = refusalOf(error);
  if (refusal === undefined) throw new Error(`${error.name} is not answered as a refusal`);
  return {
    requestId: "c5a1d2b4-7e8f-4a6b-9c0d-1e2f3a4b5c6d",
    error: { code: refusal.code, message: refusal.message, details: refusal.details },
  };
}

export function statsOperation(): ZodOpenApiOperationObject {
  const readers = statistics.readers.map((unit) => `\`${unit}\``).join(", ");
  const refusedUnit = unitIds.find((unit) => !mayReadStatistics(unit));
  const parsed = statsQueryOf({ from: "2026-05", to: "2026-04" });
  return {
    operationId: "getStats",
    tags: ["statistics"],
    summary: statistics.title.en,
    description: [
      `${statistics.description} (Rules art. ${statistics.articles.join(", ")}.)`,
      "",
      `Who may read them: ${readers}; the API admits only their roles. Months are read on the deployment's clocks; at most ${MAX_STATS_MONTHS} months per request. Counted from the store's "kind × region × month" index, never a scan: no purpose is asked and nothing is audited, as no personal data is read or answered.`,
    ].join("\n"),
    security: [{ sigv4: [] }],
    requestParams: { query: statsQuerySchema },
    responses: {
      "200": {
        description: "The counts of the period.",
        content: { "application/json": { schema: statsReportSchema } },
      },
      "400": {
        description:
          "The query string breaks the parameters (`query.invalid`; `details` names each problem at `/query/<name>` with a stable code, a repeated parameter as `query.repeated`).",
        content: errorContent(answeredAs(new QueryParametersError(parsed.ok ? [] : parsed.errors))),
      },
      "403": {
        description: `The calling unit may not read the statistics (\`stats.forbidden\`; only ${readers} may). A caller that is not a unit role of this deployment is \`caller.unknown\`; API Gateway answers a role it does not admit with 403 \`access.denied\`.`,
        content: errorContent(
          refusedUnit === undefined ? undefined : answeredAs(new StatisticsForbiddenError(refusedUnit)),
        ),
      },
      "503": {
        description:
          "The notification store cannot be read for now (`store.unavailable`). Nothing was answered: ask again after Retry-After seconds.",
        headers: retryAfterHeaders(String(STORE_RETRY_AFTER_SECONDS)),
        content: errorContent(answeredAs(new ReadUnavailableError({ cause: undefined }))),
      },
    },
  };
}
