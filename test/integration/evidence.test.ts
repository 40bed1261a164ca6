/**
 * The evidence log against DynamoDB Local: the checkpoint function's use case writes the chain, an
 * operator with table access changes the store afterwards, and `hub verify`'s readers name what
 * changed, from the store and the public key alone.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { DeleteItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { ulid } from "ulid";
import { afterAll, describe, expect, inject, it } from "vitest";
import { proveStoredNotification, verifyCommand, verifyStoredPeriod } from "../../cli/commands/verify.ts";
import { type CheckpointRun, makeCheckpoints } from "../../functions/checkpoint/make-checkpoints.ts";
import { ensureEvidenceTable } from "../../local/evidence.ts";
import {
  DynamoReceiptLeafReader,
  DynamoStoreLeafReader,
} from "../../shared/adapters/dynamodb/evidence-leaves.ts";
import { checkpointItems, DynamoCheckpointStore } from "../../shared/adapters/dynamodb/evidence-store.ts";
import { recordPartitionKey } from "../../shared/adapters/dynamodb/notification-items.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { receiptKey } from "../../shared/adapters/dynamodb/receipt-items.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { ReceivedNotificationReader } from "../../shared/adapters/dynamodb/received-notifications.ts";
import type { FeedKindId, UnitId } from "../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../shared/domain/notification.ts";
import type { ReceiptStatus } from "../../shared/domain/receipts/receipt.ts";
import { buildCheckpoint } from "../../shared/evidence/checkpoint.ts";
import { verifyInclusionProof } from "../../shared/evidence/inclusion.ts";
import { parseInclusionProof } from "../../shared/evidence/records.ts";
import { generateSigningKey, privateKeySigner, type Signer } from "../../shared/evidence/signing.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";
import { notificationOf } from "../unit/support/feeds.ts";

const client = dynamoDbClient();
const folders: string[] = [];
afterAll(() => {
  client.destroy();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const MINUTE = 60_000;
const INTERVAL_MS = 5 * MINUTE;
const SETTLE_MS = 2 * MINUTE;
/** The periods the tests checkpoint: [10:00, 10:05), [10:05, 10:10), [10:10, 10:15) (the last empty). */
const at = (clock: string) => new Date(`2026-01-05T${clock}.000Z`);
const kinds = [
  "expulsion.ordered",
  "registration.migration",
  "stay.overstay",
  "biometric.watchlist-hit",
] as const;
const hubKey = privateKeySigner(generateSigningKey());

/** A sample notification of `kind` received at `receivedAt`, with an id minted then (as the ingest function mints it). */
function receivedAt(kind: FeedKindId, time: Date): CanonicalNotification {
  const notification = structuredClone(notificationOf(kind));
  notification.id = ulid(time.getTime());
  notification.receivedAt = time.toISOString();
  notification.upstream.recordId = `evidence-${randomUUID()}`;
  return notification;
}

/** A unit's acknowledgement of the `notification`-th notification of the world, at a clock time. */
interface Acknowledgement {
  readonly notification: number;
  readonly unit: UnitId;
  readonly status: ReceiptStatus;
  readonly clock: string;
  readonly officer: string;
}

interface World {
  readonly tableName: string;
  readonly evidenceTableName: string;
  readonly checkpoints: DynamoCheckpointStore;
  readonly leaves: DynamoStoreLeafReader;
  readonly acknowledgements: DynamoReceiptLeafReader;
  readonly notifications: CanonicalNotification[];
  store(notification: CanonicalNotification): Promise<void>;
  /** Acknowledges through the receipts ledger, as POST /v1/receipts does; the outcome. */
  acknowledge(acknowledgement: Acknowledgement): Promise<string>;
  /** A checkpoint run at `now` (as the schedule would run it), signed by `signer`. */
  run(now: Date, signer?: Signer): Promise<CheckpointRun>;
  verify(publicKeyPem?: string): ReturnType<typeof verifyStoredPeriod>;
}

