import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import { unitCaller } from "../../shared/http/iam-caller.ts";
import { acceptedResponse, jsonApiHandler } from "../../shared/http/json-api.ts";
import {
  bodySizeLimit,
  parseJsonBody,
  requestIdOf,
  requireJsonContentType,
} from "../../shared/http/middlewares.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type AcceptReportsDependencies, acceptReportsRequest } from "./accept-reports-request.ts";

export interface ReportsDependencies extends AcceptReportsDependencies, Observability {}

/**
 * `POST /v1/reports`, after API Gateway's IAM authorization: normalise headers → a unit's role of this
 * deployment (403) → size (413) → content type (415) → JSON (400) → contract, filing unit (403),
 * region, quota (429), normalise and store (422 / 503) → 202.
 */
export function createReportsHandler(deps: ReportsDependencies) {
  const { logger } = deps;
  return (
    jsonApiHandler(deps)
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
      .use(requireJsonContentType())
      .use(parseJsonBody())
      // Invoked with API Gateway's event; the middlewares above have added `caller` and `jsonBody`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const results = await acceptReportsRequest(event.caller, event.jsonBody, deps);
        return acceptedResponse(deps, {
          requestId: requestIdOf(event, context),
          results,
          log: { message: "reports accepted", countKey: "reports" },
        });
      })
  );
}
