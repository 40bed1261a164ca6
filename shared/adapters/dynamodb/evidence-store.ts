/**
 * The evidence log's checkpoints in DynamoDB (key design: `shared/wiring/evidence-table.ts`).
 * Append-only by construction: every item is written once with a conditional put; the table's
 * resource policy and the roles' policies deny every update and delete.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import type { CheckpointRecord, LeafList, SignedCheckpoint } from "../../evidence/checkpoint.ts";
import { MalformedEvidenceError, parseLeafList, parseSignedCheckpoint } from "../../evidence/records.ts";
import { evidenceTable, LEAF_PAGE_ENTRIES } from "../../wiring/evidence-table.ts";

type Item = Record<string, AttributeValue>;

/** `appended`: this checkpoint is now the chain's end. `taken`: another run appended its sequence first. */
export type AppendOutcome = "appended" | "taken";

/** Where the checkpoint function reads the chain's end and appends to it. */
export interface CheckpointStore {
  latest(): Promise<SignedCheckpoint | undefined>;
  /** Stores the leaf list, then the checkpoint, each only if not there yet. */
  append(record: CheckpointRecord): Promise<AppendOutcome>;
}

/** The checkpoints of a span of time as `hub verify` reads them. */
export interface StoredCheckpoints {
  /** Oldest first; a checkpoint whose leaf list could not be read carries an empty one (it then fails its hash). */
  readonly records: readonly CheckpointRecord[];
  /** The checkpoint before the first, to check the first link. */
  readonly before?: SignedCheckpoint;
  /** Items that are not what they should be, named by key and problem. */
  readonly malformed: readonly string[];
}

const { partitionKey, sortKey, indexes } = evidenceTable;
const byPeriodEnd = indexes.byPeriodEnd;

const checkpointSortKey = (sequence: number): string =>
  `${evidenceTable.checkpointSortPrefix}${String(sequence).padStart(12, "0")}`;
const leafListPartition = (leafListHash: string): string =>
  `${evidenceTable.leafListPartitionPrefix}${leafListHash}`;
const leafPageSortKey = (page: number): string =>
  `${evidenceTable.leafPageSortPrefix}${String(page).padStart(6, "0")}`;

/** The items a checkpoint is stored as: its leaf-list pages, then the checkpoint itself. */
export function checkpointItems(
  record: CheckpointRecord,
  pageEntries = LEAF_PAGE_ENTRIES,
): { pages: Item[]; checkpoint: Item } {
  const { checkpoint } = record.signed;
  const pages: Item[] = [];
  for (let start = 0; start < record.leafList.length; start += pageEntries) {
    pages.push({
      [partitionKey]: { S: leafListPartition(checkpoint.leafList) },
      [sortKey]: { S: leafPageSortKey(pages.length) },
      entries: { S: JSON.stringify(record.leafList.slice(start, start + pageEntries)) },
    });
  }
  return {
    pages,
    checkpoint: {
      [partitionKey]: { S: evidenceTable.chainPartition },
      [sortKey]: { S: checkpointSortKey(checkpoint.sequence) },
      [byPeriodEnd.sortKey]: { S: checkpoint.to },
      checkpoint: { S: JSON.stringify(record.signed) },
    },
  };
}

const isNew = `attribute_not_exists(${partitionKey})`;

function jsonOf(text: string | undefined, what: string): unknown {
  if (text === undefined) throw new MalformedEvidenceError(`${what} has no content`);
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedEvidenceError(`${what} is not JSON`);
  }
}

function signedOf(item: Item): SignedCheckpoint {
  const where = `checkpoint ${item[sortKey]?.S ?? "?"}`;
  return parseSignedCheckpoint(jsonOf(item.checkpoint?.S, where), where);
}