/** `hub verify --notification <id>`'s proofs, from this world's store and log. */
function proveIn(hub: World, notificationId: string): ReturnType<typeof proveStoredNotification> {
  const { checkpoints, leaves, acknowledgements } = hub;
  return proveStoredNotification({ checkpoints, leaves, acknowledgements, notificationId });
}

/**
 * Fresh tables, eight notifications in the first two periods, the `acknowledgements` of them, and the
 * three periods checkpointed in two runs. `pageEntries`: leaf-list entries per stored page.
 */
async function world(
  options: { pageEntries?: number; acknowledgements?: readonly Acknowledgement[] } = {},
): Promise<World> {
  const { pageEntries, acknowledgements = [] } = options;
  const tableName = await freshTable(client);
  const evidenceTableName = `evidence-${randomUUID().slice(0, 8)}`;
  await ensureEvidenceTable(client, evidenceTableName);
  const notificationStore = new DynamoNotificationStore(client, tableName, 30);
  const checkpoints = new DynamoCheckpointStore(client, evidenceTableName, pageEntries);
  const ledger = new DynamoReceiptLedger(client, tableName);
  const receiptLeaves = new DynamoReceiptLeafReader(client, tableName);
  const leaves = new DynamoStoreLeafReader(
    new ReceivedNotificationReader(client, tableName),
    { "stay.overstay": ["duty"] },
    receiptLeaves,
  );
  const notifications = [
    "10:00:10",
    "10:01:00",
    "10:04:59",
    "10:05:00",
    "10:06:30",
    "10:07:00",
    "10:09:59",
    "10:02:00",
  ].map((clock, i) => receivedAt(kinds[i % kinds.length] ?? "stay.overstay", at(clock)));
  const built: World = {
    tableName,
    evidenceTableName,
    checkpoints,
    leaves,
    acknowledgements: receiptLeaves,
    notifications,
    store: async (notification) => {
      await notificationStore.storeOnce(notification);
    },
    acknowledge: async ({ notification, unit, status, clock, officer }) => {
      const acknowledged = requireAt(notifications, notification);
      const result = await ledger.acknowledge({
        notificationId: acknowledged.id,
        expiresAt: Math.floor(Date.parse(acknowledged.receivedAt) / 1000) + 30 * 86_400,
        caller: {
          unit,
          officer,
          principal: `arn:aws:sts::123456789012:assumed-role/unit-${unit}/${officer}`,
        },
        status,
        at: at(clock),
      });
      return result.outcome;
    },
    run: (now, signer = hubKey) =>
      makeCheckpoints({
        deployment: "almaty",
        checkpoints,
        leaves,
        signer: async () => signer,
        now: () => now,
        intervalMs: INTERVAL_MS,
        settleMs: SETTLE_MS,
      }),
    verify: (publicKeyPem = hubKey.publicKeyPem) =>
      verifyStoredPeriod({ checkpoints, leaves, publicKeyPem, from: at("10:00:00"), to: at("10:15:00") }),
  };
  for (const notification of notifications) await built.store(notification);
  for (const acknowledgement of acknowledgements) await built.acknowledge(acknowledgement);
  await built.run(at("10:07:00"));
  await built.run(at("10:17:00"));
  return built;
}

/** The notification item of a stored notification, as an operator with table access would address it. */
const itemKey = (notification: CanonicalNotification) => ({
  [notificationTable.partitionKey]: {
    S: recordPartitionKey(notification.upstream.system, notification.upstream.recordId),
  },
  [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
});

function requireAt<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`no element ${index}`);
  return value;
}

