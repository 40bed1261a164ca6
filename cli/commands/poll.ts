import { defineCommand } from "../command.ts";
import { formatNotification } from "../format-notification.ts";
import { queueOptions, requireUnit, withUnitQueues } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { acknowledge, receive } from "../queue-client.ts";

export const pollCommand = defineCommand({
  name: "poll",
  options: {
    unit: { type: "string", description: "the unit whose queue to read, e.g. imc" },
    follow: { type: "boolean", description: "keep polling until Ctrl-C" },
    ack: { type: "boolean", description: "delete each message once printed" },
    json: { type: "boolean", description: "print one canonical notification per line (JSON lines)" },
    "queue-url": queueOptions["queue-url"],
  },
  summary: "Long-poll a unit's queue and print its notifications (duplicates shown once)",
  usage: "hub poll --unit <unit> [--follow] [--ack] [--json] [--queue-url URL]",
  async run({ values, out }) {
    const unit = requireUnit(values.unit);
    const seen = new Set<string>();
    let stop = false;
    process.once("SIGINT", () => {
      stop = true;
    });
    await withUnitQueues(unit, values, async ({ sqs, url }) => {
      while (!stop) {
        const batch = await receive(sqs, url, values.follow === true ? 20 : 2);
        if (batch.length === 0 && values.follow !== true) break;
        for (const { message, notification } of batch) {
          // At-least-once delivery: the same notification may arrive twice; show it once.
          if (!seen.has(notification.id)) {
            seen.add(notification.id);
            out.write(
              values.json === true
                ? `${printable(JSON.stringify(notification))}\n`
                : formatNotification(notification),
            );
          }
          if (values.ack === true) await acknowledge(sqs, url, message);
        }
      }
    });
    if (values.json !== true)
      out.write(`${seen.size} notification(s) for ${unit}${values.ack === true ? ", acknowledged" : ""}\n`);
    return 0;
  },
});
