/**
 * The reports function against DynamoDB Local, invoked as API Gateway invokes it after IAM
 * authorization: who filed comes from the signer's role session, never from the body.
 */
import { randomUUID } from "node:crypto";
import { GetItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_ACCOUNT } from "../../local/local-aws.ts";
import { recordPartitionKey } from "../../shared/adapters/dynamodb/notification-items.ts";
import type { NotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { UnitId, UnitReportKindId } from "../../shared/domain/catalogue/index.ts";
import { StoreUnavailableError } from "../../shared/domain/errors.ts";
import { canonicalNotificationSchema } from "../../shared/domain/notification.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { reportFixture, reportFixtures, withFreshReportIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";
import { reportsHarness, roleSession } from "../support/reports-harness.ts";

const ALMATY_REGION = "KZ-75";

const client = dynamoDbClient();
let tableName: string;
let hub: ReturnType<typeof reportsHarness>;

beforeAll(async () => {
  tableName = await freshTable(client);
  hub = reportsHarness({ client, tableName });
});
afterAll(() => client.destroy());

/** Notification and subject items of a table: the quota counters aside. */
async function storedItems(table = tableName): Promise<number> {
  const page = await client.send(
    new ScanCommand({
      TableName: table,
      Select: "COUNT",
      FilterExpression: "NOT begins_with(#pk, :quota)",
      ExpressionAttributeNames: { "#pk": notificationTable.partitionKey },
      ExpressionAttributeValues: { ":quota": { S: notificationTable.quotaPartitionPrefix } },
    }),
  );
  return page.Count ?? 0;
}

async function storedNotification(unit: UnitId, reportId: string) {
  const item = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: {
        [notificationTable.partitionKey]: { S: recordPartitionKey(unit, reportId) },
        [notificationTable.sortKey]: { S: notificationTable.notificationSortKey },
      },
    }),
  );
  const json = item.Item?.notification?.S;
  return json === undefined ? undefined : canonicalNotificationSchema.parse(JSON.parse(json));
}

/** A sample's reports with fresh ids, placed in almaty (the harness's deployment). */
function reportsOf(kind: UnitReportKindId, suffix = randomUUID()): { reports: Record<string, unknown>[] } {
  const body = withFreshReportIds(reportFixture(kind), suffix);
  return { reports: body.reports.map((report) => ({ ...report, region: ALMATY_REGION })) };
}

describe("reports: accepted", () => {
  it.each(reportFixtures.map((f) => [f.kind, f.unit] as const))(
    "stores a %s report of %s once, with the caller as who filed it, and answers a resend `duplicate`",
    async (kind, unit) => {
      const body = reportsOf(kind);
      const caller = hub.unitSession(unit, "e.seitkali");

      const first = await hub.invoke(JSON.stringify(body), caller);
      const countAfterFirst = await storedItems();
      const resend = await hub.invoke(JSON.stringify(body), caller);

      expect(first.status).toBe(202);
      const results = first.accepted?.results ?? [];
      expect(results.map((r) => [r.reportId, r.status])).toEqual(
        body.reports.map((r) => [r.reportId, "stored"]),
      );
      for (const result of results) {
        const notification = await storedNotification(unit, result.reportId);
        expect(notification?.id).toBe(result.notificationId);
        expect(notification?.kind).toBe(kind);
        expect(notification?.source).toBe("units");
        expect(notification?.upstream.system).toBe(unit);
        expect(notification && "filedBy" in notification && notification.filedBy).toEqual({
          unit,
          principal: caller.userArn,
          officer: "e.seitkali",
        });
      }
      expect(resend.status).toBe(202);
      expect(resend.accepted?.results).toEqual(results.map((r) => ({ ...r, status: "duplicate" })));
      expect(await storedItems()).toBe(countAfterFirst);
    },
  );

  it("stores the same report id once per unit: two units' reports never collide", async () => {
    const reportId = `SHARED-${randomUUID()}`;
    const duty = reportsOf("foreigner.detained");
    const penal = reportsOf("prisoner.released");
    for (const body of [duty, penal]) for (const report of body.reports) report.reportId = reportId;

    const byDuty = await hub.file("duty", duty);
    const byPenal = await hub.file("penal-ops", penal);

    expect([byDuty.status, byPenal.status]).toEqual([202, 202]);
    expect(byDuty.accepted?.results[0]?.status).toBe("stored");
    expect(byPenal.accepted?.results[0]?.status).toBe("stored");
    expect((await storedNotification("duty", reportId))?.kind).toBe("foreigner.detained");
    expect((await storedNotification("penal-ops", reportId))?.kind).toBe("prisoner.released");
  });

  it("stores 100 reports of several kinds of one unit in one request", async () => {
    const kinds = ["labour.migrant-location", "labour.illegal-employment", "citizenship.dual"] as const;
    const reports = Array.from({ length: 100 }, (_, index) => {
      const [report] = reportsOf(kinds[index % kinds.length] ?? "citizenship.dual").reports;
      return report;
    });

    const response = await hub.file("admin-police", { reports });

    expect(response.status).toBe(202);
    expect(response.accepted?.results.filter((r) => r.status === "stored")).toHaveLength(100);
  });
});

