import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import type { AuditLog } from "../../shared/adapters/dynamodb/audit-log.ts";
import type { Observability } from "../../shared/adapters/observed-handler.ts";
import type {
  InvitersAnswer as InvitersBody,
  PersonsAnswer as PersonsBody,
  StayLegalityAnswer as StayLegalityBody,
} from "../../shared/api/responses.ts";
import { type QueryId, queryIds } from "../../shared/domain/catalogue/index.ts";
import { QueryTooBroadError } from "../../shared/domain/errors.ts";
import { HttpError } from "../../shared/http/http-error.ts";
import { unitCaller } from "../../shared/http/iam-caller.ts";
import { jsonApiHandler } from "../../shared/http/json-api.ts";
import { jsonResponse, requestIdOf } from "../../shared/http/middlewares.ts";
import { requirePurpose, singleQueryParameters } from "../../shared/http/query-request.ts";
import { metricNames } from "../../shared/wiring/metrics.ts";
import { QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { type AnswerQueryDependencies, answerQuery, type QueryAnswers } from "./answer-query.ts";

export interface QueriesDependencies extends AnswerQueryDependencies, Observability {}

const queryOfResource: ReadonlyMap<string, QueryId> = new Map(queryIds.map((id) => [QUERY_PATHS[id], id]));

/**
 * `GET /v1/persons`, `/v1/stay-legality`, `/v1/inviters` (one function, routed by the API's resource),
 * after API Gateway's IAM authorization: normalise headers → a unit's role of this deployment (403) →
 * purpose (400) → parameters, each once (400) → the use case: may ask (403), read, audit (503), 200.
 * Logs name the query, the unit and the status, never a parameter or the purpose (personal data).
 */
export function createQueriesHandler(deps: QueriesDependencies) {
  const { logger } = deps;
  const answering = { ...deps, audit: countingFailures(deps.audit, deps) };
  return (
    jsonApiHandler(deps)
      .use(unitCaller({ hubName: hubNameOf(deps.deployment), logger }))
      .use(requirePurpose())
      .use(singleQueryParameters())
      // Invoked with API Gateway's event; the middlewares above have added `caller`, `purpose`, `queryParameters`.
      .handler<APIGatewayProxyEvent, APIGatewayProxyResult>(async (event, context) => {
        const query = queryOfResource.get(event.resource);
        if (query === undefined) throw new HttpError(404, "route.unknown", "No such query.");
        logger.appendKeys({ query });
        const request = { caller: event.caller, purpose: event.purpose, parameters: event.queryParameters };
        const requestId = requestIdOf(event, context);
        const body = bodyOf(query, await answerQuery(query, request, answering), requestId);
        logger.info("query answered", { status: 200 });
        return jsonResponse(200, body);
      })
  );
}

type Answer<Q extends QueryId> = QueryAnswers[Q] & { readonly auditId: string };

function bodyOf<Q extends QueryId>(query: Q, answer: Answer<Q>, requestId: string) {
  return answerBodies[query](answer, requestId);
}

/** Each answer as its response schema (shared/api/responses.ts) words it. */
const answerBodies: { readonly [Q in QueryId]: (answer: Answer<Q>, requestId: string) => unknown } = {
  persons: ({ auditId, persons, nextCursor }, requestId): PersonsBody => ({
    requestId,
    auditId,
    persons: persons.map((person) => ({
      ...person,
      keys: [...person.keys],
      documents: [...person.documents],
      notifications: [...person.notifications],
    })),
    ...(nextCursor === undefined ? {} : { nextCursor }),
  }),
  "stay-legality": (
    { auditId, asOf, verdict, coveredUntil, reasons, evidence },
    requestId,
  ): StayLegalityBody => ({
    requestId,
    auditId,
    asOf,
    verdict,
    ...(coveredUntil === undefined ? {} : { coveredUntil }),
    reasons: [...reasons],
    evidence: [...evidence],
  }),
  inviters: ({ auditId, query, parties, addresses }, requestId): InvitersBody => ({
    requestId,
    auditId,
    from: query.from,
    to: query.to,
    minCount: query.minCount,
    parties: parties.map((party) => ({
      ...party,
      roles: [...party.roles],
      notificationIds: [...party.notificationIds],
    })),
    addresses: addresses.map((address) => ({ ...address, notificationIds: [...address.notificationIds] })),
  }),
};

/** Every audit record that could not be written is counted (alarmed on) and logged without its content. */
function countingFailures(audit: AuditLog, { logger, metrics }: Observability): AuditLog {
  return {
    async write(record) {
      try {
        await audit.write(record);
      } catch (error) {
        if (!(error instanceof QueryTooBroadError)) {
          metrics.addMetric(metricNames.auditWriteFailed, MetricUnit.Count, 1);
          logger.error("audit record not written: the query is not answered", {
            status: record.status,
            error,
          });
        }
        throw error;
      }
    },
  };
}
