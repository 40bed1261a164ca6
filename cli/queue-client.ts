import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { CanonicalNotification } from "../shared/domain/notification.ts";

/** Messages per page: the most one ReceiveMessage returns and one DeleteMessageBatch deletes. */
export const PAGE_SIZE = 10;

/** A message from a unit queue: the EventBridge event whose `detail` is the canonical notification. */
export interface ReceivedNotification {
  readonly message: Message;
  readonly notification: CanonicalNotification;
}

export function notificationOf(message: Message): CanonicalNotification | undefined {
  try {
    const event = JSON.parse(message.Body ?? "") as { detail?: CanonicalNotification };
    return event.detail?.id === undefined ? undefined : event.detail;
  } catch {
    return undefined;
  }
}

export async function receive(
  sqs: SQSClient,
  queueUrl: string,
  waitSeconds: number,
): Promise<ReceivedNotification[]> {
  const page = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: PAGE_SIZE,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ["All"],
    }),
  );
  return (page.Messages ?? []).flatMap((message) => {
    const notification = notificationOf(message);
    return notification === undefined ? [] : [{ message, notification }];
  });
}

/** A message SQS did not delete: it is not lost, it reappears once its visibility timeout ends. */
export interface UndeletedMessage {
  readonly messageId: string;
  readonly code: string;
  readonly reason: string;
}

/**
 * Deletes a received page (at most PAGE_SIZE messages) with one DeleteMessageBatch instead of a
 * DeleteMessage each, and returns the entries SQS failed. A request SQS refuses as a whole throws.
 */
export async function deletePage(
  sqs: SQSClient,
  queueUrl: string,
  page: readonly Message[],
): Promise<UndeletedMessage[]> {
  const entries = page.flatMap((message, index) =>
    message.ReceiptHandle === undefined ? [] : [{ Id: String(index), ReceiptHandle: message.ReceiptHandle }],
  );
  if (entries.length === 0) return [];
  const { Failed = [] } = await sqs.send(
    new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
  );
  return Failed.map((failure) => ({
    messageId: page[Number(failure.Id)]?.MessageId ?? `entry ${failure.Id}`,
    code: failure.Code ?? "unknown",
    reason: failure.Message ?? "",
  }));
}
