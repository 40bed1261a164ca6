/**
 * Receipts on the local hub: the real receipts handler (its route is a row of the gateway's table)
 * and the real overdue checker as a scheduled job, on a compressed interval and with deadlines a
 * test may compress too. Every step is the code that runs in AWS; only the clock's scale differs.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createReceiptCheckerHandler } from "../functions/receipt-checker/app.ts";
import { createReceiptsHandler } from "../functions/receipts/app.ts";
import { DynamoNotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import { DynamoNotificationsById } from "../shared/adapters/dynamodb/notifications-by-id.ts";
import { DynamoReceiptCheckerCursor } from "../shared/adapters/dynamodb/receipt-checker-cursor.ts";
import { DynamoDueNotifications } from "../shared/adapters/dynamodb/receipt-due-notifications.ts";
import { DynamoReceiptLedger } from "../shared/adapters/dynamodb/receipt-ledger.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import type { DeploymentId, ExtraSubscriptions } from "../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../shared/domain/receipts/deadlines.ts";
import { newNotificationId } from "../shared/ids.ts";
import type { HubFunctionName } from "../shared/wiring/functions.ts";
import type { ProxyHandler } from "./http-gateway.ts";
import { localLambdaContext } from "./lambda-context.ts";
import type { ScheduledJob } from "./scheduled-jobs.ts";

/** The checker's job name (its trigger: `POST <jobsEndpoint>/jobs/receipt-checker`). */
export const RECEIPT_CHECKER_JOB = "receipt-checker" satisfies HubFunctionName;

/** Locally the checker runs every 5 s instead of every minute. */
export const LOCAL_RECEIPT_CHECK_EVERY_MS = 5_000;

export interface LocalReceiptsOptions {
  /** Deadlines in seconds; default: the deployment configuration's, from the template. */
  readonly deadlines?: ReceiptDeadlines;
  /** How often the checker runs (default {@link LOCAL_RECEIPT_CHECK_EVERY_MS}); `null`: only when triggered. */
  readonly checkEveryMs?: number | null;
}

export interface LocalReceiptsSettings {
  readonly deployment: DeploymentId;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly retentionDays: number;
  readonly extraSubscriptions: ExtraSubscriptions;
  /** The template's deadlines, unless the options compress them. */
  readonly deadlines: ReceiptDeadlines;
}

/** `POST /v1/receipts`, wired as its Lambda entry point wires it. */
export function localReceiptsHandler(
  settings: Pick<LocalReceiptsSettings, "deployment" | "dynamodb" | "tableName" | "extraSubscriptions">,
): ProxyHandler {
  const { logger, metrics } = createObservability("receipts");
  return createReceiptsHandler({
    deployment: settings.deployment,
    extraSubscriptions: settings.extraSubscriptions,
    notifications: new DynamoNotificationsById(settings.dynamodb, settings.tableName),
    ledger: new DynamoReceiptLedger(settings.dynamodb, settings.tableName),
    now: () => new Date(),
    logger,
    metrics,
  });
}

/** The overdue checker as a local job: its input is the event (`{ "recheckFrom": … }` or nothing). */
export function receiptCheckerJob(
  settings: LocalReceiptsSettings,
  options: LocalReceiptsOptions = {},
): ScheduledJob {
  const { logger, metrics } = createObservability(RECEIPT_CHECKER_JOB);
  const { dynamodb, tableName } = settings;
  const handler = createReceiptCheckerHandler({
    deployment: settings.deployment,
    extraSubscriptions: settings.extraSubscriptions,
    deadlines: options.deadlines ?? settings.deadlines,
    cursor: new DynamoReceiptCheckerCursor(dynamodb, tableName),
    due: new DynamoDueNotifications(dynamodb, tableName),
    ledger: new DynamoReceiptLedger(dynamodb, tableName),
    store: new DynamoNotificationStore(dynamodb, tableName, settings.retentionDays),
    now: () => new Date(),
    newId: newNotificationId,
    logger,
    metrics,
  });
  return {
    name: RECEIPT_CHECKER_JOB,
    everyMs:
      options.checkEveryMs === null ? undefined : (options.checkEveryMs ?? LOCAL_RECEIPT_CHECK_EVERY_MS),
    run: (input) => handler(input ?? {}, localLambdaContext(RECEIPT_CHECKER_JOB)),
  };
}
