import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { unitIds } from "../../shared/domain/catalogue/index.ts";
import type { Command } from "../command.ts";
import { localSqsClient, requireLocalHub } from "../hub-config.ts";
import { renderTable } from "../table.ts";

async function counts(sqs: SQSClient, url: string) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return {
    waiting: Attributes.ApproximateNumberOfMessages ?? "?",
    inFlight: Attributes.ApproximateNumberOfMessagesNotVisible ?? "?",
  };
}

export const statusCommand: Command = {
  name: "status",
  summary: "Per unit: messages waiting, in flight, and in the dead-letter queue",
  usage: "hub status [--json]",
  options: { json: { type: "boolean", description: "print the counts as JSON" } },
  async run({ values, out }) {
    const local = requireLocalHub();
    const sqs = localSqsClient(local);
    try {
      const rows = [];
      for (const unit of unitIds) {
        const queues = local.queues[unit];
        if (queues === undefined) continue;
        const [main, dlq] = await Promise.all([counts(sqs, queues.url), counts(sqs, queues.dlqUrl)]);
        rows.push({ unit, waiting: main.waiting, inFlight: main.inFlight, deadLetters: dlq.waiting });
      }
      if (values.json === true) {
        out.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      out.write(`${local.deployment} (local)\n`);
      out.write(
        renderTable(
          ["unit", "waiting", "in flight", "dead letters"],
          rows.map((r) => [r.unit, r.waiting, r.inFlight, r.deadLetters]),
        ),
      );
    } finally {
      sqs.destroy();
    }
  },
};
