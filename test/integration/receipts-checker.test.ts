/**
 * The overdue checker against DynamoDB Local, on a clock the test moves: notifications stored by the
 * real reports path at known times, receipts by the ledger, escalations stored through the real store
 * (each table is fresh: the checker's cursor is one item per table).
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { createReceiptCheckerHandler } from "../../functions/receipt-checker/app.ts";
import type { CheckSummary } from "../../functions/receipt-checker/check-receipts.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { recordPartitionKey } from "../../shared/adapters/dynamodb/notification-items.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReceiptCheckerCursor } from "../../shared/adapters/dynamodb/receipt-checker-cursor.ts";
import { DynamoDueNotifications } from "../../shared/adapters/dynamodb/receipt-due-notifications.ts";
import { DynamoReceiptLedger } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import type { UnitId, UnitReportKindId } from "../../shared/domain/catalogue/index.ts";
import { canonicalNotificationSchema } from "../../shared/domain/notification.ts";
import type { EscalationLevel, ReceiptDeadlines } from "../../shared/domain/receipts/deadlines.ts";
import { ESCALATION_PROCESS, escalationRecordId } from "../../shared/domain/receipts/escalation.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { hubNameOf } from "../../shared/wiring/unit-roles.ts";
import { reportFixture, withFreshReportIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";
import { reportsHarness, roleSession } from "../support/reports-harness.ts";

const client = dynamoDbClient();
afterAll(() => client.destroy());

const deadlines: ReceiptDeadlines = {
  urgent: { first: 10 * 60, second: 60 * 60 },
  routine: { first: 12 * 3600, second: 24 * 3600 },
};
const start = Date.parse("2030-03-04T08:00:00.000Z");
const minute = (minutes: number) => new Date(start + minutes * 60_000);

/** A fresh table with a clock, the reports path to store on it, the ledger and the real checker. */
async function scenario() {
  const tableName = await freshTable(client);
  let now = minute(0);
  const clock = () => now;
  const reports = reportsHarness({ client, tableName, now: clock });
  const ledger = new DynamoReceiptLedger(client, tableName);
  const checker = createReceiptCheckerHandler({
    deployment: "almaty",
    extraSubscriptions: {},
    deadlines,
    cursor: new DynamoReceiptCheckerCursor(client, tableName),
    due: new DynamoDueNotifications(client, tableName),
    ledger,
    store: new DynamoNotificationStore(client, tableName, 30),
    now: clock,
    newId: newNotificationId,
    logger: new Logger({ serviceName: "receipt-checker-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "receipt-checker-test" }),
  });

  return {
    /** Moves the clock to `minutes` after the start. */
    at(minutes: number) {
      now = minute(minutes);
    },
    async store(kind: UnitReportKindId): Promise<string> {
      const fixture = reportFixture(kind);
      const [report] = withFreshReportIds(fixture, randomUUID()).reports;
      const response = await reports.file(fixture.unit, { reports: [{ ...report, region: "KZ-75" }] });
      const id = response.accepted?.results[0]?.notificationId;
      if (id === undefined) throw new Error(`not stored: ${response.status}`);
      return id;
    },
    async acknowledge(notificationId: string, unit: UnitId) {
      await ledger.acknowledge({
        notificationId,
        expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
        caller: {
          unit,
          principal: roleSession(`${hubNameOf("almaty")}-${unit}`).userArn,
          officer: "t.check",
        },
        status: "received",
        at: now,
      });
    },
    async check(event: unknown = {}): Promise<CheckSummary> {
      return (await checker(event, localLambdaContext("receipt-checker"))) as CheckSummary;
    },
    /** The escalation stored for a missed deadline, parsed as a canonical notification, if any. */
    async escalation(notificationId: string, unit: UnitId, level: EscalationLevel) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: {
            [notificationTable.partitionKey]: {
              S: recordPartitionKey(ESCALATION_PROCESS, escalationRecordId(notificationId, unit, level)),
            },
            [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
          },
        }),
      );
      const json = Item?.notification?.S;
      return json === undefined ? undefined : canonicalNotificationSchema.parse(JSON.parse(json));
    },
  };
}

