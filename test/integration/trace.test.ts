/**
 * A notification's trace against DynamoDB Local: the publication marks the publish function writes,
 * the trace store's reads (by id, by record; publication, receipts, escalations), and the trace
 * handler as API Gateway invokes it.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTraceHandler } from "../../functions/trace/app.ts";
import { apiGatewayProxyEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { LOCAL_ACCOUNT } from "../../local/local-aws.ts";
import { assumedRoleCaller } from "../../local/unit-roles.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import { DynamoPublicationLog } from "../../shared/adapters/dynamodb/trace-publications.ts";
import { DynamoTraceStore } from "../../shared/adapters/dynamodb/trace-store.ts";
import type { TraceBody } from "../../shared/api/trace.ts";
import type { UnitId } from "../../shared/domain/catalogue/index.ts";
import { escalationOf, type ReceiptDeadlines } from "../../shared/domain/receipts/index.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { TRACE_PATHS } from "../../shared/wiring/trace-route.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";

const client = dynamoDbClient();
const RETENTION_DAYS = 30;
const deadlines: ReceiptDeadlines = {
  urgent: { first: 600, second: 3600 },
  routine: { first: 43_200, second: 86_400 },
};
let tableName: string;
/** An urgent crossing (routed to imc, criminal-police, transport-police), as the ingest function stored it. */
let crossing: { id: string; recordId: string; receivedAt: Date };

beforeAll(async () => {
  tableName = await freshTable(client);
  const fixture = feedFixture("border.illegal-crossing");
  const body = withFreshRecordIds(fixture, randomUUID());
  const response = await ingestHarness({ client, tableName, retentionDays: RETENTION_DAYS }).send(
    fixture.source,
    body,
  );
  expect(response.status).toBe(202);
  const [result] = response.body.results as { notificationId: string; recordId: string }[];
  if (result === undefined) throw new Error("nothing stored");
  crossing = { id: result.notificationId, recordId: result.recordId, receivedAt: new Date() };
});
afterAll(() => client.destroy());

