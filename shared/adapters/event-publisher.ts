import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { type Backoff, fullJitterBackoff } from "../retry.ts";
import { isTransientAwsError } from "./transient-errors.ts";

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

/** What became of one entry: accepted, or failed with EventBridge's error code. */
export type PublishOutcome =
  | { readonly published: true }
  | {
      readonly published: false;
      readonly errorCode: string;
      /** The entry itself is refused (malformed, too large): sent again unchanged, it fails again. */
      readonly permanent: boolean;
    };

/** Puts events on the bus; reports, per entry, what became of it. */
export interface EventPublisher {
  publish(entries: readonly PutEventsRequestEntry[]): Promise<PublishOutcome[]>;
}

/** The failed entries of one PutEvents attempt, counted by error code (never their content). */
export interface FailedEntries {
  readonly attempt: number;
  readonly errorCodes: Readonly<Record<string, number>>;
  /** How many of them will be sent again in this call. */
  readonly resending: number;
}

export interface RetryPolicy {
  /** Attempts per entry, the first included. */
  readonly attempts: number;
  readonly backoff: Backoff;
}

export const defaultPublishRetry: RetryPolicy = {
  attempts: 4,
  backoff: fullJitterBackoff({ baseDelayMs: 100, maxDelayMs: 1_000 }),
};

/** The hub's own code for an entry larger than EventBridge takes: refused without sending it. */
export const ENTRY_TOO_LARGE = "EntryTooLarge";

/**
 * Entry error codes that condemn the entry itself. EventBridge calls more codes non-retryable
 * (AccessDeniedException, NotAuthorizedForSourceException, …), but those are the deployment's fault:
 * once an operator mends the policy or the key, the same entry goes through, so they are retried
 * like InternalFailure and ThrottlingException, until the stream record's age limit.
 */
const entryRefusals = new Set(["MalformedDetail", "InvalidArgument"]);

interface EntryFailure {
  readonly errorCode: string;
  readonly permanent: boolean;
}

/** A thrown error's code: the service's exception name, or Node's code for a network error. */
function errorCodeOf(error: unknown): string {
  if (!(error instanceof Error)) return "UnknownError";
  const { code } = error as { code?: unknown };
  return typeof code === "string" ? code : error.name;
}

/**
 * PutEvents in requests of ≤ 10 entries and ≤ 256 KiB. Entries that fail for now (a failed entry in
 * the response, or the whole request throttled or erroring) are resent with backoff; an entry
 * EventBridge refuses for what it is is not. `onFailedEntries` hears every attempt's failures by code.
 */
export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly retry: RetryPolicy = defaultPublishRetry,
    private readonly onFailedEntries: (failed: FailedEntries) => void = () => {},
  ) {}

  async publish(entries: readonly PutEventsRequestEntry[]): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = entries.map(() => ({ published: true }));
    const failures = new Map<number, EntryFailure>();
    let pending: number[] = [];
    entries.forEach((entry, index) => {
      if (entrySize(entry) > MAX_REQUEST_BYTES)
        failures.set(index, { errorCode: ENTRY_TOO_LARGE, permanent: true });
      else pending.push(index);
    });
    // Entries of a request refused as a whole, for a reason that is not transient, go alone next time.
    const alone = new Set<number>();
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (pending.length > 0) {
        if (attempt > 1) await this.retry.backoff(attempt - 1);
        const requests = this.requestsOf(entries, pending, alone);
        const results = await Promise.all(
          requests.map((request) => this.putRequest(entries, request, alone)),
        );
        for (const failed of results) for (const [index, failure] of failed) failures.set(index, failure);
        for (const index of requests.flat()) if (!failures.has(index)) outcomes[index] = { published: true };
      }
      for (const [index, failure] of failures) outcomes[index] = { published: false, ...failure };
      pending = [...failures].filter(([, failure]) => !failure.permanent).map(([index]) => index);
      if (failures.size > 0)
        this.report(attempt, failures, attempt < this.retry.attempts ? pending.length : 0);
      failures.clear();
      if (pending.length === 0) break;
    }
    return outcomes;
  }

  /** The PutEvents requests for the pending entries (by index): together within the limits, or alone. */
  private requestsOf(
    entries: readonly PutEventsRequestEntry[],
    pending: readonly number[],
    alone: ReadonlySet<number>,
  ): number[][] {
    const together = pending.filter((index) => !alone.has(index));
    return [
      ...chunkEntries(together.map((index) => entries[index] as PutEventsRequestEntry)).map((positions) =>
        positions.map((position) => together[position] as number),
      ),
      ...pending.filter((index) => alone.has(index)).map((index) => [index]),
    ];
  }

  private report(attempt: number, failures: ReadonlyMap<number, EntryFailure>, resending: number): void {
    const errorCodes: Record<string, number> = {};
    for (const { errorCode } of failures.values()) errorCodes[errorCode] = (errorCodes[errorCode] ?? 0) + 1;
    this.onFailedEntries({ attempt, errorCodes, resending });
  }

  /** Sends one request; returns the entries that failed, by index. */
  private async putRequest(
    entries: readonly PutEventsRequestEntry[],
    chunk: readonly number[],
    alone: Set<number>,
  ): Promise<Map<number, EntryFailure>> {
    const failures = new Map<number, EntryFailure>();
    try {
      const response = await this.client.send(
        new PutEventsCommand({ Entries: chunk.map((index) => entries[index] as PutEventsRequestEntry) }),
      );
      if ((response.FailedEntryCount ?? 0) === 0) return failures;
      chunk.forEach((index, position) => {
        const result = response.Entries?.[position];
        if (result?.EventId !== undefined && result.ErrorCode === undefined) return;
        const errorCode = result?.ErrorCode ?? "NoEntryResult";
        failures.set(index, { errorCode, permanent: entryRefusals.has(errorCode) });
      });
    } catch (error) {
      const errorCode = errorCodeOf(error);
      const transient = isTransientAwsError(error);
      // A request refused as invalid holds an entry EventBridge will never take: find it alone.
      const permanent = !transient && chunk.length === 1 && errorCode === "ValidationException";
      if (!transient && chunk.length > 1) for (const index of chunk) alone.add(index);
      for (const index of chunk) failures.set(index, { errorCode, permanent });
    }
    return failures;
  }
}
