/**
 * Records per second stored through the real ingest handler (in-process, signed requests, batches of
 * 100) against DynamoDB Local, beside DynamoDB Local's own conditional-put rate on the same table
 * shape, measured in the same run. Prints figures and the ratio; asserts nothing.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { ulid } from "ulid";
import { createIngestHandler } from "../functions/ingest/app.ts";
import { feedRequestEvent } from "../local/api-gateway-event.ts";
import { startDynamoDbLocal } from "../local/dynamodb-local.ts";
import { localLambdaContext } from "../local/lambda-context.ts";
import { localCredentials } from "../local/local-aws.ts";
import { createNotificationTable } from "../local/notification-table-setup.ts";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { DynamoNotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import { signWebhook } from "../shared/http/webhook-signature.ts";
import { feedFixtures } from "../test/support/fixtures.ts";

process.env.POWERTOOLS_METRICS_DISABLED = "true";
const quick = process.argv.includes("--quick");
const REQUESTS = quick ? 20 : 100;
const BATCH = 100;
const CONCURRENCY = 4;
const key = `whsec_${Buffer.from(randomUUID()).toString("base64")}`;

ensureDynamoDbLocal();
const dynamodbLocal = await startDynamoDbLocal();
const client = new DynamoDBClient({
  endpoint: dynamodbLocal.endpoint,
  region: "eu-central-1",
  credentials: localCredentials,
});

async function inFlight(total: number, concurrency: number, work: (index: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await work(next++);
    }),
  );
}

try {
  // Floor: conditional puts of items shaped like the hub's (same table, same size) at the same concurrency.
  const floorTable = `bench-floor-${randomUUID().slice(0, 8)}`;
  await createNotificationTable(client, floorTable);
  const sample = JSON.stringify(feedFixtures[0]?.body);
  const floorPuts = REQUESTS * BATCH;
  const floorStart = performance.now();
  await inFlight(floorPuts, CONCURRENCY * 16, (i) =>
    client.send(
      new PutItemCommand({
        TableName: floorTable,
        Item: { pk: { S: `REC#bench#${i}` }, sk: { S: "NOTIFICATION" }, notification: { S: sample } },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    ),
  );
  const floorRate = floorPuts / ((performance.now() - floorStart) / 1000);

  // The hub: signed requests of 100 records each through the whole middy chain and store.
  const table = `bench-hub-${randomUUID().slice(0, 8)}`;
  await createNotificationTable(client, table);
  const handler = createIngestHandler({
    deployment: "almaty",
    store: new DynamoNotificationStore(client, table, 30),
    keyring: { keysFor: async () => [key] },
    now: () => new Date(),
    newId: () => ulid(),
    logger: new Logger({ serviceName: "bench", logLevel: "ERROR" }),
    metrics: new Metrics({ namespace: "bench" }),
  });
  const bySource = new Map<string, Record<string, unknown>[]>();
  for (const fixture of feedFixtures) {
    bySource.set(fixture.source, [...(bySource.get(fixture.source) ?? []), ...fixture.body.records]);
  }
  const sources = [...bySource.keys()];
  const requests = Array.from({ length: REQUESTS }, (_, r) => {
    const source = sources[r % sources.length] ?? "kqp";
    const pool = bySource.get(source) ?? [];
    const records = Array.from({ length: BATCH }, (_, i) => ({
      ...pool[i % pool.length],
      recordId: `bench-${r}-${i}`,
    }));
    return { source, body: JSON.stringify({ contractVersion: "1", records }) };
  });
  let failures = 0;
  const hubStart = performance.now();
  await inFlight(requests.length, CONCURRENCY, async (index) => {
    const request = requests[index];
    if (request === undefined) return;
    const headers = {
      "content-type": "application/json",
      ...signWebhook(key, request.body, { id: `msg_${index}` }),
    };
    const result = await handler(
      feedRequestEvent(request.source, request.body, headers),
      localLambdaContext("ingest"),
    );
    if (result.statusCode !== 202) failures += 1;
  });
  const hubRate = (REQUESTS * BATCH) / ((performance.now() - hubStart) / 1000);

  const rows = [
    ["DynamoDB Local conditional PutItem (floor)", `${floorRate.toFixed(0)} items/s`],
    [
      `ingest handler, ${REQUESTS} requests × ${BATCH} records, ${CONCURRENCY} in flight`,
      `${hubRate.toFixed(0)} records/s`,
    ],
    ["ratio hub / floor", `${((hubRate / floorRate) * 100).toFixed(0)} %`],
    ["non-202 responses", String(failures)],
  ];
  for (const [label = "", value = ""] of rows) console.log(`${label.padEnd(70)} ${value}`);
} finally {
  client.destroy();
  await dynamodbLocal.stop();
}
