/**
 * The overdue checker's one state item (shared/wiring/receipts.ts): the instant up to which every
 * deadline has been checked. It only moves forward, so a late or concurrent run never rewinds it.
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { notificationTable } from "../../wiring/notification-table.ts";
import { receiptCheckerCursor } from "../../wiring/receipts.ts";

const key = {
  [notificationTable.partitionKey]: { S: receiptCheckerCursor.partitionKey },
  [notificationTable.sortKey]: { S: receiptCheckerCursor.sortKey },
};

export class DynamoReceiptCheckerCursor {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** Up to when deadlines were checked, or undefined before the first run. */
  async checkedUntil(): Promise<Date | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    const value = Item?.[receiptCheckerCursor.checkedUntil]?.S;
    return value === undefined ? undefined : new Date(value);
  }

  /** Moves the cursor to `until`, unless a concurrent run has already moved it further. */
  async advanceTo(until: Date): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { ...key, [receiptCheckerCursor.checkedUntil]: { S: until.toISOString() } },
          ConditionExpression: "attribute_not_exists(#until) OR #until < :until",
          ExpressionAttributeNames: { "#until": receiptCheckerCursor.checkedUntil },
          ExpressionAttributeValues: { ":until": { S: until.toISOString() } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