describe("checkpoints on DynamoDB Local", () => {
  it("chains one checkpoint per period, the first on the grid, catching up on periods missed", async () => {
    // Act
    const { checkpoints } = await world();

    // Assess
    const stored = await checkpoints.overlapping(at("09:00:00"), at("11:00:00"));
    expect(stored.malformed).toEqual([]);
    expect(
      stored.records.map(({ signed: { checkpoint } }) => [
        checkpoint.sequence,
        checkpoint.from,
        checkpoint.leafCount,
      ]),
    ).toEqual([
      [0, at("10:00:00").toISOString(), 8],
      [1, at("10:05:00").toISOString(), 8],
      [2, at("10:10:00").toISOString(), 0],
    ]);
  });

  it("does nothing when run again before the next period has settled", async () => {
    // Prepare
    const hub = await world();

    // Act
    const again = await hub.run(at("10:19:59"));

    // Assess
    expect(again).toEqual({ appended: [], lostRace: false, skipped: 0, lagMs: 2 * MINUTE + 59_000 });
  });

  it("stores a leaf list in pages, content-addressed, and reads it back whole", async () => {
    // Prepare: pages of 3 entries, so that the 8 leaves of a period take 3 pages
    const hub = await world({ pageEntries: 3 });

    // Act
    const report = await hub.verify();
    const [first] = (await hub.checkpoints.overlapping(at("10:00:00"), at("10:05:00"))).records;
    const pages = await client.send(
      new QueryCommand({
        TableName: hub.evidenceTableName,
        KeyConditionExpression: "pk = :list",
        ExpressionAttributeValues: { ":list": { S: `LEAVES#${first?.signed.checkpoint.leafList}` } },
      }),
    );

    // Assess
    expect(report).toMatchObject({ verified: true, checkpointCount: 3, leafCount: 16 });
    expect(pages.Items?.map((item) => item.sk?.S)).toEqual(["PAGE#000000", "PAGE#000001", "PAGE#000002"]);
  });
});

