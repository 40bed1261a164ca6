/**
 * The monthly art.-519 list on DynamoDB Local and the S3 stand-in: thirty offences sent through the
 * kqp feed's real ingest path, then the real monthly-list handler for each month.
 */
import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { QueryCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMonthlyListHandler } from "../../functions/monthly-list/app.ts";
import type { MonthlyListRun } from "../../functions/monthly-list/build-monthly-list.ts";
import { localLambdaContext } from "../../local/lambda-context.ts";
import { startLocalListBucket } from "../../local/monthly-lists.ts";
import { startSqsEmulator } from "../../local/sqs-emulator.ts";
import { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { ListBucket } from "../../shared/adapters/s3/list-files.ts";
import { type Admin519List, admin519ListSchema } from "../../shared/domain/lists/admin-519-list-file.ts";
import { UTF8_BOM } from "../../shared/domain/lists/csv.ts";
import { LIST_COLUMNS } from "../../shared/domain/lists/list-files.ts";
import { MONTHLY_LIST_KIND } from "../../shared/domain/lists/list-notification.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { admin519ListKeys } from "../../shared/wiring/monthly-lists.ts";
import { notificationTable } from "../../shared/wiring/notification-table.ts";
import {
  admin519FeedRequest,
  caseNumbersOf,
  RAKHIMOV_IIN,
  surnamesAsWritten,
} from "../support/admin-519-offences.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";
import { readCsv } from "../unit/lists/read-csv.ts";

const client = dynamoDbClient();
let tableName: string;
let s3: Awaited<ReturnType<typeof startSqsEmulator>>;
let lists: Awaited<ReturnType<typeof startLocalListBucket>>;
/** Early on 5 November 2026 in Almaty: September and October are over. */
const now = new Date("2026-11-04T20:00:00.000Z");

function monthlyListHandler(bucket: ListBucket) {
  const handler = createMonthlyListHandler({
    deployment: "almaty",
    index: new KindPeriodIndex(client, tableName),
    bucket,
    store: new DynamoNotificationStore(client, tableName, 30),
    now: () => now,
    newId: newNotificationId,
    logger: new Logger({ serviceName: "monthly-list-test" }),
    metrics: new Metrics({ namespace: "Order195HubTest", serviceName: "monthly-list-test" }),
  });
  return (event: unknown) => handler(event, localLambdaContext("monthly-list")) as Promise<MonthlyListRun>;
}

async function listOf(month: string): Promise<Admin519List> {
  const bytes = await lists.bucket.get(admin519ListKeys(month).json);
  return admin519ListSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
}

/**
 * The ids of the stored notifications of October's list: a list "occurs" when its month ends, so
 * October's (31 October, 18:59:59.999 UTC) is alone in its kind's index partition of UTC October.
 */
async function octoberListNotificationIds(): Promise<string[]> {
  const index = notificationTable.indexes.byKindRegionMonth;
  const found = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: index.indexName,
      KeyConditionExpression: "#p = :p",
      ExpressionAttributeNames: { "#p": index.partitionKey },
      ExpressionAttributeValues: { ":p": { S: `${MONTHLY_LIST_KIND}#KZ-75#2026-10` } },
    }),
  );
  return (found.Items ?? []).flatMap((item) => item.notificationId?.S ?? []);
}

beforeAll(async () => {
  tableName = await freshTable(client);
  s3 = await startSqsEmulator({ region: "eu-central-1" });
  lists = await startLocalListBucket(s3.endpoint, `MonthlyListsBucket${randomUUID().slice(0, 8)}`);
  const response = await ingestHarness({ client, tableName }).send(
    "kqp",
    admin519FeedRequest(randomUUID().slice(0, 8)),
  );
  expect(response.status).toBe(202);
});

afterAll(async () => {
  await lists.stop();
  await s3.stop();
  client.destroy();
});

describe("the monthly art.-519 list", () => {
  it("holds exactly each month's offences on Almaty's clocks, repeats grouped with their count", async () => {
    const build = monthlyListHandler(lists.bucket);
    const september = await build({ month: "2026-09" });
    const october = await build({ month: "2026-10" });

    expect(september).toMatchObject({
      month: "2026-09",
      status: "stored",
      counts: { offences: 12, persons: 11, repeatOffenders: 1 },
    });
    expect(october).toMatchObject({
      month: "2026-10",
      status: "stored",
      counts: { offences: 18, persons: 14, repeatOffenders: 2 },
    });
    const [septemberList, octoberList] = [await listOf("2026-09"), await listOf("2026-10")];
    expect(septemberList.rows.map((row) => row.caseNumber).sort()).toEqual(caseNumbersOf("2026-09").sort());
    expect(octoberList.rows.map((row) => row.caseNumber).sort()).toEqual(caseNumbersOf("2026-10").sort());
    expect(
      octoberList.repeatOffenders.map(({ surname, citizenship, offences }) => ({
        surname,
        citizenship,
        offences,
      })),
    ).toEqual([
      { surname: "Әбдірахманов", citizenship: "CHN", offences: 3 },
      { surname: "Рахимов", citizenship: "TJK", offences: 3 },
    ]);
    // Rakhimov's three rows stand together under one person, however he was identified each time.
    const rakhimov = octoberList.rows.filter((row) => row.surname === "Рахимов");
    expect(new Set(rakhimov.map((row) => row.person)).size).toBe(1);
    expect(rakhimov.map((row) => row.iin)).toEqual([undefined, RAKHIMOV_IIN, RAKHIMOV_IIN]);
    expect(rakhimov.map((row) => row.line)).toEqual([
      rakhimov[0]?.line,
      (rakhimov[0]?.line ?? 0) + 1,
      (rakhimov[0]?.line ?? 0) + 2,
    ]);
  });

  it("writes a CSV that, read as UTF-8 with BOM, gives the names back exactly", async () => {
    const bytes = await lists.bucket.get(admin519ListKeys("2026-10").csv);
    expect([...(bytes?.subarray(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const [header, ...rows] = readCsv(text);
    expect(header).toEqual([...LIST_COLUMNS]);
    const surnames = new Set(rows.map((row) => row[3]));
    expect(surnames).toContain("Әбдірахманов");
    expect(rows.find((row) => row[3] === "Әбдірахманов")?.slice(3, 6)).toEqual([
      "Әбдірахманов",
      "Нұрсұлтан",
      "Қайратұлы",
    ]);
    for (const surname of surnames) expect(surnamesAsWritten).toContain(surname);
    expect(rows).toHaveLength(18);
  });

  it("builds a month again with the same bytes, and stores its notification once", async () => {
    const files = admin519ListKeys("2026-10");
    const before = await Promise.all(Object.values(files).map((key) => lists.bucket.get(key)));
    const first = await octoberListNotificationIds();

    const again = await monthlyListHandler(lists.bucket)({ month: "2026-10" });

    expect(again.status).toBe("duplicate");
    expect([again.notificationId]).toEqual(first);
    const after = await Promise.all(Object.values(files).map((key) => lists.bucket.get(key)));
    expect(after).toEqual(before);
    expect(await octoberListNotificationIds()).toEqual(first);
    expect(first).toHaveLength(1);
  });

  it("builds the month before the run when the schedule names none, and refuses a month not over", async () => {
    const build = monthlyListHandler(lists.bucket);
    await expect(build({})).resolves.toMatchObject({ month: "2026-10", status: "duplicate" });
    await expect(build({ month: "2026-11" })).rejects.toThrow(/not over yet/);
    await expect(build({ month: "2026-13" })).rejects.toThrow(/YYYY-MM/);
  });
});
