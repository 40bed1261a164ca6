/**
 * What one notification weighs, measured from the feed fixtures: its items and index entries in
 * DynamoDB (as the store adapter writes them), its event as EventBridge delivers it, and who receives
 * it; then weighted over a mix of kinds into the model's `NotificationProfile`.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { type Item, notificationItems } from "../../shared/adapters/dynamodb/notification-items.ts";
import { acknowledgementMarkItem, receiptKey } from "../../shared/adapters/dynamodb/receipt-items.ts";
import { publicationKey } from "../../shared/adapters/dynamodb/trace-publications.ts";
import { entrySize } from "../../shared/adapters/event-publisher.ts";
import {
  type DeploymentId,
  type FeedKindId,
  feedSources,
  subscribersOf,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import { mapFeedRequest } from "../../shared/sources/index.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { publicationMarks } from "../../shared/wiring/publications.ts";
import { receiptAttributes } from "../../shared/wiring/receipts.ts";
import { feedFixture } from "../../test/support/fixtures.ts";
import {
  CHUNK_BYTES,
  DYNAMODB_ITEM_OVERHEAD_BYTES,
  type ItemWeight,
  indexEntry,
  itemBytes,
  type NotificationProfile,
  writeUnits,
} from "./model.ts";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface KindProfile {
  readonly kind: FeedKindId;
  readonly weight: number;
  readonly records: number;
  readonly subscribers: readonly UnitId[];
  readonly notificationJsonBytes: number;
  readonly notificationGzipBytes: number;
  readonly notificationItemBytes: number;
  readonly subjectItems: number;
  readonly subjectItemBytes: number;
  readonly storeRoundTrips: number;
  readonly tableWriteUnits: number;
  readonly tableStorageBytes: number;
  /** Index entries of the notification item (by kind × region × month) and of the subject items (by subject). */
  readonly notificationIndexWriteUnits: number;
  readonly notificationIndexStorageBytes: number;
  readonly subjectIndexWriteUnits: number;
  readonly subjectIndexStorageBytes: number;
  readonly eventEntryBytes: number;
  readonly eventBytes: number;
  /** What-if: the notification attribute stored gzip-compressed (binary). */
  readonly tableWriteUnitsCompressed: number;
  readonly tableStorageBytesCompressed: number;
}

/** How the store adapter writes, read from its source: one transaction, or a conditional put then batch writes. */
export interface StoreWrites {
  readonly transactional: boolean;
  readonly label: string;
  /** Items per BatchWriteItem (25), or per transaction with the notification (100). */
  readonly itemsPerCall: number;
}

