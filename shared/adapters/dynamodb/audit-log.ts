/**
 * The audit log on its own table (key design: shared/wiring/audit-table.ts). A query's record is
 * written in one transaction with its person entries and the continuation items of its ids, each on
 * condition that it is new: all of it or none. The auditor reads records by day or by person.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import type { AuditRecordBody } from "../../api/responses.ts";
import type { AuditOutcome, AuditRecord } from "../../domain/audit/audit-record.ts";
import { isDeploymentId, isQueryId, isUnitId } from "../../domain/catalogue/index.ts";
import { AuditUnavailableError, QueryTooBroadError, ReadUnavailableError } from "../../domain/errors.ts";
import type { AuditQuery } from "../../domain/queries/audit-query.ts";
import { auditTable } from "../../wiring/audit-table.ts";
import { isTransientAwsError } from "../transient-errors.ts";
import type { Item } from "./notification-items.ts";
import { decodeCursor, encodeCursor, type PagePosition } from "./page-cursor.ts";

/** Writes a query's record before it is answered. Throws `AuditUnavailableError`, or `QueryTooBroadError` for a record too large to write. */
export interface AuditLog {
  write(record: AuditRecord): Promise<void>;
}

export interface AuditPage {
  readonly records: readonly AuditRecordBody[];
  readonly nextCursor?: string;
}

/** Reads the audit log for the auditor. */
export interface AuditReader {
  read(query: AuditQuery): Promise<AuditPage>;
}

/** A transaction holds at most 100 items. */
const MAX_TRANSACTION_ITEMS = 100;
/** Ids per item: ~30 KB of 400 KB, and a full transaction of them stays under its 4 MB. */
export const AUDIT_IDS_PER_ITEM = 1_000;
const SECONDS_PER_DAY = 86_400;
const DAY_MS = 86_400_000;
const RECORD_READ_CONCURRENCY = 8;

const { partitionKey, sortKey, timeToLiveAttribute, indexes } = auditTable;

function auditPartitionKey(auditId: string): string {
  return `${auditTable.partitionPrefix}${auditId}`;
}

function dayPartition(day: string): string {
  return `DAY#${day}`;
}

const text = (value: string): AttributeValue => ({ S: value });
const texts = (values: readonly string[]): AttributeValue => ({ L: values.map(text) });

/** The items of one record, or `undefined` when they are more than one transaction holds. */
export function auditItems(record: AuditRecord, retentionDays: number): Item[] | undefined {
  const personKeys = [...new Set(record.personKeys)];
  const idChunks: string[][] = [];
  for (let start = 0; start < record.notificationIds.length; start += AUDIT_IDS_PER_ITEM) {
    idChunks.push(record.notificationIds.slice(start, start + AUDIT_IDS_PER_ITEM));
  }
  const [firstIds = [], ...moreIds] = idChunks;
  if (1 + personKeys.length + moreIds.length > MAX_TRANSACTION_ITEMS) return undefined;
  const expiresAt = Math.floor(Date.parse(record.at) / 1000) + retentionDays * SECONDS_PER_DAY;
  const shared: Item = {
    [partitionKey]: text(auditPartitionKey(record.auditId)),
    [timeToLiveAttribute]: { N: String(expiresAt) },
  };
  const recordItem: Item = {
    ...shared,
    [sortKey]: text(auditTable.recordSortKey),
    [indexes.byDay.partitionKey]: text(dayPartition(record.at.slice(0, 10))),
    [indexes.byDay.sortKey]: text(`${record.unit}#${record.at}#${record.auditId}`),
    auditId: text(record.auditId),
    at: text(record.at),
    deployment: text(record.deployment),
    unit: text(record.unit),
    officer: text(record.officer),
    principal: text(record.principal),
    purpose: text(record.purpose),
    query: text(record.query),
    parameters: {
      M: Object.fromEntries(Object.entries(record.parameters).map(([name, v]) => [name, text(v)])),
    },
    personKeys: texts(personKeys),
    outcome: text(record.outcome),
    status: { N: String(record.status) },
    notificationCount: { N: String(record.notificationIds.length) },
    notificationIds: texts(firstIds),
  };
  const personItems = personKeys.map((key) => ({
    ...shared,
    [sortKey]: text(`${auditTable.personSortKeyPrefix}${key}`),
    [indexes.byPerson.partitionKey]: text(key),
    [indexes.byPerson.sortKey]: text(`${record.at}#${record.auditId}`),
    at: text(record.at),
    unit: text(record.unit),
  }));
  const idItems = moreIds.map((ids, index) => ({
    ...shared,
    [sortKey]: text(`${auditTable.notificationIdsSortKeyPrefix}${String(index + 1).padStart(4, "0")}`),
    notificationIds: texts(ids),
  }));
  return [recordItem, ...personItems, ...idItems];
}

