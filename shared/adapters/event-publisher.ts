import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";

/** PutEvents takes at most 10 entries and 256 KiB per request. */
export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

/** An entry's size as EventBridge counts it: time (14 bytes), source, detail-type, detail, resources. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, "utf8"));
  return (
    (entry.Time === undefined ? 0 : 14) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + utf8(resource), 0)
  );
}

/** Groups entries (by position) into PutEvents requests within both limits, keeping their order. */
export function chunkEntries(entries: readonly PutEventsRequestEntry[]): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  entries.forEach((entry, index) => {
    const size = entrySize(entry);
    if (
      current.length === MAX_ENTRIES_PER_REQUEST ||
      (current.length > 0 && bytes + size > MAX_REQUEST_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Puts events on the bus; reports, per entry, whether EventBridge accepted it. */
export interface EventPublisher {
  publish(entries: readonly PutEventsRequestEntry[]): Promise<boolean[]>;
}

export interface RetryPolicy {
  /** Attempts per entry, the first included. */
  readonly attempts: number;
  /** Backoff before retry n is a random delay up to `baseDelayMs · 2^(n-1)` (full jitter). */
  readonly baseDelayMs: number;
}

export const defaultPublishRetry: RetryPolicy = { attempts: 4, baseDelayMs: 100 };

/**
 * PutEvents in requests of ≤ 10 entries and ≤ 256 KiB. Entries that fail (a failed entry in the
 * response, or the whole request throttled or erroring) are resent with backoff; what still fails
 * after the last attempt is reported so the caller can hand it back to the stream.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly retry: RetryPolicy = defaultPublishRetry,
    private readonly onRetry: (failedEntries: number) => void = () => {},
  ) {}

  async publish(entries: readonly PutEventsRequestEntry[]): Promise<boolean[]> {
    const delivered = entries.map(() => false);
    let pending = entries.map((_, index) => index);
    for (let attempt = 1; pending.length > 0 && attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1) {
        this.onRetry(pending.length);
        await new Promise((resolve) =>
          setTimeout(resolve, Math.random() * this.retry.baseDelayMs * 2 ** (attempt - 2)),
        );
      }
      const batch = pending.map((index) => entries[index] as PutEventsRequestEntry);
      const chunks = chunkEntries(batch).map((positions) => positions.map((p) => pending[p] as number));
      const failedPerChunk = await Promise.all(chunks.map((chunk) => this.putChunk(entries, chunk)));
      pending = failedPerChunk.flat();
      for (const chunk of chunks) for (const index of chunk) delivered[index] = !pending.includes(index);
    }
    return delivered;
  }

  /** Sends one request; returns the indexes that failed. */
  private async putChunk(entries: readonly PutEventsRequestEntry[], chunk: number[]): Promise<number[]> {
    try {
      const response = await this.client.send(
        new PutEventsCommand({ Entries: chunk.map((index) => entries[index] as PutEventsRequestEntry) }),
      );
      if ((response.FailedEntryCount ?? 0) === 0) return [];
      return chunk.filter((_, position) => {
        const result = response.Entries?.[position];
        return result === undefined || result.ErrorCode !== undefined || result.EventId === undefined;
      });
    } catch {
      return chunk;
    }
  }
}
