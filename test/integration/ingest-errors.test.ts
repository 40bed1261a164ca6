import { randomUUID } from "node:crypto";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localCredentials } from "../../local/local-aws.ts";
import { freePort } from "../../local/process-utils.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { MAX_BODY_BYTES } from "../../shared/wiring/limits.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness, LOCAL_REGION, testKey } from "../support/hub-harness.ts";

const client = dynamoDbClient();
let tableName: string;
let hub: ReturnType<typeof ingestHarness>;
const fixture = feedFixture("expulsion.ordered");
const freshBody = () => withFreshRecordIds(fixture, randomUUID());

beforeAll(async () => {
  tableName = await freshTable(client);
  hub = ingestHarness({ client, tableName });
});
afterAll(() => client.destroy());

async function itemCount(): Promise<number> {
  const page = await client.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
  return page.Count ?? 0;
}

type ErrorBody = {
  requestId: string;
  error: { code: string; message: string; details: { path: string; code: string }[] };
};

/** Every refusal: the documented status and code, the one error format, and nothing stored. */
async function expectRefused(
  request: () => Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, string> }>,
  status: number,
  code: string,
) {
  const before = await itemCount();
  const { status: actual, body, headers } = await request();
  const error = body as unknown as ErrorBody;
  expect({ status: actual, code: error.error?.code }).toEqual({ status, code });
  expect(typeof error.requestId).toBe("string");
  expect(error.error.message.length).toBeGreaterThan(0);
  expect(Array.isArray(error.error.details)).toBe(true);
  expect(headers["content-type"]).toMatch(/^application\/json/);
  expect(await itemCount()).toBe(before);
  return { error: error.error, headers };
}

