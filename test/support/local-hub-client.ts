import { randomUUID } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type { LocalHub } from "../../local/hub.ts";
import { localCredentials } from "../../local/local-aws.ts";
import type { FeedSourceId, UnitId } from "../../shared/domain/catalogue/index.ts";
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
    async notificationCount(): Promise<number> {
      let count = 0;
      let start: Record<string, never> | undefined;
      do {
        const page = await dynamodb.send(
          new ScanCommand({
            TableName: `order195-hub-${hub.connection.deployment}-notifications`,
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
    /** Receives and deletes up to `max` messages of one unit's queue (one round of receives). */
    async drain(unit: UnitId, rounds = 10): Promise<Message[]> {
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
    },
    close() {
      sqs.destroy();
      dynamodb.destroy();
    },
  };
}