/** The most ids a record about `personKeys` persons' keys can name. */
function idCapacity(personKeys: number): number {
  return Math.max(0, MAX_TRANSACTION_ITEMS - personKeys) * AUDIT_IDS_PER_ITEM;
}

export class DynamoAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retentionDays: number,
  ) {}

  async write(record: AuditRecord): Promise<void> {
    const items = auditItems(record, this.retentionDays);
    if (items === undefined) {
      throw new QueryTooBroadError(idCapacity(new Set(record.personKeys).size), "audit");
    }
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: items.map((Item) => ({
            Put: {
              TableName: this.tableName,
              Item,
              ConditionExpression: "attribute_not_exists(#pk)",
              ExpressionAttributeNames: { "#pk": partitionKey },
            },
          })),
        }),
      );
    } catch (error) {
      if (isTransientAwsError(error) || error instanceof TransactionCanceledException) {
        throw new AuditUnavailableError({ cause: error });
      }
      throw error;
    }
  }
}

export class DynamoAuditReader implements AuditReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async read(query: AuditQuery): Promise<AuditPage> {
    try {
      return query.personKey === undefined
        ? await this.readByDay(query)
        : await this.readByPerson(query, query.personKey);
    } catch (error) {
      if (isTransientAwsError(error)) throw new ReadUnavailableError({ cause: error });
      throw error;
    }
  }

  /** One person's entries of the period, oldest first, then their records. */
  private async readByPerson(query: AuditQuery, personKey: string): Promise<AuditPage> {
    const index = indexes.byPerson;
    const position =
      query.cursor === undefined
        ? undefined
        : decodeCursor(query.cursor, pageKeyNames(index), (partition) => partition === personKey);
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: "#person = :person AND #sort BETWEEN :from AND :to",
        ...(query.unit === undefined ? {} : { FilterExpression: "#unit = :unit" }),
        ExpressionAttributeNames: {
          "#person": index.partitionKey,
          "#sort": index.sortKey,
          ...(query.unit === undefined ? {} : { "#unit": "unit" }),
        },
        ExpressionAttributeValues: {
          ":person": text(personKey),
          ":from": text(query.from),
          // `<at>#<id>` of an instant before `to` sorts before `to` itself.
          ":to": text(query.to),
          ...(query.unit === undefined ? {} : { ":unit": text(query.unit) }),
        },
        Limit: query.limit,
        ExclusiveStartKey: position?.startKey,
      }),
    );
    const records = await this.recordsOf(page.Items ?? []);
    const next = page.LastEvaluatedKey;
    return {
      records,
      ...(next === undefined ? {} : { nextCursor: encodeCursor({ partition: personKey, startKey: next }) }),
    };
  }

  /** The period's day partitions, oldest first; in a day, by unit then time (the index's sort). */
  private async readByDay(query: AuditQuery): Promise<AuditPage> {
    const index = indexes.byDay;
    const days = daysOf(query);
    let position: PagePosition | undefined =
      query.cursor === undefined
        ? { partition: days[0] ?? "" }
        : decodeCursor(query.cursor, pageKeyNames(index), (partition) => days.includes(partition));
    const records: AuditRecordBody[] = [];
    while (position !== undefined && records.length < query.limit) {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          ...dayQuery(this.tableName, position.partition, query),
          Limit: query.limit - records.length,
          ExclusiveStartKey: position.startKey,
        }),
      );
      records.push(...(page.Items ?? []).map(recordOf));
      const nextDay: string | undefined = days[days.indexOf(position.partition) + 1];
      position =
        page.LastEvaluatedKey !== undefined
          ? { partition: position.partition, startKey: page.LastEvaluatedKey }
          : nextDay === undefined
            ? undefined
            : { partition: nextDay };
    }
    return { records, ...(position === undefined ? {} : { nextCursor: encodeCursor(position) }) };
  }

  /** The records the person entries name, in their order (parallel single reads). */
  private async recordsOf(entries: readonly Item[]): Promise<AuditRecordBody[]> {
    const records: AuditRecordBody[] = [];
    for (let start = 0; start < entries.length; start += RECORD_READ_CONCURRENCY) {
      const read = await Promise.all(
        entries.slice(start, start + RECORD_READ_CONCURRENCY).map(async (entry) => {
          const { Item } = await this.client.send(
            new GetItemCommand({
              TableName: this.tableName,
              Key: {
                [partitionKey]: entry[partitionKey] ?? text(""),
                [sortKey]: text(auditTable.recordSortKey),
              },
            }),
          );
          return Item === undefined ? [] : [recordOf(Item)];
        }),
      );
      records.push(...read.flat());
    }
    return records;
  }
}