describe("hub verify against DynamoDB Local", () => {
  it("verifies an untouched period", async () => {
    // Prepare
    const hub = await world();

    // Act
    const report = await hub.verify();

    // Assess
    expect(report).toMatchObject({
      verified: true,
      checkpointCount: 3,
      leafCount: 16,
      checkpointFindings: [],
      leafFindings: [],
      malformed: [],
      unverifiable: 0,
    });
  });

  it("names a notification one field of which was changed in the table", async () => {
    // Prepare: an operator corrects the surname of the first person of one stored notification
    const hub = await world();
    const target = requireAt(hub.notifications, 5);
    const edited = structuredClone(target);
    const person = edited.subject.persons[0];
    if (person === undefined) throw new Error("the sample has no person");
    person.name.surname = "Другой";
    await client.send(
      new UpdateItemCommand({
        TableName: hub.tableName,
        Key: itemKey(target),
        UpdateExpression: "SET #notification = :edited",
        ExpressionAttributeNames: { "#notification": "notification" },
        ExpressionAttributeValues: { ":edited": { S: JSON.stringify(edited) } },
      }),
    );

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.verified).toBe(false);
    expect(report.notifications).toEqual({ altered: [target.id], deleted: [], added: [] });
    expect(report.leafFindings).toEqual([
      expect.objectContaining({
        change: "altered",
        type: "notification",
        notificationId: target.id,
        sequence: 1,
      }),
    ]);
  });

  it("names a notification deleted from the table, with its routing", async () => {
    // Prepare
    const hub = await world();
    const target = requireAt(hub.notifications, 1);
    await client.send(new DeleteItemCommand({ TableName: hub.tableName, Key: itemKey(target) }));

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [target.id], added: [] });
    expect(report.leafFindings.map((finding) => [finding.change, finding.type, finding.sequence])).toEqual([
      ["deleted", "notification", 0],
      ["deleted", "routing", 0],
    ]);
  });

  it("names a notification inserted into a checkpointed period without a leaf", async () => {
    // Prepare
    const hub = await world();
    const inserted = receivedAt("expulsion.ordered", at("10:08:00"));
    await hub.store(inserted);

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [], added: [inserted.id] });
    expect(report.leafFindings).toEqual([
      expect.objectContaining({ change: "added", type: "notification", sequence: 1 }),
      expect.objectContaining({ change: "added", type: "routing", sequence: 1 }),
    ]);
  });

  it("refuses a checkpoint signed with another key, and vouches for none of its leaves", async () => {
    // Prepare: the operator replaces checkpoint 1 by one signed with a key of their own
    const hub = await world();
    const stored = await hub.checkpoints.overlapping(at("10:05:00"), at("10:10:00"));
    const genuine = requireAt(stored.records, 0);
    const forged = await buildCheckpoint(
      {
        deployment: "almaty",
        previous: stored.before?.checkpoint ?? null,
        from: genuine.signed.checkpoint.from,
        to: genuine.signed.checkpoint.to,
        leaves: [],
        createdAt: genuine.signed.checkpoint.createdAt,
      },
      privateKeySigner(generateSigningKey()),
    );
    const items = checkpointItems(forged);
    await client.send(new PutItemCommand({ TableName: hub.evidenceTableName, Item: items.checkpoint }));

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.verified).toBe(false);
    expect(report.checkpointFindings).toEqual(
      expect.arrayContaining([
        { sequence: 1, problem: "bad-signature" },
        { sequence: 2, problem: "broken-link" },
      ]),
    );
    expect(report.unverifiable).toBe(8);
  });

  it("refuses every checkpoint checked with another public key", async () => {
    // Prepare
    const hub = await world();

    // Act
    const report = await hub.verify(privateKeySigner(generateSigningKey()).publicKeyPem);

    // Assess
    expect(report.verified).toBe(false);
    expect(report.checkpointFindings.filter((finding) => finding.problem === "bad-signature")).toHaveLength(
      3,
    );
  });

  it("keeps one chain when two runs close the same periods at once", async () => {
    // Prepare
    const hub = await world();
    for (const clock of ["10:16:00", "10:21:00", "10:26:00"])
      await hub.store(receivedAt("registration.migration", at(clock)));

    // Act
    const runs = await Promise.all([hub.run(at("10:32:00")), hub.run(at("10:32:00"))]);

    // Assess
    const stored = await hub.checkpoints.overlapping(at("10:00:00"), at("11:00:00"));
    expect(stored.records.map(({ signed }) => signed.checkpoint.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(runs.filter((run) => run.lostRace)).toHaveLength(1);
    expect(runs.reduce((sum, run) => sum + run.appended.length, 0)).toBe(3);
    const report = await verifyStoredPeriod({
      checkpoints: hub.checkpoints,
      leaves: hub.leaves,
      publicKeyPem: hubKey.publicKeyPem,
      from: at("10:00:00"),
      to: at("10:30:00"),
    });
    expect(report).toMatchObject({ verified: true, checkpointCount: 6, leafCount: 22 });
  });
});

describe("hub verify --notification", () => {
  it("proves each leaf of a notification, checkable offline with the public key alone", async () => {
    // Prepare
    const hub = await world();
    const target = requireAt(hub.notifications, 2);

    // Act
    const outcomes = await proveIn(hub, target.id);

    // Assess
    expect(outcomes.map((outcome) => outcome.key)).toEqual([
      `${target.id}/notification`,
      `${target.id}/routing/${target.receivedAt}`,
    ]);
    for (const outcome of outcomes) {
      if (!("proof" in outcome)) throw new Error(`${outcome.key} was ${outcome.change}`);
      const offline = parseInclusionProof(JSON.parse(JSON.stringify(outcome.proof)));
      expect(verifyInclusionProof(offline, hubKey.publicKeyPem)).toEqual({ valid: true });
    }
  });

  it("names a leaf the store no longer holds as committed instead of proving it", async () => {
    // Prepare
    const hub = await world();
    const target = requireAt(hub.notifications, 0);
    await client.send(
      new UpdateItemCommand({
        TableName: hub.tableName,
        Key: itemKey(target),
        UpdateExpression: "SET #notification = :edited",
        ExpressionAttributeNames: { "#notification": "notification" },
        ExpressionAttributeValues: { ":edited": { S: JSON.stringify({ ...target, region: "ALA" }) } },
      }),
    );

    // Act
    const outcomes = await proveIn(hub, target.id);

    // Assess
    expect(outcomes).toEqual([
      { key: `${target.id}/notification`, change: "altered", sequence: 0 },
      expect.objectContaining({ key: `${target.id}/routing/${target.receivedAt}`, proof: expect.anything() }),
    ]);
  });
});

