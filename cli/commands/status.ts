import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { unitIds } from "../../shared/domain/catalogue/index.ts";
import { defineCommand, UsageError } from "../command.ts";
import { queueOptions, requireLocalHub, requireUnit, targetsAws, withUnitQueues } from "../hub-config.ts";
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

export const statusCommand = defineCommand({
  name: "status",
  options: {
    json: { type: "boolean", description: "print the counts as JSON" },
    unit: { type: "string", description: "one unit only (required against AWS)" },
    ...queueOptions,
  },
  summary: "Per unit: messages waiting, in flight, and in the dead-letter queue",
  usage: "hub status [--json]   |   against AWS: hub status --unit <unit> --queue-url URL --dlq-url URL",
  async run({ values, out }) {
    const againstAws = targetsAws(values);
    if (againstAws && values.unit === undefined) throw new UsageError("against AWS, say which unit (--unit)");
    const local = againstAws ? undefined : requireLocalHub();
    const units =
      values.unit === undefined
        ? unitIds.filter((u) => local?.queues[u] !== undefined)
        : [requireUnit(values.unit)];
    const rows = [];
    for (const unit of units) {
      const [main, dlq] = await withUnitQueues(unit, values, ({ sqs, url, dlqUrl }) =>
        Promise.all([
          counts(sqs, url),
          dlqUrl === undefined ? Promise.resolve({ waiting: "?" }) : counts(sqs, dlqUrl),
        ]),
      );
      rows.push({ unit, waiting: main.waiting, inFlight: main.inFlight, deadLetters: dlq.waiting });
    }
    if (values.json === true) {
      out.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    out.write(`${local === undefined ? "AWS" : `${local.deployment} (local)`}\n`);
    out.write(
      renderTable(
        ["unit", "waiting", "in flight", "dead letters"],
        rows.map((r) => [r.unit, r.waiting, r.inFlight, r.deadLetters]),
      ),
    );
    return 0;
  },
});