const caller = (unit: UnitId, officer = "a.officer") => ({
  unit,
  officer,
  principal: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${unitRoleName(hubNameOf("almaty"), unit)}/${officer}`,
});

describe("publication marks", () => {
  it("are read back by the trace store, and a mark that cannot be written is counted, not thrown", async () => {
    const log = new DynamoPublicationLog(client, tableName, () => new Date("2026-11-29T10:00:01.250Z"));
    const expiresAt = Math.floor(Date.now() / 1000) + 86_400;

    const unrecorded = await log.record([{ notificationId: crossing.id, expiresAt }]);
    const broken = await new DynamoPublicationLog(client, "no-such-table").record([
      { notificationId: crossing.id, expiresAt },
    ]);
    const store = new DynamoTraceStore(client, tableName);
    const notification = await store.byId(crossing.id);
    if (notification === undefined) throw new Error("not found by id");
    const facts = await store.factsOf(notification, []);

    expect(unrecorded).toBe(0);
    expect(broken).toBe(1);
    expect(facts.publication).toEqual({ publishedAt: "2026-11-29T10:00:01.250Z" });
  });
});

describe("the trace store", () => {
  it("finds a notification by id and by its upstream record, naming no person", async () => {
    const store = new DynamoTraceStore(client, tableName);

    const byId = await store.byId(crossing.id);
    const byRecord = await store.byRecord("burkit", crossing.recordId);

    expect(byRecord).toEqual(byId);
    expect(byId).toMatchObject({
      id: crossing.id,
      kind: "border.illegal-crossing",
      source: "burkit",
      upstream: { system: "burkit", recordId: crossing.recordId },
    });
    expect(Object.keys(byId ?? {})).not.toContain("subject");
    expect(await store.byId(newNotificationId())).toBeUndefined();
    expect(await store.byRecord("burkit", "no-such-record")).toBeUndefined();
  });

  it("reads the receipts and the escalations of missed deadlines", async () => {
    const store = new DynamoTraceStore(client, tableName);
    const notification = await store.byId(crossing.id);
    if (notification === undefined) throw new Error("not found by id");
    const ledger = new DynamoReceiptLedger(client, tableName);
    const expiresAt = Math.floor(Date.now() / 1000) + 86_400;
    await ledger.acknowledge({
      notificationId: crossing.id,
      expiresAt,
      caller: caller("imc", "imc.officer"),
      status: "actioned",
      reference: "KUSP-7",
      at: new Date(),
    });
    const dueAt = new Date(Date.parse(notification.receivedAt) + 600_000);
    const escalation = escalationOf(
      {
        notification: {
          id: crossing.id,
          kind: notification.kind,
          receivedAt: new Date(notification.receivedAt),
        },
        unit: "criminal-police",
        level: "first",
        dueAt,
        checkedAt: new Date(dueAt.getTime() + 30_000),
      },
      "almaty",
      newNotificationId(),
    );
    await new DynamoNotificationStore(client, tableName, RETENTION_DAYS).storeOnce(escalation);

    const facts = await store.factsOf(notification, [
      { unit: "criminal-police", level: "first" },
      { unit: "criminal-police", level: "second" },
    ]);

    expect(facts.receipts).toEqual([
      expect.objectContaining({
        unit: "imc",
        received: expect.objectContaining({ officer: "imc.officer" }),
        actioned: expect.objectContaining({ reference: "KUSP-7" }),
      }),
    ]);
    expect([...facts.escalations]).toEqual([
      [
        `${crossing.id}.criminal-police.first`,
        { notificationId: escalation.id, raisedAt: escalation.receivedAt },
      ],
    ]);
  });
});

describe("the trace handler", () => {
  // Built when called: the table exists only once `beforeAll` has run.
  const handler = () =>
    createTraceHandler({
      deployment: "almaty",
      extraSubscriptions: {},
      deadlines,
      store: new DynamoTraceStore(client, tableName),
      now: () => new Date(),
      logger: new Logger({ serviceName: "trace-test", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "trace-test" }),
    });

  async function get(unit: UnitId, path: string, resource: string, pathParameters: Record<string, string>) {
    const event = apiGatewayProxyEvent({
      method: "GET",
      resource,
      path,
      pathParameters,
      headers: {},
      body: "",
      caller: assumedRoleCaller({
        account: LOCAL_ACCOUNT,
        roleName: unitRoleName(hubNameOf("almaty"), unit),
        sessionName: "a.officer",
        accessKeyId: "ASIATEST",
      }),
    });
    const result = (await handler()(event, localLambdaContext("trace"))) as APIGatewayProxyResult;
    return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
  }
  const byId = (unit: UnitId, id: string) =>
    get(unit, `/v1/notifications/${id}/trace`, TRACE_PATHS.byNotification, { id });

  it("answers 200 with every unit the notification is routed to, by id and by record", async () => {
    const answer = await byId("transport-police", crossing.id);
    const byRecord = await get(
      "transport-police",
      `/v1/records/burkit/${crossing.recordId}/trace`,
      TRACE_PATHS.byRecord,
      { source: "burkit", recordId: crossing.recordId },
    );

    expect(answer.status).toBe(200);
    const { trace } = answer.body as unknown as TraceBody;
    expect(trace.notification.id).toBe(crossing.id);
    expect(trace.units.map((unit) => unit.unit)).toEqual(["imc", "criminal-police", "transport-police"]);
    expect(trace.deadLetters).toBe("not-checked");
    expect(byRecord.status).toBe(200);
    expect((byRecord.body as unknown as TraceBody).trace.notification.id).toBe(crossing.id);
  });

  it("answers 403 to a unit the notification was not routed to, 404 for an unknown one", async () => {
    const forbidden = await byId("migration-service", crossing.id);
    const unknown = await byId("imc", newNotificationId());

    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ code: "trace.forbidden" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: "notification.unknown" });
  });
});