export class DynamoCheckpointStore implements CheckpointStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Entries per leaf-list page; smaller only in tests, to page short lists. */
    private readonly pageEntries = LEAF_PAGE_ENTRIES,
  ) {}

  async latest(): Promise<SignedCheckpoint | undefined> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "#pk = :chain AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": partitionKey, "#sk": sortKey },
        ExpressionAttributeValues: {
          ":chain": { S: evidenceTable.chainPartition },
          ":prefix": { S: evidenceTable.checkpointSortPrefix },
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const [item] = page.Items ?? [];
    return item === undefined ? undefined : signedOf(item);
  }

  async append(record: CheckpointRecord): Promise<AppendOutcome> {
    const items = checkpointItems(record, this.pageEntries);
    // Pages are addressed by the list's hash: one already there holds these very entries.
    for (const page of items.pages) await this.putOnce(page);
    return (await this.putOnce(items.checkpoint)) ? "appended" : "taken";
  }

  /** The checkpoint of `sequence`, or undefined when the chain has none. */
  async checkpoint(sequence: number): Promise<SignedCheckpoint | undefined> {
    const { Item: item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: {
          [partitionKey]: { S: evidenceTable.chainPartition },
          [sortKey]: { S: checkpointSortKey(sequence) },
        },
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : signedOf(item);
  }

  /** Every checkpoint whose period overlaps [from, to), oldest first, with its leaf list. */
  async overlapping(from: Date, to: Date): Promise<StoredCheckpoints> {
    const records: CheckpointRecord[] = [];
    const malformed: string[] = [];
    for await (const item of this.byPeriodEnd(from)) {
      let signed: SignedCheckpoint;
      try {
        signed = signedOf(item);
      } catch (error) {
        if (!(error instanceof MalformedEvidenceError)) throw error;
        malformed.push(error.message);
        continue;
      }
      if (Date.parse(signed.checkpoint.from) >= to.getTime()) break;
      records.push({ signed, leafList: await this.leafListOrEmpty(signed, malformed) });
    }
    const first = records[0]?.signed.checkpoint.sequence;
    const before = first === undefined || first === 0 ? undefined : await this.checkpoint(first - 1);
    return { records, before, malformed };
  }

  /** The leaf list a checkpoint names, read in full. */
  private async leafList(signed: SignedCheckpoint): Promise<LeafList> {
    const entries: LeafList[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "#pk = :list",
          ExpressionAttributeNames: { "#pk": partitionKey },
          ExpressionAttributeValues: { ":list": { S: leafListPartition(signed.checkpoint.leafList) } },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      for (const item of page.Items ?? []) {
        const where = `leaf list of checkpoint ${signed.checkpoint.sequence}, ${item[sortKey]?.S ?? "?"}`;
        entries.push(parseLeafList(jsonOf(item.entries?.S, where), where));
      }
    } while (startKey !== undefined);
    return entries.flat();
  }

  private async leafListOrEmpty(signed: SignedCheckpoint, malformed: string[]): Promise<LeafList> {
    try {
      return await this.leafList(signed);
    } catch (error) {
      if (!(error instanceof MalformedEvidenceError)) throw error;
      malformed.push(error.message);
      return [];
    }
  }

  /** Checkpoint items whose period ends after `after`, by period end (the index: never a Scan). */
  private async *byPeriodEnd(after: Date): AsyncGenerator<Item> {
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byPeriodEnd.indexName,
          KeyConditionExpression: "#pk = :chain AND #end > :after",
          ExpressionAttributeNames: { "#pk": byPeriodEnd.partitionKey, "#end": byPeriodEnd.sortKey },
          ExpressionAttributeValues: {
            ":chain": { S: evidenceTable.chainPartition },
            ":after": { S: after.toISOString() },
          },
          ExclusiveStartKey: startKey,
        }),
      );
      startKey = page.LastEvaluatedKey;
      yield* page.Items ?? [];
    } while (startKey !== undefined);
  }

  /** True when written, false when an item was already there under its key. */
  private async putOnce(item: Item): Promise<boolean> {
    try {
      await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: item, ConditionExpression: isNew }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
