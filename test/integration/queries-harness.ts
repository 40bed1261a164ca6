/**
 * The real queries and audit handlers (middy chains, readers and audit log on DynamoDB Local), invoked
 * with the events API Gateway hands over after IAM authorization. Notifications are stored through the
 * real store adapter; the tables are the template's.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { inject } from "vitest";
import { createAuditHandler } from "../../functions/audit/app.ts";
import { createQueriesHandler } from "../../functions/queries/app.ts";
import { signedGetEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { createTableFromTemplate } from "../../local/notification-table.ts";
import {
  type AuditLog,
  DynamoAuditLog,
  DynamoAuditReader,
} from "../../shared/adapters/dynamodb/audit-log.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoQueryReads } from "../../shared/adapters/dynamodb/query-reads.ts";
import { type ErrorBody, errorBodySchema } from "../../shared/api/responses.ts";
import type { QueryId, UnitId } from "../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { AUDIT_PATH, PURPOSE_HEADER, QUERY_PATHS } from "../../shared/wiring/query-routes.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { roleSession } from "../support/reports-harness.ts";

/** A fresh audit table on DynamoDB Local, as the template declares it. */
export async function freshAuditTable(client: DynamoDBClient): Promise<string> {
  const tableName = `audit-${randomUUID().slice(0, 8)}`;
  await createTableFromTemplate(client, inject("auditTable"), tableName);
  return tableName;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The parsed body of a 200. */
  readonly body: unknown;
  /** The hub's error, for any other status. */
  readonly error: ErrorBody["error"] | undefined;
}

export interface QueriesHarnessOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly auditTableName: string;
  /** Instead of the audit log on the table: a fault to inject. */
  readonly audit?: AuditLog;
  readonly now?: () => Date;
}

const deployment = "almaty";
/** Notifications outlive any test: the factories date them in the past. */
const RETENTION_DAYS = 3650;

export function queriesHarness(options: QueriesHarnessOptions) {
  // Silent: the fault tests make the handlers log errors on purpose.
  const logger = new Logger({ serviceName: "queries-test", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Order195HubTest", serviceName: "queries-test" });
  const queries = createQueriesHandler({
    deployment,
    reads: new DynamoQueryReads(options.client, options.tableName, deployment),
    audit: options.audit ?? new DynamoAuditLog(options.client, options.auditTableName, 1825),
    now: options.now ?? (() => new Date()),
    newAuditId: newNotificationId,
    logger,
    metrics,
  });
  const audit = createAuditHandler({
    deployment,
    reader: new DynamoAuditReader(options.client, options.auditTableName),
    logger,
    metrics,
  });
  const store = new DynamoNotificationStore(options.client, options.tableName, RETENTION_DAYS);

  async function answerOf(raw: APIGatewayProxyResult): Promise<Answer> {
    const parsed: unknown = JSON.parse(raw.body);
    const ok = raw.statusCode === 200;
    return {
      status: raw.statusCode,
      headers: (raw.headers ?? {}) as Record<string, string>,
      body: ok ? parsed : undefined,
      error: ok ? undefined : errorBodySchema.parse(parsed).error,
    };
  }

  return {
    /** Stores each notification through the real store adapter, as ingest does. */
    async store(...notifications: CanonicalNotification[]): Promise<void> {
      for (const notification of notifications) await store.storeOnce(notification);
    },
    /** `GET` of a query as an officer of `unit`, with a purpose unless it is `null`. */
    async ask(
      query: QueryId,
      unit: UnitId,
      parameters: string,
      request: { purpose?: string | null; officer?: string } = {},
    ): Promise<Answer> {
      const purpose = request.purpose === undefined ? "case 2025-114/7" : request.purpose;
      const caller = roleSession(
        unitRoleName(hubNameOf(deployment), unit),
        request.officer ?? "a.serikbayev",
      );
      const headers: Record<string, string> =
        purpose === null ? {} : { [PURPOSE_HEADER]: encodeURIComponent(purpose) };
      const event = signedGetEvent(QUERY_PATHS[query], parameters, headers, caller);
      return answerOf(await queries(event, localLambdaContext("queries")));
    },
    /** `GET /v1/audit` signed by `roleName` (the auditor's, unless another is given). */
    async readAudit(parameters: string, roleName = auditorRoleName(hubNameOf(deployment))): Promise<Answer> {
      const event = signedGetEvent(AUDIT_PATH, parameters, {}, roleSession(roleName, "k.auditor"));
      return answerOf(await audit(event, localLambdaContext("audit")));
    },
  };
}
