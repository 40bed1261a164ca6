/**
 * The publication marks (key design: shared/wiring/publications.ts): the publish function records when
 * it put notifications on the bus, a trace reads it back. Recording is best effort: the events are on
 * the bus already, so a mark that cannot be written is counted and logged, never a reason to publish
 * again.
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { type Backoff, fullJitterBackoff } from "../../retry.ts";
import { notificationTable } from "../../wiring/notification-table.ts";
import { publicationMarks } from "../../wiring/publications.ts";
import type { Item } from "./notification-items.ts";

/** A notification the bus accepted, as its stream record names it. */
export interface PublishedNotification {
  readonly notificationId: string;
  /** The notification's TTL (epoch seconds): its mark goes with it. */
  readonly expiresAt: number;
}

/** When the publish function last put a notification on the bus. */
export interface Publication {
  readonly publishedAt: string;
}

export interface PublicationLog {
  /** Records that `published` went on the bus now; resolves to how many could not be recorded. */
  record(published: readonly PublishedNotification[]): Promise<number>;
}

/** BatchWriteItem takes at most 25 items. */
const MAX_ITEMS_PER_BATCH_WRITE = 25;
const UNPROCESSED_RETRIES = 3;

export function publicationKey(notificationId: string): Item {
  return {
    [notificationTable.partitionKey]: { S: `${publicationMarks.partitionKeyPrefix}${notificationId}` },
    [notificationTable.sortKey]: { S: publicationMarks.sortKey },
  };
}

/** The publication a mark holds, or undefined for an item that is not one. */
export function publicationOfItem(item: Item): Publication | undefined {
  const publishedAt = item[publicationMarks.publishedAt]?.S;
  return publishedAt === undefined ? undefined : { publishedAt };
}

export class DynamoPublicationLog implements PublicationLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
    private readonly backoff: Backoff = fullJitterBackoff({ baseDelayMs: 50, maxDelayMs: 400 }),
  ) {}

  async record(published: readonly PublishedNotification[]): Promise<number> {
    const publishedAt = this.now().toISOString();
    const requests: WriteRequest[] = published.map((notification) => ({
      PutRequest: {
        Item: {
          ...publicationKey(notification.notificationId),
          [publicationMarks.publishedAt]: { S: publishedAt },
          [notificationTable.timeToLiveAttribute]: { N: String(notification.expiresAt) },
        },
      },
    }));
    const batches: WriteRequest[][] = [];
    for (let start = 0; start < requests.length; start += MAX_ITEMS_PER_BATCH_WRITE)
      batches.push(requests.slice(start, start + MAX_ITEMS_PER_BATCH_WRITE));
    const unrecorded = await Promise.all(batches.map((batch) => this.write(batch)));
    return unrecorded.reduce((sum, count) => sum + count, 0);
  }

  /** Writes one batch, asking again for what DynamoDB left unprocessed; how many items stayed unwritten. */
  private async write(batch: WriteRequest[]): Promise<number> {
    let pending = batch;
    for (let retry = 0; pending.length > 0 && retry <= UNPROCESSED_RETRIES; retry++) {
      if (retry > 0) await this.backoff(retry);
      try {
        const result = await this.client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.tableName] ?? [];
      } catch {
        // Throttled, unreachable or refused: the marks are best effort, the caller counts what is left.
        return pending.length;
      }
    }
    return pending.length;
  }
}
