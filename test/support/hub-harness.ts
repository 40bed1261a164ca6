import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { inject } from "vitest";
import { createIngestHandler } from "../../functions/ingest/app.ts";
import { feedRequestEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { LOCAL_REGION, localCredentials } from "../../local/local-aws.ts";
import { createTableFromTemplate } from "../../local/notification-table.ts";
import {
  DynamoNotificationStore,
  type NotificationStore,
} from "../../shared/adapters/dynamodb/notification-store.ts";
import type { DeploymentId, FeedSourceId } from "../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { newNotificationId } from "../../shared/ids.ts";

export { LOCAL_REGION };

export function testKey(): string {
  return `whsec_${Buffer.from(randomUUID() + randomUUID()).toString("base64")}`;
}

export function dynamoDbClient(endpoint = inject("dynamodbEndpoint")): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials,
    maxAttempts: 2,
  });
}

/** A fresh notification table on DynamoDB Local, as the template declares it, unique to the calling test. */
export async function freshTable(client: DynamoDBClient): Promise<string> {
  const tableName = `notifications-${randomUUID().slice(0, 8)}`;
  await createTableFromTemplate(client, inject("notificationTable"), tableName);
  return tableName;
}

export interface IngestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
  readonly raw: APIGatewayProxyResult;
}

export interface IngestHarnessOptions {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly deployment?: DeploymentId;
  readonly keys?: Partial<Record<FeedSourceId, string[]>>;
  readonly store?: NotificationStore;
  readonly retentionDays?: number;
  readonly logger?: Logger;
}

/** The real ingest handler (middy chain, store on DynamoDB Local), invoked as API Gateway would. */
export function ingestHarness(options: IngestHarnessOptions) {
  const keys = options.keys ?? { kqp: [testKey()], burkit: [testKey()], bil: [testKey()] };
  const handler = createIngestHandler({
    deployment: options.deployment ?? "almaty",
    store:
      options.store ??
      new DynamoNotificationStore(options.client, options.tableName, options.retentionDays ?? 30),
    keyring: { keysFor: async (source) => keys[source] ?? [] },
    now: () => new Date(),
    newId: newNotificationId,
    logger: options.logger ?? new Logger({ serviceName: "ingest-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "ingest-test" }),
  });

  async function invoke(
    source: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<IngestResponse> {
    const raw = (await handler(
      feedRequestEvent(source, body, headers),
      localLambdaContext("ingest"),
    )) as APIGatewayProxyResult;
    return {
      status: raw.statusCode,
      headers: (raw.headers ?? {}) as Record<string, string>,
      body: JSON.parse(raw.body) as Record<string, unknown>,
      raw,
    };
  }

  return {
    keys,
    invoke,
    /** Signs with the source's first key, as its upstream system would. */
    send(
      source: FeedSourceId,
      payload: unknown,
      extra: { id?: string; timestamp?: Date; key?: string } = {},
    ) {
      const body = typeof payload === "string" ? payload : JSON.stringify(payload);
      const key = extra.key ?? keys[source]?.[0] ?? testKey();
      const signature = signWebhook(key, body, {
        id: extra.id ?? `msg_${randomUUID()}`,
        timestamp: extra.timestamp,
      });
      return invoke(source, body, { "Content-Type": "application/json", ...signature });
    },
  };
}
