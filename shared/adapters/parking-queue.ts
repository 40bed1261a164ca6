import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";

/**
 * A stream record that can never be published, as the parking queue keeps it: what finds the
 * notification again (its id, else its table key), never its content.
 */
export interface ParkedRecord {
  /** `no-notification`, `not-json`, `invalid-envelope`, or `refused-by-bus` (then `errorCode` says how). */
  readonly reason: string;
  readonly errorCode?: string;
  readonly notificationId?: string;
  readonly kind?: string;
  readonly receivedAt?: string;
  /** The item's partition key (`REC#<source>#<record id>`). */
  readonly tableKey?: string;
  readonly sequenceNumber?: string;
}

/** Where poison records go instead of being retried. */
export interface ParkingQueue {
  /** Resolves, per record, whether it is parked: one that is not must be retried. */
  park(records: readonly ParkedRecord[]): Promise<boolean[]>;
}

/** SendMessageBatch takes at most 10 messages. */
const MAX_MESSAGES_PER_BATCH = 10;

/**
 * Parks records as messages of an SQS queue (the stream's on-failure queue: one place for an operator
 * to look). `parkedBy` tells them from the mapping's own on-failure records.
 */
export class SqsParkingQueue implements ParkingQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async park(records: readonly ParkedRecord[]): Promise<boolean[]> {
    const parked = records.map(() => false);
    for (let start = 0; start < records.length; start += MAX_MESSAGES_PER_BATCH) {
      const batch = records.slice(start, start + MAX_MESSAGES_PER_BATCH);
      try {
        const result = await this.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: batch.map((record, position) => ({
              Id: String(position),
              MessageBody: JSON.stringify({
                parkedBy: "publish",
                parkedAt: this.now().toISOString(),
                ...record,
              }),
            })),
          }),
        );
        const failed = new Set((result.Failed ?? []).map((failure) => failure.Id));
        batch.forEach((_, position) => {
          parked[start + position] = !failed.has(String(position));
        });
      } catch {
        // Not parked: the caller hands these records back to the stream, which retries them.
      }
    }
    return parked;
  }
}
