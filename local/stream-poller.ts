/**
 * A local stand-in for Lambda's DynamoDB-stream event source mapping: reads the real stream of
 * DynamoDB Local and invokes a handler in-process with the same filter, batch size, partial-batch
 * responses, bisect-on-error, retries (by count, or until the maximum record age) and on-failure
 * destination that the CDK mapping declares.
 */

import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { publishEventSource, RETRY_UNTIL_MAX_RECORD_AGE } from "../shared/wiring/stream-mapping.ts";
import { type EventPattern, matchesEventPattern } from "./event-pattern.ts";
import { localCredentials } from "./local-aws.ts";

/** DynamoDB Streams' largest GetRecords page. */
const MAX_RECORDS_PER_READ = 1_000;

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

/** The mapping settings the poller applies (`publishEventSource`, or a test's variant of it). */
export interface StreamMappingSettings {
  readonly filterPattern: EventPattern;
  readonly batchSize: number;
  /** Retries of a failing record, or `RETRY_UNTIL_MAX_RECORD_AGE`. */
  readonly retryAttempts: number;
  readonly maxRecordAgeSeconds: number;
  readonly bisectBatchOnError: boolean;
  readonly reportBatchItemFailures: boolean;
}

/**
 * DynamoDB Local floors a record's `ApproximateCreationDateTime` to the minute, so locally its age is
 * known only to within this much: the record may be up to a minute younger than it looks.
 */
export const CREATION_TIME_RESOLUTION_SECONDS = 60;

/**
 * Whether a record is surely past the mapping's age limit: even if it was created at the very end
 * of its floored minute. So the poller gives up at most a minute late, never early. An age limit
 * below that minute cannot be judged from such a timestamp at all (Lambda takes none below 60 s).
 */
export function isPastMaxRecordAge(
  createdSeconds: number,
  nowSeconds: number,
  maxAgeSeconds: number,
): boolean {
  return nowSeconds - (createdSeconds + CREATION_TIME_RESOLUTION_SECONDS) >= maxAgeSeconds;
}

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** The on-failure destination: records that exhausted their retries, with the last error. */
  readonly onFailure: (records: DynamoDBRecord[], reason: string) => Promise<void>;
  readonly settings?: StreamMappingSettings;
  /** Delay before retry n is `retryDelayMs · 2^(n-1)`, capped at 2 s (Lambda's is longer; locally we compress). */
  readonly retryDelayMs?: number;
  readonly idlePollMs?: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

interface PendingBatch {
  records: DynamoDBRecord[];
  attempts: number;
}

