/**
 * The real reports handler (middy chain, store and quota on DynamoDB Local), invoked with the events
 * API Gateway hands over after IAM authorization: the signer in `requestContext.identity`.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { createReportsHandler } from "../../functions/reports/app.ts";
import { type IamCaller, reportsRequestEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { LOCAL_ACCOUNT } from "../../local/local-aws.ts";
import { assumedRoleCaller, generateRoleCredentials } from "../../local/unit-roles.ts";
import {
  DynamoNotificationStore,
  type NotificationStore,
} from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReportQuota, type ReportQuota } from "../../shared/adapters/dynamodb/report-quota.ts";
import {
  type ErrorBody,
  errorBodySchema,
  type ReportsAcceptedBody,
  reportsAcceptedBodySchema,
} from "../../shared/api/responses.ts";
import type { DeploymentId, UnitId } from "../../shared/domain/catalogue/index.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";

export interface ReportsResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body, when the status is 202 (it must match the response schema). */
  readonly accepted: ReportsAcceptedBody | undefined;
  /** The body's error, for any other status (it must be the hub's error body). */
  readonly error: ErrorBody["error"] | undefined;
}

export interface ReportsHarnessOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly deployment?: DeploymentId;
  readonly reportsPerUnitPerMinute?: number;
  readonly store?: NotificationStore;
  readonly quota?: ReportQuota;
  readonly now?: () => Date;
}

/** What API Gateway reports for a session of `roleName` in `account`, the officer its session name. */
export function roleSession(roleName: string, officer = "a.officer", account = LOCAL_ACCOUNT): IamCaller {
  return assumedRoleCaller({
    account,
    roleName,
    sessionName: officer,
    accessKeyId: generateRoleCredentials().accessKeyId,
  });
}

export function reportsHarness(options: ReportsHarnessOptions) {
  const deployment = options.deployment ?? "almaty";
  const handler = createReportsHandler({
    deployment,
    store: options.store ?? new DynamoNotificationStore(options.client, options.tableName, 30),
    quota:
      options.quota ??
      new DynamoReportQuota(options.client, options.tableName, options.reportsPerUnitPerMinute ?? 10_000),
    now: options.now ?? (() => new Date()),
    newId: newNotificationId,
    logger: new Logger({ serviceName: "reports-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "reports-test" }),
  });

  /** Posts a raw body as `caller`, with `headers` (JSON by default). */
  async function invoke(
    body: string,
    caller: IamCaller,
    headers: Record<string, string> = { "Content-Type": "application/json" },
  ): Promise<ReportsResponse> {
    const raw = (await handler(
      reportsRequestEvent(body, headers, caller),
      localLambdaContext("reports"),
    )) as APIGatewayProxyResult;
    const parsed: unknown = JSON.parse(raw.body);
    const accepted = raw.statusCode === 202;
    return {
      status: raw.statusCode,
      headers: (raw.headers ?? {}) as Record<string, string>,
      accepted: accepted ? reportsAcceptedBodySchema.parse(parsed) : undefined,
      error: accepted ? undefined : errorBodySchema.parse(parsed).error,
    };
  }

  /** The caller an officer of `unit` is: a session of the unit's role of this deployment. */
  const unitSession = (unit: UnitId, officer = `officer-${randomUUID().slice(0, 8)}`) =>
    roleSession(unitRoleName(hubNameOf(deployment), unit), officer);

  return {
    deployment,
    invoke,
    unitSession,
    /** Files a body (JSON) as an officer of `unit`. */
    file(unit: UnitId, payload: unknown, officer?: string) {
      return invoke(JSON.stringify(payload), unitSession(unit, officer));
    },
  };
}