function pageKeyNames(index: { partitionKey: string; sortKey: string }): string[] {
  return [index.partitionKey, index.sortKey, partitionKey, sortKey];
}

/** The UTC days the period touches, as day partitions, oldest first. */
function daysOf({ from, to }: AuditQuery): string[] {
  const days: string[] = [];
  const last = Date.parse(to) - 1;
  for (let day = Math.floor(Date.parse(from) / DAY_MS) * DAY_MS; day <= last; day += DAY_MS) {
    days.push(dayPartition(new Date(day).toISOString().slice(0, 10)));
  }
  return days;
}

/** One day's records of the period: of one unit by the sort key, of every unit by a filter on `at`. */
function dayQuery(tableName: string, day: string, query: AuditQuery): QueryCommandInput {
  const index = indexes.byDay;
  const names = { "#day": index.partitionKey };
  if (query.unit !== undefined) {
    return {
      TableName: tableName,
      IndexName: index.indexName,
      KeyConditionExpression: "#day = :day AND #sort BETWEEN :from AND :to",
      ExpressionAttributeNames: { ...names, "#sort": index.sortKey },
      ExpressionAttributeValues: {
        ":day": text(day),
        ":from": text(`${query.unit}#${query.from}`),
        ":to": text(`${query.unit}#${query.to}`),
      },
    };
  }
  return {
    TableName: tableName,
    IndexName: index.indexName,
    KeyConditionExpression: "#day = :day",
    FilterExpression: "#at >= :from AND #at < :to",
    ExpressionAttributeNames: { ...names, "#at": "at" },
    ExpressionAttributeValues: { ":day": text(day), ":from": text(query.from), ":to": text(query.to) },
  };
}

/** A record item as the API answers it. */
function recordOf(item: Item): AuditRecordBody {
  const [deployment, unit, query, outcome] = [
    item.deployment?.S,
    item.unit?.S,
    item.query?.S,
    item.outcome?.S,
  ];
  if (!isDeploymentId(deployment) || !isUnitId(unit) || !isQueryId(query) || !isOutcome(outcome)) {
    throw new Error(`audit item ${item[partitionKey]?.S} is not a record this hub writes`);
  }
  const notificationIds = stringsOf(item.notificationIds);
  const notificationCount = Number(item.notificationCount?.N ?? notificationIds.length);
  return {
    auditId: item.auditId?.S ?? "",
    at: item.at?.S ?? "",
    deployment,
    unit,
    officer: item.officer?.S ?? "",
    principal: item.principal?.S ?? "",
    purpose: item.purpose?.S ?? "",
    query,
    parameters: Object.fromEntries(
      Object.entries(item.parameters?.M ?? {}).map(([name, value]) => [name, value.S ?? ""]),
    ),
    personKeys: stringsOf(item.personKeys),
    outcome,
    status: Number(item.status?.N),
    notificationCount,
    notificationIds,
    notificationIdsComplete: notificationIds.length === notificationCount,
  };
}

function isOutcome(value: string | undefined): value is AuditOutcome {
  return value === "answered" || value === "refused";
}

function stringsOf(value: AttributeValue | undefined): string[] {
  return (value?.L ?? []).flatMap((element) => element.S ?? []);
}
