/**
 * `GET /v1/stats` on DynamoDB Local: notifications stored through the feeds' real ingest path, the
 * real stats handler invoked as API Gateway invokes it after IAM authorization. Only index queries
 * reach the table.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatsHandler } from "../../functions/stats/app.ts";
import { signedGetEvent } from "../../local/api-gateway-event.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import { errorBodySchema } from "../../shared/api/responses.ts";
import type { UnitId } from "../../shared/domain/catalogue/index.ts";
import { type StatsReport, statsReportSchema } from "../../shared/domain/stats/statistics.ts";
import { STATS_PATH } from "../../shared/wiring/stats-route.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { admin519FeedRequest } from "../support/admin-519-offences.ts";
import { feedFixture, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";
import { roleSession } from "../support/reports-harness.ts";

const client = dynamoDbClient();
/** Every command sent to DynamoDB, by name. */
const sent: string[] = [];
client.middlewareStack.add(
  (next, context) => async (args) => {
    sent.push(context.commandName ?? "?");
    return next(args);
  },
  { step: "initialize", name: "recordCommands" },
);
let tableName: string;

function statsHandler() {
  const handler = createStatsHandler({
    deployment: "almaty",
    extraSubscriptions: { "offence.admin-519": ["criminal-police"] },
    index: new KindPeriodIndex(client, tableName),
    logger: new Logger({ serviceName: "stats-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "stats-test" }),
  });
  return async (unit: UnitId, query: string) => {
    const caller = roleSession(unitRoleName(hubNameOf("almaty"), unit), "an.analyst");
    const raw = (await handler(
      signedGetEvent(STATS_PATH, query, {}, caller),
      localLambdaContext("stats"),
    )) as APIGatewayProxyResult;
    return { status: raw.statusCode, body: JSON.parse(raw.body) as unknown };
  };
}

async function report(query: string): Promise<StatsReport> {
  const answer = await statsHandler()("imc", query);
  expect(answer.status).toBe(200);
  return statsReportSchema.parse(answer.body);
}

beforeAll(async () => {
  tableName = await freshTable(client);
  const feeds = ingestHarness({ client, tableName });
  expect((await feeds.send("kqp", admin519FeedRequest(randomUUID().slice(0, 8)))).status).toBe(202);
  // The sample overstay happened in 2025: re-dated into October 2026, twice.
  const overstay = feedFixture("stay.overstay");
  for (const day of ["10", "11"]) {
    const body = withFreshRecordIds(overstay, randomUUID());
    for (const record of body.records) {
      record.occurredAt = `2026-10-${day}T09:00:00+05:00`;
      record.recordedAt = `2026-10-${day}T09:05:00+05:00`;
    }
    expect((await feeds.send(overstay.source, body)).status).toBe(202);
  }
});

afterAll(() => client.destroy());

describe("the exchange's statistics", () => {
  it("counts notifications per kind and month from the index alone, never a scan", async () => {
    sent.length = 0;
    const byKind = await report("from=2026-09&to=2026-10&by=kind");

    expect(byKind).toMatchObject({ deployment: "almaty", months: ["2026-09", "2026-10"], notifications: 32 });
    expect(byKind.rows).toEqual([
      { key: "offence.admin-519", total: 30, byMonth: [12, 18] },
      { key: "stay.overstay", total: 2, byMonth: [0, 2] },
    ]);
    expect(new Set(sent)).toEqual(new Set(["QueryCommand"]));
  });

  it("counts what each unit was sent, the deployment's extra subscriptions included", async () => {
    const byUnit = await report("from=2026-09&to=2026-10&by=unit");
    expect(byUnit.rows).toEqual([
      { key: "imc", total: 32, byMonth: [12, 20] },
      { key: "criminal-police", total: 30, byMonth: [12, 18] },
      { key: "admin-police", total: 2, byMonth: [0, 2] },
      { key: "migration-service", total: 2, byMonth: [0, 2] },
    ]);
  });

  it("leads with the citizenships the notifications are most about", async () => {
    const byCitizenship = await report("from=2026-10&to=2026-10&by=citizenship");
    expect(byCitizenship.rows.slice(0, 2)).toEqual([
      { key: "CHN", total: 5, byMonth: [5] },
      { key: "TJK", total: 5, byMonth: [5] },
    ]);
    expect(byCitizenship.rows.reduce((sum, row) => sum + row.total, 0)).toBe(20);
  });

  it("gives every month of the period by month, empty ones too", async () => {
    const byMonth = await report("from=2026-08&to=2026-11&by=month");
    expect(byMonth.rows.map((row) => [row.key, row.total])).toEqual([
      ["2026-08", 0],
      ["2026-09", 12],
      ["2026-10", 20],
      ["2026-11", 0],
    ]);
  });

  it("refuses a unit the catalogue does not let read them, and bad or repeated parameters", async () => {
    const ask = statsHandler();
    const duty = await ask("duty", "from=2026-09&to=2026-10");
    expect(duty.status).toBe(403);
    expect(errorBodySchema.parse(duty.body).error.code).toBe("stats.forbidden");

    for (const { query, path } of [
      { query: "from=2026-09&to=2026-10&by=region", path: "/query/by" },
      { query: "from=2026-10&to=2026-09", path: "/query/to" },
      { query: "to=2026-10", path: "/query/from" },
    ]) {
      const bad = await ask("imc", query);
      expect(bad.status).toBe(400);
      expect(errorBodySchema.parse(bad.body).error.details.map((detail) => detail.path)).toEqual([path]);
    }

    const repeated = await ask("imc", "from=2026-09&from=2026-01&to=2026-10");
    expect(repeated.status).toBe(400);
  });
});