export function storeWritesOf(): StoreWrites {
  const source = readFileSync(
    join(repositoryRoot, "shared", "adapters", "dynamodb", "notification-store.ts"),
    "utf8",
  );
  if (/TransactWriteItemsCommand\(/.test(source)) {
    return { transactional: true, label: "one TransactWriteItems (2 WRU per KB per item)", itemsPerCall: 99 };
  }
  if (/BatchWriteItemCommand\(/.test(source)) {
    return {
      transactional: false,
      label: "conditional PutItem, then BatchWriteItem of the subject items (1 WRU per KB per item)",
      itemsPerCall: 25,
    };
  }
  throw new Error("cannot tell from notification-store.ts how the store writes subject items");
}

const SAMPLE_ACCOUNT = "123456789012";
const SAMPLE_RECEIVED_AT = new Date("2026-01-15T06:00:00.000Z");

export function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * A UUID-shaped event id derived from the notification id: random-looking as EventBridge's are (the
 * gzip ratio of the events depends on it), yet the same on every run, so the figures are reproducible.
 */
function eventIdOf(notificationId: string): string {
  const hex = createHash("sha256").update(notificationId).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The event as EventBridge delivers it to a target (SQS body, archive, audit log line). */
function deliveredEvent(notification: CanonicalNotification, source: string, region: string): string {
  return JSON.stringify({
    version: "0",
    id: eventIdOf(notification.id),
    "detail-type": notification.kind,
    source,
    account: SAMPLE_ACCOUNT,
    time: notification.receivedAt.replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [],
    detail: notification,
  });
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function indexEntryBytes(item: Record<string, AttributeValue>): number[] {
  return Object.values(notificationTable.indexes)
    .filter((index) => item[index.partitionKey] !== undefined && item[index.sortKey] !== undefined)
    .map((index) =>
      itemBytes(
        indexEntry(item, [
          notificationTable.partitionKey,
          notificationTable.sortKey,
          index.partitionKey,
          index.sortKey,
          ...index.projected,
        ]),
      ),
    );
}

export function measureKinds(
  deployment: DeploymentId,
  mix: ReadonlyMap<FeedKindId, number>,
  extras: Parameters<typeof subscribersOf>[1],
  retentionDays: number,
  region: string,
  store: StoreWrites,
): { kinds: KindProfile[]; events: string[] } {
  const events: string[] = [];
  let sequence = 0;
  const kinds = [...mix].map(([kind, weight]): KindProfile => {
    const fixture = feedFixture(kind);
    const mapped = mapFeedRequest(fixture.source, fixture.body, {
      deployment,
      receivedAt: SAMPLE_RECEIVED_AT,
      newId: () => `01JHG${String(sequence++).padStart(21, "0")}`,
    });
    if (!mapped.ok) throw new Error(`fixture of ${kind} does not map: ${JSON.stringify(mapped.errors)}`);
    const perRecord = mapped.records.map(({ notification }) => {
      const items = notificationItems(notification, retentionDays);
      const subjects = store.transactional ? items.subjects.slice(0, store.itemsPerCall) : items.subjects;
      const transactional = store.transactional && subjects.length > 0;
      const notificationBytes = itemBytes(items.notification);
      const subjectBytes = subjects.map(itemBytes);
      const json = JSON.stringify(notification);
      const gzipped = gzipSync(json, { level: 9 });
      const compressedBytes = itemBytes({ ...items.notification, notification: { B: gzipped } });
      const writes = (first: number) =>
        writeUnits(first, transactional) + sum(subjectBytes.map((bytes) => writeUnits(bytes, transactional)));
      const stored = (first: number) =>
        first +
        DYNAMODB_ITEM_OVERHEAD_BYTES +
        sum(subjectBytes.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES));
      const notificationEntries = indexEntryBytes(items.notification);
      const subjectEntries = subjects.flatMap(indexEntryBytes);
      const eventSource = feedSources[fixture.source].eventSource;
      const entry: PutEventsRequestEntry = {
        Source: eventSource,
        DetailType: notification.kind,
        Detail: json,
        Time: new Date(notification.receivedAt),
      };
      const event = deliveredEvent(notification, eventSource, region);
      events.push(event);
      return {
        notificationJsonBytes: Buffer.byteLength(json),
        notificationGzipBytes: gzipped.byteLength,
        notificationItemBytes: notificationBytes,
        subjectItems: subjects.length,
        subjectItemBytes: average(subjectBytes),
        storeRoundTrips: store.transactional ? 1 : 1 + Math.ceil(subjects.length / store.itemsPerCall),
        tableWriteUnits: writes(notificationBytes),
        tableStorageBytes: stored(notificationBytes),
        notificationIndexWriteUnits: sum(notificationEntries.map((bytes) => writeUnits(bytes, false))),
        notificationIndexStorageBytes: sum(
          notificationEntries.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES),
        ),
        subjectIndexWriteUnits: sum(subjectEntries.map((bytes) => writeUnits(bytes, false))),
        subjectIndexStorageBytes: sum(subjectEntries.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES)),
        eventEntryBytes: entrySize(entry),
        eventBytes: Buffer.byteLength(event),
        tableWriteUnitsCompressed: writes(compressedBytes),
        tableStorageBytesCompressed: stored(compressedBytes),
      };
    });
    const mean = (pick: (value: (typeof perRecord)[number]) => number) => average(perRecord.map(pick));
    return {
      kind,
      weight,
      records: perRecord.length,
      subscribers: subscribersOf(kind, extras),
      notificationJsonBytes: mean((r) => r.notificationJsonBytes),
      notificationGzipBytes: mean((r) => r.notificationGzipBytes),
      notificationItemBytes: mean((r) => r.notificationItemBytes),
      subjectItems: mean((r) => r.subjectItems),
      subjectItemBytes: mean((r) => r.subjectItemBytes),
      storeRoundTrips: mean((r) => r.storeRoundTrips),
      tableWriteUnits: mean((r) => r.tableWriteUnits),
      tableStorageBytes: mean((r) => r.tableStorageBytes),
      notificationIndexWriteUnits: mean((r) => r.notificationIndexWriteUnits),
      notificationIndexStorageBytes: mean((r) => r.notificationIndexStorageBytes),
      subjectIndexWriteUnits: mean((r) => r.subjectIndexWriteUnits),
      subjectIndexStorageBytes: mean((r) => r.subjectIndexStorageBytes),
      eventEntryBytes: mean((r) => r.eventEntryBytes),
      eventBytes: mean((r) => r.eventBytes),
      tableWriteUnitsCompressed: mean((r) => r.tableWriteUnitsCompressed),
      tableStorageBytesCompressed: mean((r) => r.tableStorageBytesCompressed),
    };
  });
  return { kinds, events };
}

