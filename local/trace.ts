/**
 * The trace on the local hub: the real trace handler behind its two routes (rows of the gateway's
 * table), with one thing the deployed function does not do: it looks into the units' dead-letter
 * queues, which the local hub can read without touching what the units read (on AWS, the function
 * has no right to any queue).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { createTraceHandler } from "../functions/trace/app.ts";
import type { DeadLetterCheck } from "../functions/trace/trace-notification.ts";
import { DynamoTraceStore } from "../shared/adapters/dynamodb/trace-store.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import type { DeploymentId, ExtraSubscriptions, UnitId } from "../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../shared/domain/receipts/index.ts";
import { TRACE_PATHS } from "../shared/wiring/trace-route.ts";
import type { GatewayRoute, IamAuthorizer, ProxyHandler } from "./http-gateway.ts";

export interface LocalTraceSettings {
  readonly deployment: DeploymentId;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly extraSubscriptions: ExtraSubscriptions;
  /** The checker's deadlines (compressed in tests as the checker's are), so that both say the same. */
  readonly deadlines: ReceiptDeadlines;
  readonly sqs: SQSClient;
  /** Each unit's dead-letter queue. */
  readonly deadLetterQueues: Partial<Record<UnitId, string>>;
}

/** Messages looked at per dead-letter queue, at most: the local hub's queues are small. */
const MAX_MESSAGES_LOOKED_AT = 1_000;
/** Long enough to page through a queue; the messages are made visible again at once afterwards. */
const PEEK_VISIBILITY_SECONDS = 10;

/** Whether a queue holds an event of the notification, leaving every message as it was found. */
async function queueHolds(sqs: SQSClient, queueUrl: string, notificationId: string): Promise<boolean> {
  const seen: Message[] = [];
  for (;;) {
    const page = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: PEEK_VISIBILITY_SECONDS,
      }),
    );
    const messages = page.Messages ?? [];
    seen.push(...messages);
    if (messages.length === 0 || seen.length >= MAX_MESSAGES_LOOKED_AT) break;
  }
  for (let start = 0; start < seen.length; start += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: seen.slice(start, start + 10).map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
  return seen.some((message) => {
    try {
      return (JSON.parse(message.Body ?? "") as { detail?: { id?: unknown } }).detail?.id === notificationId;
    } catch {
      return false;
    }
  });
}

/** The units whose dead-letter queue holds an event of the notification (both EventBridge's and SQS's dead letters are the event). */
export function localDeadLetterCheck(
  sqs: SQSClient,
  deadLetterQueues: Partial<Record<UnitId, string>>,
): DeadLetterCheck {
  return {
    async unitsHolding(notificationId, units) {
      const holding = await Promise.all(
        units.map(async (unit) => {
          const url = deadLetterQueues[unit];
          return url !== undefined && (await queueHolds(sqs, url, notificationId)) ? [unit] : [];
        }),
      );
      return new Set(holding.flat());
    },
  };
}

/** The trace function, wired as its Lambda entry point wires it, plus the dead-letter check. */
export function localTraceHandler(settings: LocalTraceSettings): ProxyHandler {
  const { logger, metrics } = createObservability("trace");
  return createTraceHandler({
    deployment: settings.deployment,
    extraSubscriptions: settings.extraSubscriptions,
    deadlines: settings.deadlines,
    store: new DynamoTraceStore(settings.dynamodb, settings.tableName),
    deadLetters: localDeadLetterCheck(settings.sqs, settings.deadLetterQueues),
    now: () => new Date(),
    logger,
    metrics,
  });
}

/** The trace routes of the gateway's table, both IAM-authorised, both to the trace function. */
export function traceRoutes(handler: ProxyHandler, authorize: IamAuthorizer): GatewayRoute[] {
  return Object.values(TRACE_PATHS).map((resource) => ({
    method: "GET",
    resource,
    functionName: "trace",
    handler,
    authorize,
  }));
}
