import type { ReceiptRequest } from "../../shared/api/receipts.ts";
import { defineCommand } from "../command.ts";
import { formatNotification } from "../format-notification.ts";
import { queueOptions, reportsTarget, requireUnit, withUnitQueues } from "../hub-config.ts";
import { printable } from "../printable.ts";
import { deletePage, type ReceivedNotification, receive } from "../queue-client.ts";
import { postReceipts } from "../receipts-client.ts";
import { describeReceipts } from "./ack.ts";

export const pollCommand = defineCommand({
  name: "poll",
  options: {
    unit: { type: "string", description: "the unit whose queue to read, e.g. imc" },
    follow: { type: "boolean", description: "keep polling until Ctrl-C" },
    ack: {
      type: "boolean",
      description:
        "once a page is printed, acknowledge it `received` to the hub, then delete it from the queue",
    },
    officer: {
      type: "string",
      description: "with --ack: who acknowledges, the role session name (local hub; default: your user name)",
    },
    "api-url": {
      type: "string",
      description: "with --ack against AWS: the hub's API (or HUB_API_URL), signed with your AWS credentials",
    },
    json: { type: "boolean", description: "print one canonical notification per line (JSON lines)" },
    "queue-url": queueOptions["queue-url"],
  },
  summary: "Long-poll a unit's queue and print its notifications (duplicates shown once)",
  usage: "hub poll --unit <unit> [--follow] [--ack [--officer <id>]] [--json] [--queue-url URL]",
  async run({ values, out }) {
    const unit = requireUnit(values.unit);
    const target = values.ack === true ? reportsTarget(values) : undefined;
    const seen = new Set<string>();
    let stop = false;
    let refused = false;
    process.once("SIGINT", () => {
      stop = true;
    });
    await withUnitQueues(unit, values, async ({ sqs, url }) => {
      while (!stop && !refused) {
        const batch = await receive(sqs, url, values.follow === true ? 20 : 2);
        if (batch.length === 0 && values.follow !== true) break;
        for (const { notification } of batch) {
          // At-least-once delivery: the same notification may arrive twice; show it once.
          if (!seen.has(notification.id)) {
            seen.add(notification.id);
            out.write(
              values.json === true
                ? `${printable(JSON.stringify(notification))}\n`
                : formatNotification(notification),
            );
          }
        }
        if (target === undefined || batch.length === 0) continue;
        // Deleted only once the hub has recorded the receipt: a refused page stays on the queue.
        const response = await postReceipts(target, receiptsOf(batch));
        if (response.status !== 200) {
          process.stderr.write(
            printable(`acknowledgement refused: ${describeReceipts(response)}`, { lineFeeds: true }),
          );
          refused = true;
          break;
        }
        const undeleted = await deletePage(
          sqs,
          url,
          batch.map(({ message }) => message),
        );
        for (const { messageId, code, reason } of undeleted) {
          process.stderr.write(
            printable(
              `not deleted from the queue: message ${messageId} (${code}${reason === "" ? "" : `: ${reason}`}); it comes back after its visibility timeout and is acknowledged again (unchanged)\n`,
              { lineFeeds: true },
            ),
          );
        }
      }
    });
    if (values.json !== true)
      out.write(
        `${seen.size} notification(s) for ${unit}${values.ack === true && !refused ? ", acknowledged" : ""}\n`,
      );
    return refused ? 1 : 0;
  },
});

/** One `received` per notification of the page (a repeat delivery is acknowledged once). */
function receiptsOf(batch: readonly ReceivedNotification[]): ReceiptRequest[] {
  const ids = [...new Set(batch.map(({ notification }) => notification.id))];
  return ids.map((notificationId) => ({ notificationId, status: "received" }));
}
