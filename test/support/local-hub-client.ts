import { randomUUID } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { signReportsRequest } from "../../cli/reports-client.ts";
import type { LocalHub } from "../../local/hub.ts";
import { localCredentials } from "../../local/local-aws.ts";
import { waitUntil } from "../../local/process-utils.ts";
import { localSessionToken } from "../../local/unit-roles.ts";
import { type FeedSourceId, type UnitId, unitIds } from "../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Talks to a running local hub as its users do: HTTP in, the AWS SDK on the queues and the table. */
export function localHubClient(hub: LocalHub) {
  const aws = { region: hub.connection.region, credentials: localCredentials };
  const sqs = new SQSClient({ ...aws, endpoint: hub.connection.sqsEndpoint });
  const dynamodb = new DynamoDBClient({ ...aws, endpoint: hub.connection.dynamodbEndpoint });

  async function post(path: string, body: string, headers: Record<string, string>): Promise<HttpResult> {
    const response = await fetch(`${hub.connection.apiUrl}${path}`, { method: "POST", headers, body });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Receives and deletes the messages of one unit's queue, up to `rounds` receives of 10. */
  async function drain(unit: UnitId, rounds = 10): Promise<Message[]> {
    const url = hub.connection.queues[unit]?.url;
    if (url === undefined) return [];
    const drained: Message[] = [];
    for (let round = 0; round < rounds; round++) {
      const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
      const messages = page.Messages ?? [];
      if (messages.length === 0) break;
      drained.push(...messages);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    return drained;
  }

  return {
    sqs,
    dynamodb,
    post,
    /** A correctly signed JSON request, as the source's upstream system sends it. */
    sendSigned(
      source: FeedSourceId,
      body: string,
      extraHeaders: Record<string, string> = {},
    ): Promise<HttpResult> {
      const key = hub.connection.secrets[source] ?? "";
      const signature = signWebhook(key, body, { id: `msg_${randomUUID()}` });
      return post(`/v1/feeds/${source}`, body, {
        "content-type": "application/json",
        ...signature,
        ...extraHeaders,
      });
    },
    /**
     * A reports request signed with the unit role's credentials of this run, in a session named after
     * `officer`, at `signedAt` (now unless given), as the CLI signs it; `body` may differ from what was signed.
     */
    async fileReports(
      unit: UnitId,
      signedBody: string,
      options: { officer?: string; signedAt?: Date; body?: string } = {},
    ): Promise<HttpResult> {
      const credentials = hub.connection.credentials[unit];
      if (credentials === undefined) throw new Error(`the hub has no role for ${unit}`);
      const target = {
        apiUrl: hub.connection.apiUrl,
        region: hub.connection.region,
        credentials: { ...credentials, sessionToken: localSessionToken(options.officer ?? "e2e.officer") },
      };
      const { url, headers } = await signReportsRequest(target, signedBody, options.signedAt);
      return post(url.pathname, options.body ?? signedBody, headers);
    },
    async notificationCount(): Promise<number> {
      let count = 0;
      let start: Record<string, never> | undefined;
      do {
        const page = await dynamodb.send(
          new ScanCommand({
            TableName: hub.tableName,
            Select: "COUNT",
            FilterExpression: "sk = :sk",
            ExpressionAttributeValues: { ":sk": { S: "NOTIFICATION" } },
            ExclusiveStartKey: start,
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey as Record<string, never> | undefined;
      } while (start !== undefined);
      return count;
    },
    drain,
    /**
     * Reads every unit queue until each expected notification reached each of its units and the bus
     * is quiet, then once more for strays: per notification, the units it reached, how many times, and
     * the notification as delivered.
     */
    async deliveries(expected: ReadonlyMap<string, readonly UnitId[]>) {
      const seen = new Map<string, Map<UnitId, number>>();
      const delivered = new Map<string, CanonicalNotification>();
      const readAll = async () => {
        const units = unitIds.filter((unit) => hub.connection.queues[unit] !== undefined);
        const drained = await Promise.all(units.map(async (unit) => [unit, await drain(unit)] as const));
        for (const [unit, messages] of drained) {
          for (const message of messages) {
            const notification = (JSON.parse(message.Body ?? "{}") as { detail: CanonicalNotification })
              .detail;
            const perUnit = seen.get(notification.id) ?? new Map<UnitId, number>();
            perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
            seen.set(notification.id, perUnit);
            delivered.set(notification.id, notification);
          }
        }
      };
      await waitUntil(
        async () => {
          await readAll();
          const complete = [...expected].every(([id, units]) =>
            units.every((unit) => seen.get(id)?.has(unit)),
          );
          return complete && hub.deliveriesSettled();
        },
        { timeoutMs: 30_000, what: "every subscribing queue to receive its notifications" },
      );
      await readAll();
      return { seen, delivered };
    },
    close() {
      sqs.destroy();
      dynamodb.destroy();
    },
  };
}
