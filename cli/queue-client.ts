import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { CanonicalNotification } from "../shared/domain/notification.ts";

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
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ["All"],
    }),
  );
  return (page.Messages ?? []).flatMap((message) => {
    const notification = notificationOf(message);
    return notification === undefined ? [] : [{ message, notification }];
  });
}

export async function acknowledge(sqs: SQSClient, queueUrl: string, message: Message): Promise<void> {
  if (message.ReceiptHandle === undefined) return;
  await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
}
