import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { defineCommand, UsageError } from "../command.ts";
import { queueOptions, requireUnit, withUnitQueues } from "../hub-config.ts";

function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`;
}

export const redriveCommand = defineCommand({
  name: "redrive",
  options: {
    unit: { type: "string", description: "the unit whose dead letters to move back" },
    ...queueOptions,
  },
  // On AWS a unit's queue admits only its own rule's deliveries (docs/decisions/who-may-send.md):
  // dead letters go back by replaying the bus archive through the unit's rule (docs/alarms.md#unit-dlq).
  summary: "Local hub: move a unit's dead-letter messages back to its queue (on AWS, replay the archive)",
  usage: "hub redrive --unit <unit> [--queue-url URL --dlq-url URL]",
  async run({ values, out }) {
    const unit = requireUnit(values.unit);
    const tty = process.stdout.isTTY === true;
    const moved = await withUnitQueues(unit, values, async ({ sqs, url, dlqUrl }) => {
      if (dlqUrl === undefined)
        throw new UsageError("say which dead-letter queue to read (--dlq-url or HUB_DLQ_URL)");
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
      );
      const total = Number(Attributes.ApproximateNumberOfMessages ?? 0);
      let count = 0;
      for (;;) {
        const page = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: dlqUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: 60,
          }),
        );
        const messages = page.Messages ?? [];
        if (messages.length === 0) return count;
        for (const message of messages) {
          // Send first, delete after: a crash in between duplicates a message, never loses one.
          await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: message.Body ?? "" }));
          if (message.ReceiptHandle !== undefined) {
            await sqs.send(
              new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }),
            );
          }
          count += 1;
        }
        if (tty) out.write(`\r${progressBar(count, Math.max(total, count))} moving…`);
      }
    });
    out.write(
      `${tty ? "\r" : ""}${progressBar(moved, moved)} moved ${moved} message(s) back to ${unit}'s queue\n`,
    );
    return 0;
  },
});
