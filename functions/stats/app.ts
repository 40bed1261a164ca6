import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import { unitCaller } from "../../shared/http/iam-caller.ts";
import { jsonApiHandler } from "../../shared/http/json-api.ts";
import { jsonResponse } from "../../shared/http/middlewares.ts";
import { singleQueryParameters } from "../../shared/http/query-request.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { readStatistics, type StatsDependencies } from "./read-statistics.ts";

export interface StatsHandlerDependencies extends StatsDependencies, Observability {}

/**
 * `GET /v1/stats`, after API Gateway's IAM authorization: normalise headers → a unit's role of this
 * deployment (403) → each parameter once (400) → a unit that reads statistics (403) → the period
 * (400) → read the index (503 when it cannot) → 200 with the counts.
 */
export function createStatsHandler(deps: StatsHandlerDependencies) {
  const { logger } = deps;
  return (
    jsonApiHandler(deps)
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(singleQueryParameters())
      // Invoked with API Gateway's event; the middlewares above have added `caller` and `queryParameters`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event) => {
        const report = await readStatistics(event.caller, event.queryParameters, deps);
        logger.info("statistics read", {
          by: report.by,
          months: report.months.length,
          rows: report.rows.length,
        });
        return jsonResponse(200, report);
      })
  );
}