describe("ingest: refused requests", () => {
  it("400 for malformed JSON", async () => {
    await expectRefused(
      () => hub.send("kqp", '{"contractVersion":"1","records":[{'),
      400,
      "body.malformed-json",
    );
  });

  it("401 when a signature header is missing, naming it but not echoing anything secret", async () => {
    const body = JSON.stringify(freshBody());
    const { error } = await expectRefused(
      () => hub.invoke("kqp", body, { "content-type": "application/json" }),
      401,
      "signature.missing",
    );
    expect(error.message).toContain("webhook-signature");
  });

  it("401 for a signature made with a key the source does not have", async () => {
    const { error } = await expectRefused(
      () => hub.send("kqp", freshBody(), { key: testKey() }),
      401,
      "signature.invalid",
    );
    expect(JSON.stringify(error)).not.toMatch(/v1,/);
  });

  it("401 for a body changed after signing", async () => {
    const body = JSON.stringify(freshBody());
    const headers = signWebhook(hub.keys.kqp?.[0] ?? "", body, { id: "msg_tampered" });
    await expectRefused(
      () =>
        hub.invoke("kqp", body.replace("KZ-75", "KZ-71"), { "content-type": "application/json", ...headers }),
      401,
      "signature.invalid",
    );
  });

  it.each([
    ["5 minutes and 1 s in the past", -301],
    ["5 minutes and 1 s in the future", 301],
  ])("401 for a timestamp %s", async (_, offsetSeconds) => {
    const timestamp = new Date(Date.now() + offsetSeconds * 1000);
    await expectRefused(() => hub.send("kqp", freshBody(), { timestamp }), 401, "signature.expired");
  });

  it.each([
    ["4 min 50 s in the past", -290],
    ["4 min 50 s in the future", 290],
  ])("accepts a timestamp %s (clock skew within tolerance)", async (_, offsetSeconds) => {
    const response = await hub.send("kqp", freshBody(), {
      timestamp: new Date(Date.now() + offsetSeconds * 1000),
    });
    expect(response.status).toBe(202);
  });

  it("404 for an unknown source, listing the known ones", async () => {
    const { error } = await expectRefused(() => hub.invoke("sirena", "{}", {}), 404, "source.unknown");
    expect(error.message).toContain("kqp, burkit, bil");
  });

  it("413 for a body over the limit, saying the limit", async () => {
    const huge = JSON.stringify({ contractVersion: "1", records: [], padding: "x".repeat(MAX_BODY_BYTES) });
    const { error } = await expectRefused(() => hub.send("kqp", huge), 413, "body.too-large");
    expect(error.message).toContain(String(MAX_BODY_BYTES));
  });

  it("415 for a body that is not declared JSON", async () => {
    const body = JSON.stringify(freshBody());
    const headers = signWebhook(hub.keys.kqp?.[0] ?? "", body, { id: "msg_text" });
    await expectRefused(
      () => hub.invoke("kqp", body, { "content-type": "text/plain", ...headers }),
      415,
      "body.media-type",
    );
  });

  it("422 with a JSON pointer for every bad field of every record, storing none of the batch", async () => {
    const body = freshBody();
    const good = body.records[0] ?? {};
    const records = [
      good,
      { ...good, recordId: `${String(good.recordId)}-b`, region: "KZ-00" },
      { ...good, recordId: 7 },
    ];

    const { error } = await expectRefused(
      () => hub.send("kqp", { ...body, records }),
      422,
      "contract.invalid",
    );

    const paths = error.details.map((d) => d.path);
    expect(paths).toContain("/records/1/region");
    expect(paths).toContain("/records/2/recordId");
    expect(paths.some((p) => p.startsWith("/records/0"))).toBe(false);
  });

  it("422 for a record of another region, naming the right deployment", async () => {
    const body = freshBody();
    const records = body.records.map((record) => ({ ...record, region: "KZ-71" }));

    const { error } = await expectRefused(
      () => hub.send("kqp", { ...body, records }),
      422,
      "region.mismatch",
    );

    expect(error.details[0]?.path).toBe("/records/0/region");
    expect(error.details[0]?.code).toBe("region.mismatch");
    expect(JSON.stringify(error.details)).toContain("astana");
  });

  it("503 with Retry-After when the store cannot be reached, acknowledging nothing", async () => {
    const unreachable = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: LOCAL_REGION,
      credentials: localCredentials,
      maxAttempts: 1,
    });
    const offline = ingestHarness({
      client,
      tableName,
      keys: hub.keys,
      store: new DynamoNotificationStore(unreachable, tableName, 30),
    });

    const { headers } = await expectRefused(() => offline.send("kqp", freshBody()), 503, "store.unavailable");

    expect(Number(headers["retry-after"])).toBeGreaterThan(0);
    unreachable.destroy();
  });
});

describe("ingest: key rotation", () => {
  it("accepts the old and the new key while both are active, and refuses a removed one", async () => {
    const [oldKey, newKey] = [testKey(), testKey()];
    const during = ingestHarness({ client, tableName, keys: { kqp: [newKey, oldKey] } });
    const after = ingestHarness({ client, tableName, keys: { kqp: [newKey] } });

    const withOld = await during.send("kqp", freshBody(), { key: oldKey });
    const withNew = await during.send("kqp", freshBody(), { key: newKey });
    const removed = () => after.send("kqp", freshBody(), { key: oldKey });

    expect([withOld.status, withNew.status]).toEqual([202, 202]);
    await expectRefused(removed, 401, "signature.invalid");
  });

  it("accepts a request carrying several signatures when one of them matches", async () => {
    const body = JSON.stringify(freshBody());
    const key = hub.keys.kqp?.[0] ?? "";
    const timestamp = new Date();
    const wrong = signWebhook(testKey(), body, { id: "msg_multi", timestamp })["webhook-signature"];
    const right = signWebhook(key, body, { id: "msg_multi", timestamp });

    const response = await hub.invoke("kqp", body, {
      "content-type": "application/json",
      ...right,
      "webhook-signature": `${wrong} ${right["webhook-signature"]}`,
    });

    expect(response.status).toBe(202);
  });
});