/** The stream record as Lambda hands it to a function (epoch seconds, `aws:dynamodb`, ARN). */
function toLambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord["dynamodb"]),
      ApproximateCreationDateTime: created === undefined ? undefined : Math.floor(created.getTime() / 1000),
    },
  };
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const settings: StreamMappingSettings = options.settings ?? publishEventSource;
  if (settings.maxRecordAgeSeconds < CREATION_TIME_RESOLUTION_SECONDS)
    throw new RangeError(
      `maxRecordAgeSeconds ${settings.maxRecordAgeSeconds}: DynamoDB Local's creation times are floored to the minute, so an age limit below ${CREATION_TIME_RESOLUTION_SECONDS} s cannot be judged (Lambda takes none either)`,
    );
  const clientConfig = { endpoint: options.endpoint, region: options.region, credentials: localCredentials };
  const dynamodb = new DynamoDBClient(clientConfig);
  const streams = new DynamoDBStreamsClient(clientConfig);
  const table = await dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamodb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`table ${options.tableName} has no stream`);

  const retryDelayMs = options.retryDelayMs ?? 50;
  const idlePollMs = options.idlePollMs ?? 100;
  const iterators = new Map<string, string | undefined>();
  const finishedShards = new Set<string>();
  let stopped = false;

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Epoch seconds, as the records' `ApproximateCreationDateTime`. */
  const now = () => Date.now() / 1000;

  async function discoverShards(): Promise<void> {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId;
      if (shardId === undefined || iterators.has(shardId) || finishedShards.has(shardId)) continue;
      const iterator = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      );
      iterators.set(shardId, iterator.ShardIterator);
    }
  }

  /** Invokes the handler until the batch is done or handed to the on-failure destination. */
  async function deliver(batch: PendingBatch): Promise<void> {
    const queue: PendingBatch[] = [batch];
    while (queue.length > 0 && !stopped) {
      const current = queue[0] as PendingBatch;
      if (current.attempts > 0) await wait(Math.min(retryDelayMs * 2 ** (current.attempts - 1), 2_000));
      let failedFrom: number | undefined;
      let reason = "";
      try {
        const response = await options.handler({ Records: current.records });
        const failures = settings.reportBatchItemFailures ? (response?.batchItemFailures ?? []) : [];
        const positions = failures
          .map((failure) =>
            current.records.findIndex((r) => r.dynamodb?.SequenceNumber === failure.itemIdentifier),
          )
          .map((position) => Math.max(position, 0)); // an unknown identifier fails the whole batch, as in Lambda
        if (positions.length > 0) {
          failedFrom = Math.min(...positions);
          reason = "partial batch failure";
        }
      } catch (error) {
        failedFrom = 0;
        reason = error instanceof Error ? error.message : String(error);
      }
      queue.shift();
      if (failedFrom === undefined) continue;
      const remaining = current.records.slice(failedFrom);
      const attempts = current.attempts + 1;
      const oldestCreated = Math.min(
        ...remaining.map((r) => r.dynamodb?.ApproximateCreationDateTime ?? now()),
      );
      const outOfAttempts =
        settings.retryAttempts !== RETRY_UNTIL_MAX_RECORD_AGE && attempts > settings.retryAttempts;
      if (outOfAttempts || isPastMaxRecordAge(oldestCreated, now(), settings.maxRecordAgeSeconds)) {
        await options.onFailure(remaining, reason);
      } else if (reason !== "partial batch failure" && settings.bisectBatchOnError && remaining.length > 1) {
        const half = Math.ceil(remaining.length / 2);
        queue.unshift(
          { records: remaining.slice(0, half), attempts },
          { records: remaining.slice(half), attempts },
        );
      } else {
        queue.unshift({ records: remaining, attempts });
      }
    }
  }

  /** The page after each shard's current iterator, read while the handler works on the page before. */
  const readAhead = new Map<string, Promise<GetRecordsCommandOutput>>();

  function read(iterator: string): Promise<GetRecordsCommandOutput> {
    const page = streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: MAX_RECORDS_PER_READ }),
    );
    // Awaited later (or dropped on stop): never an unhandled rejection meanwhile.
    page.catch(() => {});
    return page;
  }

  /**
   * Reads a page of each shard, filters it and hands the handler batches of up to `batchSize` records
   * that pass the filter, as Lambda filters before batching: subject items and publication marks take
   * no room in a batch. The next page is read meanwhile, as Lambda's poller reads ahead of the function.
   */
  async function pollOnce(): Promise<boolean> {
    let sawRecords = false;
    for (const [shardId, iterator] of iterators) {
      if (iterator === undefined) {
        iterators.delete(shardId);
        finishedShards.add(shardId);
        continue;
      }
      const ahead = readAhead.get(shardId);
      readAhead.delete(shardId);
      const page = await (ahead ?? read(iterator));
      iterators.set(shardId, page.NextShardIterator);
      const pageRecords = page.Records ?? [];
      if (pageRecords.length === 0) continue;
      sawRecords = true;
      if (page.NextShardIterator !== undefined) readAhead.set(shardId, read(page.NextShardIterator));
      const records = pageRecords
        .map((record) => toLambdaRecord(record, streamArn as string, options.region))
        .filter((record) => matchesEventPattern(settings.filterPattern, record));
      for (let start = 0; start < records.length && !stopped; start += settings.batchSize)
        await deliver({ records: records.slice(start, start + settings.batchSize), attempts: 0 });
    }
    return sawRecords;
  }

  const loop = (async () => {
    let sinceDiscovery = Number.POSITIVE_INFINITY;
    while (!stopped) {
      try {
        if (sinceDiscovery > 1_000) {
          await discoverShards();
          sinceDiscovery = 0;
        }
        const started = Date.now();
        const busy = await pollOnce();
        if (!busy) await wait(idlePollMs);
        sinceDiscovery += Date.now() - started + (busy ? 0 : idlePollMs);
      } catch (error) {
        if (stopped) break;
        // DynamoDB Local restarting or briefly unreachable: keep the checkpoint and try again.
        await wait(idlePollMs * 5);
        // A stale or trimmed iterator never recovers by itself: take fresh ones (at-least-once, so re-reads are safe).
        if (
          error instanceof Error &&
          ["ExpiredIteratorException", "TrimmedDataAccessException"].includes(error.name)
        ) {
          iterators.clear();
          readAhead.clear();
        }
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
    },
  };
}
