/**
 * The units' queries and the auditor's reads on the local hub: the real queries and audit handlers on
 * the notification table and the audit table (created from the template), each route a row of the
 * gateway's table behind IAM authorization.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createAuditHandler } from "../functions/audit/app.ts";
import { createQueriesHandler } from "../functions/queries/app.ts";
import { DynamoAuditLog, DynamoAuditReader } from "../shared/adapters/dynamodb/audit-log.ts";
import { DynamoQueryReads } from "../shared/adapters/dynamodb/query-reads.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import { type DeploymentId, queryIds } from "../shared/domain/catalogue/index.ts";
import { newNotificationId } from "../shared/ids.ts";
import { AUDIT_PATH, QUERY_PATHS } from "../shared/wiring/query-routes.ts";
import type { GatewayRoute, IamAuthorizer, ProxyHandler } from "./http-gateway.ts";

interface LocalQueriesSettings {
  readonly deployment: DeploymentId;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly auditTableName: string;
  readonly auditRetentionDays: number;
}

export interface QueryHandlers {
  readonly queries: ProxyHandler;
  readonly audit: ProxyHandler;
}

/** The queries and audit handlers, wired as their Lambda entry points wire them, to this hub's tables. */
export function localQueryHandlers(settings: LocalQueriesSettings): QueryHandlers {
  const { deployment, dynamodb } = settings;
  const queriesObservability = createObservability("queries");
  const auditObservability = createObservability("audit");
  return {
    queries: createQueriesHandler({
      deployment,
      reads: new DynamoQueryReads(dynamodb, settings.tableName, deployment),
      audit: new DynamoAuditLog(dynamodb, settings.auditTableName, settings.auditRetentionDays),
      now: () => new Date(),
      newAuditId: newNotificationId,
      logger: queriesObservability.logger,
      metrics: queriesObservability.metrics,
    }),
    audit: createAuditHandler({
      deployment,
      reader: new DynamoAuditReader(dynamodb, settings.auditTableName),
      logger: auditObservability.logger,
      metrics: auditObservability.metrics,
    }),
  };
}

/** `GET` of each query to the queries function, `GET /v1/audit` to the audit function; all IAM-authorised. */
export function queryRoutes(handlers: QueryHandlers, authorize: IamAuthorizer): GatewayRoute[] {
  return [
    ...queryIds.map(
      (query): GatewayRoute => ({
        method: "GET",
        resource: QUERY_PATHS[query],
        functionName: "queries",
        handler: handlers.queries,
        authorize,
      }),
    ),
    { method: "GET", resource: AUDIT_PATH, functionName: "audit", handler: handlers.audit, authorize },
  ];
}
