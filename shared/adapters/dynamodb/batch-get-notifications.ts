import { BatchGetItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Backoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import type { Item } from "./notification-items.ts";

/** BatchGetItem takes at most 100 keys. */
export const MAX_KEYS_PER_BATCH_GET = 100;
const UNPROCESSED_RETRIES = 6;

/** DynamoDB still left keys unprocessed (its way of throttling a batch) after every retry. */
export class UnreadItemsError extends Error {
  constructor(readonly unread: number) {
    super(`DynamoDB left ${unread} items unread`);
    this.name = "UnreadItemsError";
  }
}

/**
 * The `attributes` of the items at `keys` (at most {@link MAX_KEYS_PER_BATCH_GET}), in no particular
 * order; an item that does not exist (expired meanwhile) is left out. Keys DynamoDB leaves unprocessed
 * (its throttling of a batch) are asked again after `backoff`, a few times, then it throws.
 */
export async function batchGetItems(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly Item[],
  attributes: readonly string[],
  backoff: Backoff,
): Promise<Item[]> {
  const names = Object.fromEntries(attributes.map((name, position) => [`#a${position}`, name]));
  const found: Item[] = [];
  let pending: Item[] = [...keys];
  for (let retry = 0; pending.length > 0; retry++) {
    if (retry > UNPROCESSED_RETRIES) throw new UnreadItemsError(pending.length);
    if (retry > 0) await backoff(retry);
    const result = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [tableName]: {
            Keys: pending,
            ProjectionExpression: Object.keys(names).join(", "),
            ExpressionAttributeNames: names,
          },
        },
      }),
    );
    found.push(...(result.Responses?.[tableName] ?? []));
    pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
  }
  return found;
}

/**
 * The `notification` attribute (JSON as stored) of the notification items at `keys` (at most
 * {@link MAX_KEYS_PER_BATCH_GET}, each `{ pk, sk }` as an index entry carries them), in the order of
 * `keys`; an item expired meanwhile is left out. Unprocessed keys as {@link batchGetItems}.
 */
export async function batchGetNotifications(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly Item[],
  backoff: Backoff,
): Promise<string[]> {
  const { partitionKey } = notificationTable;
  const found = new Map<string, string>();
  for (const item of await batchGetItems(client, tableName, keys, [partitionKey, "notification"], backoff)) {
    const key = item[partitionKey]?.S;
    const notification = item.notification?.S;
    if (key !== undefined && notification !== undefined) found.set(key, notification);
  }
  return keys.flatMap((key) => {
    const notification = found.get(key[partitionKey]?.S ?? "");
    return notification === undefined ? [] : [notification];
  });
}

/** The table key `{ pk, sk }` of an index entry (every index projects it), or undefined without one. */
export function tableKeyOf(entry: Item): Item | undefined {
  const { partitionKey, sortKey } = notificationTable;
  const [partition, sort] = [entry[partitionKey], entry[sortKey]];
  return partition === undefined || sort === undefined
    ? undefined
    : { [partitionKey]: partition, [sortKey]: sort };
}
