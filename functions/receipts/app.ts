import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import type { ReceiptsRecordedBody } from "../../shared/api/receipts.ts";
import type { DeploymentId } from "../../shared/domain/catalogue/index.ts";
import { unitCaller } from "../../shared/http/iam-caller.ts";
import { jsonApiHandler } from "../../shared/http/json-api.ts";
import {
  bodySizeLimit,
  jsonResponse,
  parseJsonBody,
  requestIdOf,
  requireJsonContentType,
} from "../../shared/http/middlewares.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type RecordReceiptsDependencies, recordReceipts } from "./record-receipts.ts";

export interface ReceiptsDependencies extends RecordReceiptsDependencies, Observability {
  readonly deployment: DeploymentId;
}

/**
 * `POST /v1/receipts`, after API Gateway's IAM authorization: normalise headers → a unit's role of
 * this deployment (403) → size (413) → content type (415) → JSON (400) → contract (422), each
 * notification stored (404) and routed to the caller's unit (403), recorded (503) → 200.
 */
export function createReceiptsHandler(deps: ReceiptsDependencies) {
  const { logger } = deps;
  return (
    jsonApiHandler(deps)
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(bodySizeLimit({ maxBytes: MAX_BODY_BYTES }))
      .use(requireJsonContentType())
      .use(parseJsonBody())
      // Invoked with API Gateway's event; the middlewares above have added `caller` and `jsonBody`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const results = await recordReceipts(event.caller, event.jsonBody, deps);
        const recorded = results.filter((result) => result.outcome === "recorded").length;
        logger.info("receipts recorded", { receipts: results.length, recorded });
        const body: ReceiptsRecordedBody = { requestId: requestIdOf(event, context), results };
        return jsonResponse(200, body);
      })
  );
}
