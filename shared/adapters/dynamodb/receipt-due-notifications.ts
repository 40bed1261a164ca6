/**
 * The notifications whose receipt deadline has come: the `by-received-day` index entries of a window
 * of receipt times (never a Scan), with the kind and receipt time the index projects; the
 * notifications themselves are never read.
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { isKindId } from "../../domain/catalogue/index.ts";
import type { DueNotification } from "../../domain/receipts/escalation.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { type ReceiptPeriod, receivedIndexQueries } from "./received-notifications.ts";

export class DynamoDueNotifications {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The notifications received in the period, a page at a time, in order of receipt. */
  async *read(period: ReceiptPeriod): AsyncGenerator<DueNotification[]> {
    const sortKey = notificationTable.indexes.byReceivedDay.sortKey;
    for (const query of receivedIndexQueries(this.tableName, period)) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({ ...query, ExclusiveStartKey: startKey }));
        startKey = page.LastEvaluatedKey;
        yield (page.Items ?? []).flatMap((entry) => {
          const id = entry.notificationId?.S;
          const kind = entry.kind?.S;
          const receivedAt = entry[sortKey]?.S?.split("#")[0];
          return id === undefined || !isKindId(kind) || receivedAt === undefined
            ? []
            : [{ id, kind, receivedAt: new Date(receivedAt) }];
        });
      } while (startKey !== undefined);
    }
  }
}
