import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { startDynamoDbLocal } from "../../local/dynamodb-local.ts";
import { freePort } from "../../local/process-utils.ts";
import {
  DynamoNotificationStore,
  type NotificationStore,
} from "../../shared/adapters/dynamodb/notification-store.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function notificationCount(
  client: ReturnType<typeof dynamoDbClient>,
  tableName: string,
): Promise<number> {
  const page = await client.send(
    new ScanCommand({
      TableName: tableName,
      Select: "COUNT",
      FilterExpression: "sk = :sk",
      ExpressionAttributeValues: { ":sk": { S: "NOTIFICATION" } },
    }),
  );
  return page.Count ?? 0;
}

describe("faults: nothing acknowledged is lost", () => {
  it("answers 503 while the store is down, then stores the upstream's retry once after it is back", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "hub-fault-"));
    folders.push(dataDir);
    const port = await freePort();
    let store = await startDynamoDbLocal({ port, dbPath: dataDir });
    const client = dynamoDbClient(store.endpoint);
    const tableName = await freshTable(client);
    const hub = ingestHarness({ client, tableName });
    const fixture = feedFixture("stay.overstay");
    const body = withFreshRecordIds(fixture, randomUUID());

    await store.stop();
    const whileDown = await hub.send(fixture.source, body);
    store = await startDynamoDbLocal({ port, dbPath: dataDir });
    const retried = await hub.send(fixture.source, body);
    const retriedAgain = await hub.send(fixture.source, body);

    expect(whileDown.status).toBe(503);
    expect(Number(whileDown.headers["retry-after"])).toBeGreaterThan(0);
    expect(retried.status).toBe(202);
    expect((retried.body.results as { status: string }[])[0]?.status).toBe("stored");
    expect((retriedAgain.body.results as { status: string }[])[0]?.status).toBe("duplicate");
    expect(await notificationCount(client, tableName)).toBe(1);
    client.destroy();
    await store.stop();
  });

  it("after a crash between the commit and the response, the retry gets `duplicate` and the same notification", async () => {
    const client = dynamoDbClient();
    const tableName = await freshTable(client);
    const real = new DynamoNotificationStore(client, tableName, 30);
    // The write commits, then the function dies before it can answer (a time-out, an out-of-memory).
    const crashing: NotificationStore = {
      async storeOnce(notification) {
        await real.storeOnce(notification);
        throw new Error("function crashed after the commit");
      },
    };
    // The crash is logged as an unhandled error, as it should be; keep the test output clean.
    const crashingHub = ingestHarness({
      client,
      tableName,
      store: crashing,
      logger: new Logger({ logLevel: "SILENT" }),
    });
    const hub = ingestHarness({ client, tableName, keys: crashingHub.keys });
    const fixture = feedFixture("biometric.watchlist-hit");
    const body = withFreshRecordIds(fixture, randomUUID());

    const crashed = await crashingHub.send(fixture.source, body);
    const retry = await hub.send(fixture.source, body);

    expect(crashed.status).toBe(500);
    expect(retry.status).toBe(202);
    expect((retry.body.results as { status: string }[])[0]?.status).toBe("duplicate");
    expect(await notificationCount(client, tableName)).toBe(1);
    client.destroy();
  });
});
