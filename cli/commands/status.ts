import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { unitIds } from "../../shared/domain/catalogue/index.ts";
import type { Command } from "../command.ts";
import { UsageError } from "../command.ts";
import { requireLocalHub, requireUnit, unitQueues } from "../hub-config.ts";
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
  usage: "hub status [--json]   |   against AWS: hub status --unit <unit> --queue-url URL --dlq-url URL",
  options: {
    json: { type: "boolean", description: "print the counts as JSON" },
    unit: { type: "string", description: "one unit only (required against AWS)" },
    "queue-url": { type: "string", description: "the unit's queue URL on AWS (or HUB_QUEUE_URL)" },
    "dlq-url": { type: "string", description: "the unit's dead-letter queue URL on AWS (or HUB_DLQ_URL)" },
  },
  async run({ values, out }) {
    const againstAws = (values["queue-url"] ?? process.env.HUB_QUEUE_URL) !== undefined;
    const local = againstAws ? undefined : requireLocalHub();
    const units =
      values.unit === undefined
        ? unitIds.filter((u) => local?.queues[u] !== undefined)
        : [requireUnit(values.unit)];
    if (againstAws && values.unit === undefined) throw new UsageError("against AWS, say which unit (--unit)");
    const rows = [];
    for (const unit of units) {
      const { sqs, url, dlqUrl } = unitQueues(unit, {
        queueUrl: values["queue-url"] as string | undefined,
        dlqUrl: values["dlq-url"] as string | undefined,
      });
      try {
        const [main, dlq] = await Promise.all([
          counts(sqs, url),
          dlqUrl === undefined ? Promise.resolve({ waiting: "?" }) : counts(sqs, dlqUrl),
        ]);
        rows.push({ unit, waiting: main.waiting, inFlight: main.inFlight, deadLetters: dlq.waiting });
      } finally {
        sqs.destroy();
      }
    }
    if (values.json === true) {
      out.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    out.write(`${local === undefined ? "AWS" : `${local.deployment} (local)`}\n`);
    out.write(
      renderTable(
        ["unit", "waiting", "in flight", "dead letters"],
        rows.map((r) => [r.unit, r.waiting, r.inFlight, r.deadLetters]),
      ),
    );
  },
};