/** What items write (`transactional`: inside TransactWriteItems) and keep, with their index entries. */
function weightOf(items: readonly Item[], transactional: boolean): ItemWeight {
  const entries = items.flatMap(indexEntryBytes);
  return {
    tableWriteUnits: sum(items.map((item) => writeUnits(itemBytes(item), transactional))),
    indexWriteUnits: sum(entries.map((bytes) => writeUnits(bytes, false))),
    tableStorageBytes: sum(items.map((item) => itemBytes(item) + DYNAMODB_ITEM_OVERHEAD_BYTES)),
    indexStorageBytes: sum(entries.map((bytes) => bytes + DYNAMODB_ITEM_OVERHEAD_BYTES)),
  };
}

const SAMPLE_NOTIFICATION_ID = "01JHG000000000000000000000";
const SAMPLE_EXPIRES_AT = 1_800_000_000;
const SAMPLE_AT = "2026-01-15T06:05:00.000Z";

/** The publish function's mark of one notification, as trace-publications.ts writes it. */
export function publicationMarkWeight(): ItemWeight {
  const mark: Item = {
    ...publicationKey(SAMPLE_NOTIFICATION_ID),
    [publicationMarks.publishedAt]: { S: SAMPLE_AT },
    [notificationTable.timeToLiveAttribute]: { N: String(SAMPLE_EXPIRES_AT) },
  };
  return weightOf([mark], false);
}

/**
 * One `received` acknowledgement as receipt-ledger.ts writes it: the ledger item (the officer and the
 * principal as an assumed-role session ARN of typical length) and its mark, in one transaction.
 */
export function acknowledgementWeight(): ItemWeight {
  const unit = "duty";
  const a = receiptAttributes;
  const ledger: Item = {
    ...receiptKey(SAMPLE_NOTIFICATION_ID, unit),
    [a.notificationId]: { S: SAMPLE_NOTIFICATION_ID },
    [a.unit]: { S: unit },
    [a.receivedAt]: { S: SAMPLE_AT },
    [a.receivedBy]: { S: "officer-000123" },
    [a.receivedPrincipal]: {
      S: "arn:aws:sts::123456789012:assumed-role/Order195Hub-almaty-unit-duty/officer-000123",
    },
    [notificationTable.timeToLiveAttribute]: { N: String(SAMPLE_EXPIRES_AT) },
  };
  const mark = acknowledgementMarkItem(
    { notificationId: SAMPLE_NOTIFICATION_ID, unit, status: "received" },
    SAMPLE_AT,
    SAMPLE_EXPIRES_AT,
  );
  return weightOf([ledger, mark], true);
}

interface ProfileVariant {
  /** The notification attribute stored gzip-compressed. */
  readonly compressed: boolean;
  /** Subject items keyed by the subject (pk = subject key): the by-subject index is not needed. */
  readonly subjectsKeyedBySubject: boolean;
}

const AS_BUILT: ProfileVariant = { compressed: false, subjectsKeyedBySubject: false };

export function profileOf(
  kinds: readonly KindProfile[],
  units: readonly UnitId[],
  store: StoreWrites,
  variant: ProfileVariant = AS_BUILT,
): NotificationProfile {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  const weighted = (pick: (k: KindProfile) => number) =>
    kinds.reduce((s, k) => s + (k.weight / total) * pick(k), 0);
  const subjectIndex = variant.subjectsKeyedBySubject ? 0 : 1;
  return {
    tableWriteMode: store.label,
    storeRoundTrips: weighted((k) => k.storeRoundTrips),
    tableWriteUnits: weighted((k) => (variant.compressed ? k.tableWriteUnitsCompressed : k.tableWriteUnits)),
    indexWriteUnits: weighted((k) => k.notificationIndexWriteUnits + subjectIndex * k.subjectIndexWriteUnits),
    tableStorageBytes: weighted((k) =>
      variant.compressed ? k.tableStorageBytesCompressed : k.tableStorageBytes,
    ),
    indexStorageBytes: weighted(
      (k) => k.notificationIndexStorageBytes + subjectIndex * k.subjectIndexStorageBytes,
    ),
    eventChunks: weighted((k) => Math.ceil(k.eventEntryBytes / CHUNK_BYTES)),
    eventBytes: weighted((k) => k.eventBytes),
    unitShares: units.map((unit) => weighted((k) => (k.subscribers.includes(unit) ? 1 : 0))),
    publicationMark: publicationMarkWeight(),
    acknowledgement: acknowledgementWeight(),
  };
}
