import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import type { AuditAnswer } from "../../shared/api/responses.ts";
import { auditorCaller } from "../../shared/http/iam-caller.ts";
import { jsonApiHandler } from "../../shared/http/json-api.ts";
import { jsonResponse, requestIdOf } from "../../shared/http/middlewares.ts";
import { singleQueryParameters } from "../../shared/http/query-request.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type ReadAuditDependencies, readAudit } from "./read-audit.ts";

export interface AuditDependencies extends ReadAuditDependencies, Observability {}

/**
 * `GET /v1/audit`, after API Gateway's IAM authorization: normalise headers → the deployment's auditor
 * role (403) → parameters, each once (400) → the records, a page at a time → 200.
 */
export function createAuditHandler(deps: AuditDependencies) {
  const { logger } = deps;
  return (
    jsonApiHandler(deps)
      .use(auditorCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(singleQueryParameters())
      // Invoked with API Gateway's event; the middlewares above have added `auditor` and `queryParameters`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const page = await readAudit(event.queryParameters, deps);
        logger.info("audit read", { records: page.records.length });
        const body: AuditAnswer = {
          requestId: requestIdOf(event, context),
          records: [...page.records],
          ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
        };
        return jsonResponse(200, body);
      })
  );
}
