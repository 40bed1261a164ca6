import { randomUUID } from "node:crypto";
import { DeleteItemCommand, GetItemCommand, QueryCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordPartitionKey, subjectKeys } from "../../shared/adapters/dynamodb/notification-items.ts";
import { canonicalNotificationSchema } from "../../shared/domain/notification.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { feedFixture, feedFixtures, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";

const client = dynamoDbClient();
let tableName: string;
let hub: ReturnType<typeof ingestHarness>;

beforeAll(async () => {
  tableName = await freshTable(client);
  hub = ingestHarness({ client, tableName });
});
afterAll(() => client.destroy());

async function itemCount(): Promise<number> {
  const page = await client.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
  return page.Count ?? 0;
}

async function storedNotification(source: string, recordId: string) {
  const item = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: {
        [notificationTable.partitionKey]: { S: recordPartitionKey(source, recordId) },
        [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
      },
    }),
  );
  return item.Item;
}

describe("ingest: accepted requests", () => {
  it.each(feedFixtures.map((f) => [f.kind, f] as const))(
    "stores the %s fixture once and answers 202",
    async (_, fixture) => {
      const body = withFreshRecordIds(fixture, randomUUID());

      const response = await hub.send(fixture.source, body);

      expect(response.status).toBe(202);
      const results = response.body.results as { recordId: string; notificationId: string; status: string }[];
      expect(results.map((r) => r.status)).toEqual(body.records.map(() => "stored"));
      for (const result of results) {
        const item = await storedNotification(fixture.source, result.recordId);
        const notification = canonicalNotificationSchema.parse(JSON.parse(item?.notification?.S ?? "null"));
        expect(notification.id).toBe(result.notificationId);
        expect(notification.kind).toBe(fixture.kind);
        expect(item?.expiresAt?.N).toBeDefined();
      }
    },
  );

  it("answers a retried request with `duplicate` and the same notification ids, storing nothing new", async () => {
    const fixture = feedFixture("registration.migration");
    const body = withFreshRecordIds(fixture, randomUUID());
    const first = await hub.send(fixture.source, body);
    const countAfterFirst = await itemCount();

    const retry = await hub.send(fixture.source, body);

    expect(retry.status).toBe(202);
    const firstResults = first.body.results as { notificationId: string }[];
    const retryResults = retry.body.results as { notificationId: string; status: string }[];
    expect(retryResults.map((r) => r.status)).toEqual(firstResults.map(() => "duplicate"));
    expect(retryResults.map((r) => r.notificationId)).toEqual(firstResults.map((r) => r.notificationId));
    expect(await itemCount()).toBe(countAfterFirst);
  });

  it("stores one notification when 50 identical requests race", async () => {
    const fixture = feedFixture("border.entry-ban-hit");
    const body = withFreshRecordIds(fixture, randomUUID());
    const recordId = String(body.records[0]?.recordId);

    const responses = await Promise.all(Array.from({ length: 50 }, () => hub.send(fixture.source, body)));

    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 202));
    const outcomes = responses.map(
      (r) => (r.body.results as { status: string; notificationId: string }[])[0],
    );
    expect(outcomes.filter((o) => o?.status === "stored")).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o?.notificationId)).size).toBe(1);
    expect(await storedNotification(fixture.source, recordId)).toBeDefined();
  });

  it("finds every notification about a person through the by-subject index, and a retry repairs a lost index entry", async () => {
    const fixture = feedFixture("registration.migration");
    const body = withFreshRecordIds(fixture, randomUUID());
    const first = await hub.send(fixture.source, body);
    const result = (first.body.results as { recordId: string; notificationId: string }[])[0];
    const stored = await storedNotification(fixture.source, result?.recordId ?? "");
    const notification = canonicalNotificationSchema.parse(JSON.parse(stored?.notification?.S ?? "null"));
    const keys = subjectKeys(notification);
    const bySubject = (key: string) =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: notificationTable.indexes.bySubject.indexName,
          KeyConditionExpression: "#key = :key",
          ExpressionAttributeNames: { "#key": notificationTable.indexes.bySubject.partitionKey },
          ExpressionAttributeValues: { ":key": { S: key } },
        }),
      );
    const lostKey = keys[0] ?? "";
    const pk = recordPartitionKey(fixture.source, result?.recordId ?? "");

    const found = await Promise.all(keys.map(bySubject));
    await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { pk: { S: pk }, sk: { S: `SUBJECT#${lostKey}` } },
      }),
    );
    const afterLoss = await bySubject(lostKey);
    const retry = await hub.send(fixture.source, body);
    const repaired = await bySubject(lostKey);

    expect(keys.length).toBeGreaterThan(0);
    // The fixtures' persons recur across tests: the index holds all their notifications, this one among them.
    for (const page of found)
      expect(page.Items?.map((item) => item.notificationId?.S)).toContain(result?.notificationId);
    expect(afterLoss.Items?.map((item) => item.notificationId?.S)).not.toContain(result?.notificationId);
    expect((retry.body.results as { status: string }[])[0]?.status).toBe("duplicate");
    expect(repaired.Items?.map((item) => item.notificationId?.S)).toContain(result?.notificationId);
  });
});
