import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { requireUnit, unitQueues } from "../hub-config.ts";

function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}`;
}

export const redriveCommand: Command = {
  name: "redrive",
  summary: "Move a unit's dead-letter messages back to its queue",
  usage: "hub redrive --unit <unit> [--queue-url URL --dlq-url URL]",
  options: {
    unit: { type: "string", description: "the unit whose dead letters to move back" },
    "queue-url": { type: "string", description: "the unit's queue URL on AWS (default: the local hub)" },
    "dlq-url": {
      type: "string",
      description: "the unit's dead-letter queue URL on AWS (default: the local hub)",
    },
  },
  async run({ values, out }) {
    const unit = requireUnit(values.unit);
    const { sqs, url, dlqUrl } = unitQueues(unit, {
      queueUrl: values["queue-url"] as string | undefined,
      dlqUrl: values["dlq-url"] as string | undefined,
    });
    if (dlqUrl === undefined)
      throw new UsageError("say which dead-letter queue to read (--dlq-url or HUB_DLQ_URL)");
    let moved = 0;
    const tty = process.stdout.isTTY === true;
    try {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
      );
      const total = Number(Attributes.ApproximateNumberOfMessages ?? 0);
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
        if (messages.length === 0) break;
        for (const message of messages) {
          // Send first, delete after: a crash in between duplicates a message, never loses one.
          await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: message.Body ?? "" }));
          if (message.ReceiptHandle !== undefined) {
            await sqs.send(
              new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: message.ReceiptHandle }),
            );
          }
          moved += 1;
        }
        if (tty) out.write(`\r${progressBar(moved, Math.max(total, moved))} moving…`);
      }
    } finally {
      sqs.destroy();
    }
    out.write(
      `${tty ? "\r" : ""}${progressBar(moved, moved)} moved ${moved} message(s) back to ${unit}'s queue\n`,
    );
  },
};