/**
 * Acknowledgements of the first notification (expulsion.ordered, 10:00:10) and the fourth
 * (biometric.watchlist-hit, 10:05:00): imc takes the first in at 10:01 and acts on it at 10:06 (the
 * next period); admin-police acts on it first at 10:03 (received and actioned at once); duty takes
 * the fourth in at 10:14:59 (the last period, else empty).
 */
const acknowledgements: readonly Acknowledgement[] = [
  { notification: 0, unit: "imc", status: "received", clock: "10:01:00", officer: "a.tulegenov" },
  { notification: 0, unit: "admin-police", status: "actioned", clock: "10:03:00", officer: "s.akhmetov" },
  { notification: 0, unit: "imc", status: "actioned", clock: "10:06:00", officer: "k.omarova" },
  { notification: 3, unit: "duty", status: "received", clock: "10:14:59", officer: "d.serikov" },
];

/** The receipt item of a unit, as an operator with table access would address it. */
const ledgerItemKey = (notification: CanonicalNotification, unit: UnitId) =>
  receiptKey(notification.id, unit);

describe("acknowledgements as leaves, against DynamoDB Local", () => {
  it("commits each acknowledgement of a period to its checkpoint, as the ledger states it", async () => {
    // Act
    const hub = await world({ acknowledgements });

    // Assess
    const stored = await hub.checkpoints.overlapping(at("10:00:00"), at("10:15:00"));
    const first = requireAt(hub.notifications, 0);
    const fourth = requireAt(hub.notifications, 3);
    const receiptKeys = stored.records.map((record) =>
      record.leafList.map((entry) => entry.key).filter((key) => key.includes("/receipt/")),
    );
    expect(receiptKeys).toEqual([
      [
        `${first.id}/receipt/admin-police/actioned/${at("10:03:00").toISOString()}`,
        `${first.id}/receipt/admin-police/received/${at("10:03:00").toISOString()}`,
        `${first.id}/receipt/imc/received/${at("10:01:00").toISOString()}`,
      ],
      [`${first.id}/receipt/imc/actioned/${at("10:06:00").toISOString()}`],
      [`${fourth.id}/receipt/duty/received/${at("10:14:59").toISOString()}`],
    ]);
    expect(stored.records.map((record) => record.signed.checkpoint.leafCount)).toEqual([11, 9, 1]);
  });

  it("verifies an untouched period with acknowledgements, and a repeated acknowledgement adds nothing", async () => {
    // Prepare
    const hub = await world({ acknowledgements });

    // Act
    const repeated = await hub.acknowledge({ ...requireAt(acknowledgements, 0), clock: "10:02:00" });
    const report = await hub.verify();

    // Assess
    expect(repeated).toBe("unchanged");
    expect(report).toMatchObject({
      verified: true,
      checkpointCount: 3,
      leafCount: 21,
      leafFindings: [],
      unreadable: 0,
    });
  });

  it("names the notification whose receipt's officer was changed in the ledger afterwards", async () => {
    // Prepare
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 0);
    await client.send(
      new UpdateItemCommand({
        TableName: hub.tableName,
        Key: ledgerItemKey(target, "imc"),
        UpdateExpression: "SET #officer = :other",
        ExpressionAttributeNames: { "#officer": "receivedBy" },
        ExpressionAttributeValues: { ":other": { S: "someone.else" } },
      }),
    );

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.verified).toBe(false);
    expect(report.notifications).toEqual({ altered: [target.id], deleted: [], added: [] });
    expect(report.leafFindings).toEqual([
      expect.objectContaining({ change: "altered", type: "receipt", notificationId: target.id, sequence: 0 }),
    ]);
  });

  it("names the notification whose receipt was moved to another time in the ledger", async () => {
    // Prepare: imc's `actioned` moved from 10:06 to 10:08, within the same period
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 0);
    await client.send(
      new UpdateItemCommand({
        TableName: hub.tableName,
        Key: ledgerItemKey(target, "imc"),
        UpdateExpression: "SET #at = :other",
        ExpressionAttributeNames: { "#at": "actionedAt" },
        ExpressionAttributeValues: { ":other": { S: at("10:08:00").toISOString() } },
      }),
    );

    // Act
    const report = await hub.verify();

    // Assess: the committed key is gone, and the same fact is found under another time
    expect(report.notifications).toEqual({ altered: [], deleted: [target.id], added: [target.id] });
    expect(report.leafFindings.map((finding) => [finding.change, finding.type, finding.sequence])).toEqual([
      ["deleted", "receipt", 1],
      ["added", "receipt", 1],
    ]);
  });

  it("names the notification whose receipt was deleted from the ledger, each fact of it", async () => {
    // Prepare
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 0);
    await client.send(
      new DeleteItemCommand({ TableName: hub.tableName, Key: ledgerItemKey(target, "admin-police") }),
    );

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [target.id], added: [] });
    expect(report.leafFindings.map((finding) => [finding.change, finding.type, finding.sequence])).toEqual([
      ["deleted", "receipt", 0],
      ["deleted", "receipt", 0],
    ]);
  });

  it("names the notification whose acknowledgement mark was deleted", async () => {
    // Prepare
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 3);
    await client.send(
      new DeleteItemCommand({
        TableName: hub.tableName,
        Key: { ...ledgerItemKey(target, "duty"), [notificationTable.sortKey]: { S: "ACK#duty#received" } },
      }),
    );

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [target.id], added: [] });
    expect(report.leafFindings).toEqual([
      expect.objectContaining({ change: "deleted", type: "receipt", sequence: 2 }),
    ]);
  });

  it("names an acknowledgement dated back into a checkpointed period, without a leaf", async () => {
    // Prepare: after the checkpoints, an acknowledgement dated back into a closed period
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 4);
    await hub.acknowledge({
      notification: 4,
      unit: "imc",
      status: "received",
      clock: "10:09:00",
      officer: "x.y",
    });

    // Act
    const report = await hub.verify();

    // Assess
    expect(report.notifications).toEqual({ altered: [], deleted: [], added: [target.id] });
  });

  it("proves a notification's acknowledgements, in whichever checkpoint holds them", async () => {
    // Prepare
    const hub = await world({ acknowledgements });
    const target = requireAt(hub.notifications, 0);

    // Act
    const outcomes = await proveIn(hub, target.id);

    // Assess
    expect(outcomes.map((outcome) => outcome.key)).toEqual([
      `${target.id}/notification`,
      `${target.id}/receipt/admin-police/actioned/${at("10:03:00").toISOString()}`,
      `${target.id}/receipt/admin-police/received/${at("10:03:00").toISOString()}`,
      `${target.id}/receipt/imc/received/${at("10:01:00").toISOString()}`,
      `${target.id}/routing/${target.receivedAt}`,
      `${target.id}/receipt/imc/actioned/${at("10:06:00").toISOString()}`,
    ]);
    for (const outcome of outcomes) {
      if (!("proof" in outcome)) throw new Error(`${outcome.key} was ${outcome.change}`);
      const offline = parseInclusionProof(JSON.parse(JSON.stringify(outcome.proof)));
      expect(verifyInclusionProof(offline, hubKey.publicKeyPem)).toEqual({ valid: true });
    }
  });
});