const raised = (summary: CheckSummary) =>
  summary.escalations.map(({ unit, level, status }) => [unit, level, status]);

describe("the overdue checker", () => {
  it("escalates each unit without a receipt once per missed deadline, and none acknowledged in time", async () => {
    const hub = await scenario();
    await hub.check(); // the first run: the cursor starts here
    const id = await hub.store("foreigner.undocumented"); // urgent, to imc and migration-service
    hub.at(5);
    await hub.acknowledge(id, "imc");

    hub.at(9);
    const beforeDeadline = await hub.check();
    hub.at(11);
    const afterDeadline = await hub.check();
    hub.at(12);
    const nextRun = await hub.check();

    expect(beforeDeadline.escalations).toEqual([]);
    expect(raised(afterDeadline)).toEqual([["migration-service", "first", "stored"]]);
    expect(nextRun.escalations).toEqual([]);
    const escalation = await hub.escalation(id, "migration-service", "first");
    expect(escalation).toMatchObject({
      kind: "receipt.overdue",
      source: "hub",
      region: "KZ-75",
      subject: { persons: [] },
      occurredAt: minute(10).toISOString(),
      receivedAt: minute(11).toISOString(),
      facts: {
        notification: { id, kind: "foreigner.undocumented", receivedAt: minute(0).toISOString() },
        unit: "migration-service",
        receiptClass: "urgent",
        dueAt: minute(10).toISOString(),
        overdueSeconds: 60,
      },
    });
    expect(afterDeadline.escalations[0]?.escalationId).toBe(escalation?.id);
    expect(await hub.escalation(id, "imc", "first")).toBeUndefined();
  });

  it("stores nothing new when the same deadlines are checked again (a duplicate, the same escalation)", async () => {
    const hub = await scenario();
    await hub.check();
    const id = await hub.store("foreigner.undocumented");
    await hub.acknowledge(id, "migration-service");
    hub.at(11);
    const first = await hub.check();
    const recheck = await hub.check({ recheckFrom: minute(1).toISOString() });

    expect(raised(first)).toEqual([["imc", "first", "stored"]]);
    expect(raised(recheck)).toEqual([["imc", "first", "duplicate"]]);
    expect(recheck.escalations[0]?.escalationId).toBe(first.escalations[0]?.escalationId);
    expect((await hub.escalation(id, "imc", "first"))?.kind).toBe("receipt.overdue");
  });

  it("escalates to kpd at the second deadline only a unit that has still not acknowledged", async () => {
    const hub = await scenario();
    await hub.check();
    const id = await hub.store("foreigner.undocumented");
    hub.at(11);
    const first = await hub.check();
    hub.at(30);
    await hub.acknowledge(id, "imc");
    hub.at(61);
    const second = await hub.check();

    expect(raised(first).sort()).toEqual([
      ["imc", "first", "stored"],
      ["migration-service", "first", "stored"],
    ]);
    expect(raised(second)).toEqual([["migration-service", "second", "stored"]]);
    const escalated = await hub.escalation(id, "migration-service", "second");
    expect(escalated?.kind).toBe("receipt.escalated");
    expect(escalated && "facts" in escalated && escalated.facts).toMatchObject({ overdueSeconds: 60 });
  });

  it("catches up on deadlines missed while it did not run, an hour per run, and never escalates an escalation", async () => {
    const hub = await scenario();
    await hub.check();
    const id = await hub.store("foreigner.detained");
    hub.at(26 * 60); // a day later: both routine deadlines fell while the checker was stopped

    const runs: CheckSummary[] = [];
    for (let run = 0; run < 30; run++) runs.push(await hub.check());

    expect(runs[0]?.checkedUntil).toBe(minute(60).toISOString());
    expect(runs.flatMap(raised)).toEqual([
      ["imc", "first", "stored"],
      ["imc", "second", "stored"],
    ]);
    expect(runs.at(-1)?.checkedUntil).toBe(minute(26 * 60).toISOString());
    expect(await hub.escalation(id, "imc", "second")).toBeDefined();
    // The escalations' own deadlines (they are urgent) pass unacknowledged: nothing more is raised.
    hub.at(28 * 60);
    for (let run = 0; run < 3; run++) expect((await hub.check()).escalations).toEqual([]);
  });
});
