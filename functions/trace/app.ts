import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import type { TraceBody } from "../../shared/api/trace.ts";
import type { DeploymentId } from "../../shared/domain/catalogue/index.ts";
import { NotificationNotFoundError } from "../../shared/domain/errors.ts";
import { type UnitCallerEvent, unitCaller } from "../../shared/http/iam-caller.ts";
import { jsonApiHandler } from "../../shared/http/json-api.ts";
import { jsonResponse, requestIdOf } from "../../shared/http/middlewares.ts";
import { TRACE_PARAMETERS, TRACE_PATHS } from "../../shared/wiring/trace-route.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type TraceDependencies, type TraceTarget, traceNotification } from "./trace-notification.ts";

export interface TraceHandlerDependencies extends TraceDependencies, Observability {
  readonly deployment: DeploymentId;
}

/** The notification a request names, by the route it came in on. */
function targetOf(event: UnitCallerEvent): TraceTarget {
  const parameters = event.pathParameters ?? {};
  if (event.resource === TRACE_PATHS.byRecord) {
    const system = parameters[TRACE_PARAMETERS.source];
    const recordId = parameters[TRACE_PARAMETERS.recordId];
    if (system === undefined || recordId === undefined)
      throw new NotificationNotFoundError("named by this path");
    return { by: "record", system, recordId };
  }
  const id = parameters[TRACE_PARAMETERS.id];
  if (id === undefined) throw new NotificationNotFoundError("named by this path");
  return { by: "id", id };
}

/**
 * `GET /v1/notifications/{id}/trace` and `GET /v1/records/{source}/{recordId}/trace`, after API
 * Gateway's IAM authorization: normalise headers → a unit's role of this deployment (403) → the
 * notification (404) → a unit that may follow it (403) → read (503 when the store cannot be read) →
 * 200 with the trace.
 */
export function createTraceHandler(deps: TraceHandlerDependencies) {
  const { logger } = deps;
  return (
    jsonApiHandler(deps)
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      // Invoked with API Gateway's event; `unitCaller` has added `caller`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const trace = await traceNotification(event.caller, targetOf(event), deps);
        logger.info("trace read", { notificationId: trace.notification.id, units: trace.units.length });
        const body: TraceBody = { requestId: requestIdOf(event, context), trace };
        return jsonResponse(200, body);
      })
  );
}