/** Runs `hub verify` in-process; its output and exit code. */
async function hubVerify(args: readonly string[]): Promise<{ code: number; output: string }> {
  let output = "";
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString("utf8");
      done();
    },
  });
  const code = await verifyCommand.execute(args, { out });
  return { code, output };
}

describe("the hub verify command", () => {
  it("against the tables (as against AWS): exit 0 on a clean period, 1 naming a tampered one", async () => {
    // Prepare: the command reaches DynamoDB Local as the SDK reaches AWS, by endpoint and credentials
    const hub = await world();
    const folder = mkdtempSync(join(tmpdir(), "hub-verify-"));
    folders.push(folder);
    const publicKeyFile = join(folder, "evidence.pub.pem");
    writeFileSync(publicKeyFile, hubKey.publicKeyPem);
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: inject("dynamodbEndpoint"),
      AWS_REGION: "eu-central-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      [envNames.tableName]: hub.tableName,
      [envNames.evidenceTableName]: hub.evidenceTableName,
    });
    const args = ["--from", "2026-01-05T10:00:00Z", "--to", "2026-01-05T10:15:00Z", "--deployment", "almaty"];
    const withExtras = join(folder, "hub.json");
    writeFileSync(withExtras, JSON.stringify({ all: { extraSubscriptions: { "stay.overstay": ["duty"] } } }));
    try {
      // Act
      const clean = await hubVerify([...args, "--config", withExtras, "--public-key", publicKeyFile]);
      await client.send(
        new DeleteItemCommand({ TableName: hub.tableName, Key: itemKey(requireAt(hub.notifications, 4)) }),
      );
      const tampered = await hubVerify([...args, "--config", withExtras, "--public-key", publicKeyFile]);
      const proofsFile = join(folder, "proofs.json");
      const proved = await hubVerify([
        "--notification",
        requireAt(hub.notifications, 3).id,
        "--out",
        proofsFile,
        "--deployment",
        "almaty",
        "--config",
        withExtras,
        "--public-key",
        publicKeyFile,
      ]);
      const offline = await hubVerify(["--proof", proofsFile, "--public-key", publicKeyFile]);
      writeFileSync(proofsFile, readFileSync(proofsFile, "utf8").replace('"leafIndex": 0', '"leafIndex": 1'));
      const forgedProof = await hubVerify(["--proof", proofsFile, "--public-key", publicKeyFile]);

      // Assess
      console.log(
        `hub verify, clean period:\n${clean.output}\nhub verify, tampered period:\n${tampered.output}`,
      );
      expect(clean).toMatchObject({ code: 0, output: expect.stringContaining("VERIFIED") });
      expect(tampered.code).toBe(1);
      expect(tampered.output).toContain("NOT VERIFIED");
      expect(tampered.output).toContain(`${requireAt(hub.notifications, 4).id} notification`);
      expect(proved.code).toBe(0);
      expect(offline).toMatchObject({ code: 0, output: expect.stringContaining("valid") });
      expect(forgedProof.code).toBe(1);
    } finally {
      process.env = saved;
    }
  });

  it("refuses to run without a public key, and with one that is not P-256", async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), "hub-verify-"));
    folders.push(folder);
    const notAKey = join(folder, "not-a-key.pem");
    writeFileSync(notAKey, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

    // Act
    const withoutKey = hubVerify(["--proof", notAKey]);
    const withBadKey = hubVerify(["--proof", notAKey, "--public-key", notAKey]);

    // Assess
    await expect(withoutKey).rejects.toThrow(/--public-key/);
    await expect(withBadKey).rejects.toThrow(/not a P-256 public key/);
  });
});

describe("the evidence table", () => {
  it("holds only what the design names: checkpoints in the chain, leaf-list pages by content", async () => {
    // Prepare
    const hub = await world();

    // Act
    const chain = await client.send(
      new QueryCommand({
        TableName: hub.evidenceTableName,
        KeyConditionExpression: "pk = :chain",
        ExpressionAttributeValues: { ":chain": { S: "CHAIN" } },
      }),
    );

    // Assess
    expect(chain.Items?.map((item) => item.sk?.S)).toEqual([
      "SEQ#000000000000",
      "SEQ#000000000001",
      "SEQ#000000000002",
    ]);
  });
});