describe("reports: refused, nothing stored", () => {
  it("answers 403 `report.forbidden` for a kind the caller's unit does not file, even beside kinds it does", async () => {
    const own = reportsOf("foreigner.incident").reports;
    const notOwn = reportsOf("labour.illegal-employment").reports;
    const before = await storedItems();

    const response = await hub.file("duty", { reports: [...own, ...notOwn] });

    expect(response.status).toBe(403);
    expect(response.error?.code).toBe("report.forbidden");
    expect(response.error?.details).toEqual([
      expect.objectContaining({ path: `/reports/${own.length}/kind`, code: "report.kind-forbidden" }),
    ]);
    expect(response.error?.details[0]?.message).toContain("`admin-police`");
    expect(await storedItems()).toBe(before);
  });

  it("answers 422 `report.kind-unknown` for a kind that does not exist or that only a feed reports", async () => {
    const [report] = reportsOf("foreigner.incident").reports;
    const before = await storedItems();

    const response = await hub.file("duty", {
      reports: [
        { ...report, kind: "foreigner.teleported" },
        { ...report, reportId: `R-${randomUUID()}`, kind: "registration.migration" },
      ],
    });

    expect(response.status).toBe(422);
    expect(response.error?.code).toBe("contract.invalid");
    expect(response.error?.details.map((d) => [d.path, d.code])).toEqual([
      ["/reports/0/kind", "report.kind-unknown"],
      ["/reports/1/kind", "report.kind-unknown"],
    ]);
    expect(await storedItems()).toBe(before);
  });

  it("answers 422 `region.mismatch` for a report of another deployment's region", async () => {
    const [report] = reportsOf("foreigner.detained").reports;
    const before = await storedItems();

    const response = await hub.file("duty", { reports: [{ ...report, region: "KZ-71" }] });

    expect(response.status).toBe(422);
    expect(response.error?.code).toBe("region.mismatch");
    expect(response.error?.details.map((d) => [d.path, d.code])).toEqual([
      ["/reports/0/region", "region.mismatch"],
    ]);
    expect(await storedItems()).toBe(before);
  });

  const almaty = hubNameOf("almaty");
  const strangers = [
    ["the same unit's role of another deployment", roleSession(unitRoleName(hubNameOf("astana"), "duty"))],
    [
      "a unit's role of a deployment whose name extends this one's",
      roleSession(unitRoleName(hubNameOf("almaty-region"), "duty")),
    ],
    ["a role of this hub that is no unit's", roleSession(unitRoleName(almaty, "operator"))],
    ["an administrator role of the account", roleSession("AccountAdministrator")],
    [
      "a unit's role name in another account",
      roleSession(unitRoleName(almaty, "duty"), "a.officer", "999999999999"),
    ],
    [
      "an IAM user",
      {
        accountId: LOCAL_ACCOUNT,
        accessKey: "AKIAEXAMPLEEXAMPLE00",
        caller: "AIDAEXAMPLEEXAMPLE000",
        userArn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/${unitRoleName(almaty, "duty")}`,
      },
    ],
  ] as const;

  it.each(strangers)("answers 403 `caller.unknown` to %s", async (_, caller) => {
    const before = await storedItems();

    const response = await hub.invoke(JSON.stringify(reportsOf("foreigner.detained")), caller);

    expect(response.status).toBe(403);
    expect(response.error?.code).toBe("caller.unknown");
    expect(await storedItems()).toBe(before);
  });

  it("answers 400, 413 and 415 for a malformed, oversized or non-JSON body", async () => {
    const caller = hub.unitSession("duty");

    const malformed = await hub.invoke('{"reports": [', caller);
    const oversized = await hub.invoke(`{"reports": ["${"x".repeat(1024 * 1024)}"]}`, caller);
    const text = await hub.invoke(JSON.stringify(reportsOf("foreigner.detained")), caller, {
      "Content-Type": "text/plain",
    });

    expect([malformed.status, malformed.error?.code]).toEqual([400, "body.malformed-json"]);
    expect([oversized.status, oversized.error?.code]).toEqual([413, "body.too-large"]);
    expect([text.status, text.error?.code]).toEqual([415, "body.media-type"]);
  });

  it("answers 503 `store.unavailable` with Retry-After when the store cannot take the reports", async () => {
    const unavailable: NotificationStore = {
      storeOnce: async () => {
        throw new StoreUnavailableError({ cause: new Error("throttled") });
      },
    };
    const failing = reportsHarness({ client, tableName, store: unavailable });

    const response = await failing.file("duty", reportsOf("foreigner.detained"));

    expect(response.status).toBe(503);
    expect(response.error?.code).toBe("store.unavailable");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
  });
});

describe("reports: per-unit quota", () => {
  const minuteStart = Date.parse("2030-01-01T08:00:00.000Z");
  const now = new Date(minuteStart + 45_000);
  const manyReports = (count: number) => ({
    reports: Array.from({ length: count }, () => reportsOf("prisoner.released").reports[0]),
  });

  it("refuses a unit's reports beyond its quota of the minute with 429 and Retry-After, storing none, while other units still file", async () => {
    const quotaTable = await freshTable(client);
    const limited = reportsHarness({
      client,
      tableName: quotaTable,
      reportsPerUnitPerMinute: 100,
      now: () => now,
    });

    const first = await limited.file("penal-ops", manyReports(60));
    const before = await storedItems(quotaTable);
    const second = await limited.file("penal-ops", manyReports(60));
    const afterSecond = await storedItems(quotaTable);
    const fitting = await limited.file("penal-ops", manyReports(40));
    const otherUnit = await limited.file("duty", reportsOf("foreigner.detained"));

    expect(first.status).toBe(202);
    expect(second.status).toBe(429);
    expect(second.error?.code).toBe("reports.quota-exceeded");
    expect(second.headers["retry-after"]).toBe("15");
    expect(afterSecond).toBe(before);
    expect(fitting.status).toBe(202);
    expect(otherUnit.status).toBe(202);
  });
});
