/**
 * The real ingest handler behind the local gateway, on DynamoDB Local, fed what a careless or hostile
 * sender or operator might send: a secret entry that is no key, a known source through the catch-all
 * route, control characters in free text, an unknown field named with personal data. Each is refused,
 * nothing is stored, and no answer repeats what was sent.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIngestHandler } from "../../functions/ingest/app.ts";
import { reportIgnoredWebhookKeys } from "../../functions/ingest/webhook-key-warnings.ts";
import { feedRoutes, type LocalHttpGateway, startLocalHttpGateway } from "../../local/http-gateway.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { createWebhookKeyring } from "../../shared/adapters/webhook-keyring.ts";
import type { ErrorBody } from "../../shared/api/responses.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";

const client = dynamoDbClient();
/** A 4-byte "key" an operator left in the secret (`{"rotatedAt":"2025"}` in spirit). */
const weakValue = "whsec_MjAyNQ==";
const kqpKey = `whsec_${randomBytes(32).toString("base64")}`;
const fixture = feedFixture("registration.migration");
let tableName: string;
let gateway: LocalHttpGateway;

beforeAll(async () => {
  tableName = await freshTable(client);
  const logger = new Logger({ serviceName: "ingest-test", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Order195HubTest", serviceName: "ingest-test" });
  gateway = await startLocalHttpGateway({
    routes: feedRoutes(
      createIngestHandler({
        deployment: "almaty",
        store: new DynamoNotificationStore(client, tableName, 30),
        keyring: createWebhookKeyring(
          { kind: "inline", keys: { kqp: [weakValue, kqpKey] } },
          { onIgnoredKeys: reportIgnoredWebhookKeys({ logger, metrics }) },
        ),
        now: () => new Date(),
        newId: newNotificationId,
        logger,
        metrics,
      }),
    ),
  });
});
afterAll(async () => {
  await gateway.stop();
  client.destroy();
});

async function itemCount(): Promise<number> {
  const page = await client.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
  return page.Count ?? 0;
}

/** POSTs `payload` to `path`, signed with `key` as an upstream system signs. */
async function post(path: string, payload: unknown, key = kqpKey) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${gateway.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...signWebhook(key, body, { id: `msg_${randomUUID()}` }) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Refused with `status` and `code`, nothing stored. */
async function expectRefused(request: () => ReturnType<typeof post>, status: number, code: string) {
  const before = await itemCount();
  const response = await request();
  expect(response.status).toBe(status);
  const { error } = JSON.parse(response.text) as ErrorBody;
  expect(error.code).toBe(code);
  expect(await itemCount()).toBe(before);
  return { error, text: response.text };
}

const freshBody = () => withFreshRecordIds(fixture, randomUUID());

describe("hostile input through the local gateway", () => {
  it("accepts a signed request on the source's own route", async () => {
    expect((await post("/v1/feeds/kqp", freshBody())).status).toBe(202);
  });

  it("verifies nothing with a secret entry that is no key: a 4-byte value signs nothing", async () => {
    await expectRefused(() => post("/v1/feeds/kqp", freshBody(), weakValue), 401, "signature.invalid");
  });

  it("answers 404 to a known source through the catch-all route (percent-encoded)", async () => {
    await expectRefused(() => post("/v1/feeds/%6Bqp", freshBody()), 404, "source.unknown");
  });

  it("refuses an address carrying a terminal escape sequence, without repeating it", async () => {
    // Prepare
    const body = freshBody();
    const [record] = body.records;
    const address = "ул. Абая\u001b[2J, 10";
    body.records = [{ ...record, place: { locality: "Алматы", address } }];

    // Act
    const { error, text } = await expectRefused(() => post("/v1/feeds/kqp", body), 422, "contract.invalid");

    // Assess
    expect(error.details).toEqual([
      {
        path: "/records/0/place/address",
        code: "text.characters",
        message: expect.stringContaining("U+001B"),
      },
    ]);
    expect(text).not.toContain("Абая");
  });

  it("refuses an unknown field named with a name and an IIN, without repeating the name", async () => {
    // Prepare
    const body = freshBody();
    body.records = body.records.map((record) => ({ ...record, "Иванов 900314300125": true }));

    // Act
    const { error, text } = await expectRefused(() => post("/v1/feeds/kqp", body), 422, "contract.invalid");

    // Assess
    expect(error.details.map((detail) => [detail.path, detail.code])).toEqual(
      body.records.map((_, index) => [`/records/${index}`, "contract.unknown-field"]),
    );
    expect(text).not.toMatch(/Иванов|900314300125/);
  });
});
