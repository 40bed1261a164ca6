/**
 * Section 6, the units' queries on a full table: 100,000 notifications (10,000 quick) in DynamoDB
 * Local, written as the store writes them (`notificationItems`, BatchWriteItem in parallel, not
 * through HTTP), about a pool of foreigners with repeats and a pool of hosts; then person look-ups
 * (`GET /v1/persons` by document) and stay verdicts (`GET /v1/stay-legality`) through the real
 * queries handler, audit write included: p50/p99 latency and the read capacity units each consumed
 * (`ReturnConsumedCapacity` added to every read by a middleware on the client, summed per request).
 */
import {
  BatchWriteItemCommand,
  type ConsumedCapacity,
  DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyResult } from "aws-lambda";
import { ulid } from "ulid";
import { createQueriesHandler } from "../functions/queries/app.ts";
import { signedGetEvent } from "../local/api-gateway-event.ts";
import { startDynamoDbLocal } from "../local/dynamodb-local.ts";
import { localLambdaContext } from "../local/lambda-context.ts";
import { LOCAL_ACCOUNT, localCredentials } from "../local/local-aws.ts";
import { createTableFromTemplate } from "../local/notification-table.ts";
import { loadTopology } from "../local/template-topology.ts";
import { assumedRoleCaller, generateRoleCredentials } from "../local/unit-roles.ts";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { DynamoAuditLog } from "../shared/adapters/dynamodb/audit-log.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import { DynamoQueryReads } from "../shared/adapters/dynamodb/query-reads.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import type { QueryId } from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification, Person } from "../shared/domain/notification.ts";
import { PURPOSE_HEADER, QUERY_PATHS } from "../shared/wiring/query-routes.ts";
import { hubNameOf, unitRoleName } from "../shared/wiring/unit-roles.ts";
import { sampleNotifications } from "./evidence.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { SectionReport } from "./lib/report.ts";
import { fixed, round, type Spread, spread } from "./lib/stats.ts";

const DEPLOYMENT = "almaty";
const REGION = "eu-central-1";
const MAX_ITEMS_PER_BATCH_WRITE = 25;
const WRITE_CONCURRENCY = 8;
const DAY_MS = 86_400_000;

const surnames = [
  "KARIMOV",
  "RAHIMOV",
  "TURSUNOV",
  "KHAN",
  "WANG",
  "LI",
  "IVANOV",
  "YILMAZ",
  "NAZAROV",
  "SHARIPOV",
];
const givenNames = [
  "AZIZ",
  "BEKZOD",
  "IMRAN",
  "WEI",
  "MEHMET",
  "ALEXEI",
  "DILSHOD",
  "FARRUKH",
  "OMAR",
  "SERGEI",
];
const countries = ["UZB", "TJK", "KGZ", "CHN", "RUS", "TUR", "AFG", "PAK", "IND", "AZE"];

/** One foreigner of the pool: what the queries name them by. */
interface PoolPerson {
  readonly surname: string;
  readonly given: string;
  readonly birthDate: string;
  readonly citizenship: string;
  readonly passport: string;
}

function poolPerson(index: number): PoolPerson {
  const citizenship = countries[index % countries.length] ?? "UZB";
  const year = 1960 + (index % 45);
  const month = String(1 + (index % 12)).padStart(2, "0");
  const day = String(1 + (index % 28)).padStart(2, "0");
  return {
    surname: surnames[Math.floor(index / 10) % surnames.length] ?? "KARIMOV",
    given: givenNames[index % givenNames.length] ?? "AZIZ",
    birthDate: `${year}-${month}-${day}`,
    citizenship,
    passport: `FA${String(index).padStart(7, "0")}`,
  };
}

function asPerson(role: Person["role"], one: PoolPerson): Person {
  return {
    role,
    name: { surname: one.surname, given: one.given, latin: `${one.surname} ${one.given}` },
    birthDate: one.birthDate,
    citizenship: one.citizenship,
    documents: [{ type: "passport", number: one.passport, issuingCountry: one.citizenship }],
  };
}

/**
 * A pool index with repeats: most foreigners appear a few times, a few many times (a uniform draw to
 * the power 1.5 favours the low indexes).
 */
const skewedIndex = (size: number) => Math.floor(size * Math.random() ** 1.5);

export interface QueriesData {
  readonly notifications: number;
  readonly items: number;
  readonly persons: number;
  readonly writeSeconds: number;
  readonly itemsPerSecond: number;
  readonly lookups: number;
  readonly cases: readonly {
    readonly query: QueryId;
    readonly latencyMs: Spread;
    readonly readUnits: Spread;
    readonly notificationsPerAnswer: number;
    readonly statuses: Readonly<Record<string, number>>;
  }[];
}

/** The read units of every Query, GetItem and BatchGetItem sent through `client`, summed until read. */
function countReadUnits(client: DynamoDBClient): { take(): number } {
  let units = 0;
  const readCommands = new Set(["QueryCommand", "GetItemCommand", "BatchGetItemCommand"]);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!readCommands.has(context.commandName ?? "")) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity = "TOTAL";
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      for (const one of [consumed ?? []].flat()) units += one.CapacityUnits ?? 0;
      return result;
    },
    { step: "initialize", name: "benchCountReadUnits" },
  );
  return {
    take() {
      const taken = units;
      units = 0;
      return taken;
    },
  };
}

async function writeAll(
  client: DynamoDBClient,
  table: string,
  items: readonly WriteRequest[],
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      let batch: WriteRequest[] = items.slice(next, next + MAX_ITEMS_PER_BATCH_WRITE);
      next += MAX_ITEMS_PER_BATCH_WRITE;
      while (batch.length > 0) {
        const written = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
        batch = written.UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
}

export async function runQueries(
  quick: boolean,
  log: (line: string) => void,
): Promise<SectionReport<QueriesData>> {
  const notificationCount = quick ? 10_000 : 100_000;
  const lookups = quick ? 100 : 500;
  const poolSize = notificationCount / 4;
  const hostPoolSize = Math.max(50, notificationCount / 200);

  ensureDynamoDbLocal();
  const dynamodbLocal = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    endpoint: dynamodbLocal.endpoint,
    region: REGION,
    credentials: localCredentials,
  });
  try {
    const runId = ulid().toLowerCase();
    const spec = await loadTopology(DEPLOYMENT);
    const table = `bench-queries-${runId}`;
    const auditTable = `bench-queries-audit-${runId}`;
    await createTableFromTemplate(client, spec.table, table);
    await createTableFromTemplate(client, spec.auditTable, auditTable);

    const samples = sampleNotifications();
    const now = Date.now();
    const asked = new Set<number>();
    const items: WriteRequest[] = [];
    for (let i = 0; i < notificationCount; i++) {
      const sample = samples[i % samples.length];
      if (sample === undefined) throw new Error("no sample notifications");
      const notification: CanonicalNotification = structuredClone(sample);
      const occurredAt = now - Math.floor(Math.random() * 365 * DAY_MS);
      notification.id = ulid(occurredAt);
      notification.occurredAt = new Date(occurredAt).toISOString();
      notification.receivedAt = new Date(occurredAt + 60_000).toISOString();
      notification.upstream.recordId = `bench-queries-${i}`;
      const subject = skewedIndex(poolSize);
      asked.add(subject);
      notification.subject.persons = notification.subject.persons.map((person) =>
        person.role === "subject"
          ? asPerson("subject", poolPerson(subject))
          : asPerson(person.role, poolPerson(poolSize + (i % hostPoolSize))),
      );
      const stored = notificationItems(notification, spec.retentionDays);
      for (const item of [stored.notification, ...stored.subjects])
        items.push({ PutRequest: { Item: item } });
    }
    log(`[queries] writing ${notificationCount} notifications (${items.length} items) …`);
    const writeStart = performance.now();
    await writeAll(client, table, items);
    const writeSeconds = (performance.now() - writeStart) / 1000;
    log(`[queries] written in ${fixed(writeSeconds, 1)} s`);

    const readUnits = countReadUnits(client);
    const observability = createObservability("queries");
    const handler = createQueriesHandler({
      deployment: DEPLOYMENT,
      reads: new DynamoQueryReads(client, table, DEPLOYMENT),
      audit: new DynamoAuditLog(client, auditTable, spec.auditRetentionDays),
      now: () => new Date(),
      newAuditId: ulid,
      logger: observability.logger,
      metrics: observability.metrics,
    });
    const caller = assumedRoleCaller({
      account: LOCAL_ACCOUNT,
      roleName: unitRoleName(hubNameOf(DEPLOYMENT), "migration-service"),
      sessionName: "bench.officer",
      accessKeyId: generateRoleCredentials().accessKeyId,
    });
    const seen = [...asked];
    const cases = [];
    for (const query of ["persons", "stay-legality"] as const) {
      const latencies: number[] = [];
      const units: number[] = [];
      const statuses: Record<string, number> = {};
      let named = 0;
      for (let n = 0; n < lookups; n++) {
        const person = poolPerson(seen[Math.floor(Math.random() * seen.length)] ?? 0);
        const parameters = `document=${person.passport}&country=${person.citizenship}`;
        const event = signedGetEvent(
          QUERY_PATHS[query],
          parameters,
          { [PURPOSE_HEADER]: `BENCH-${n}` },
          caller,
        );
        readUnits.take();
        const start = performance.now();
        const result = (await handler(event, localLambdaContext("queries"))) as APIGatewayProxyResult;
        latencies.push(performance.now() - start);
        units.push(readUnits.take());
        statuses[result.statusCode] = (statuses[result.statusCode] ?? 0) + 1;
        const body = JSON.parse(result.body) as {
          persons?: { notifications: unknown[] }[];
          evidence?: unknown[];
        };
        named +=
          body.evidence?.length ??
          (body.persons ?? []).reduce((sum, one) => sum + one.notifications.length, 0);
      }
      cases.push({
        query,
        latencyMs: spread(latencies),
        readUnits: spread(units),
        notificationsPerAnswer: round(named / lookups, 1),
        statuses,
      });
    }

    const data: QueriesData = {
      notifications: notificationCount,
      items: items.length,
      persons: asked.size,
      writeSeconds: round(writeSeconds, 1),
      itemsPerSecond: Math.round(items.length / writeSeconds),
      lookups,
      cases,
    };
    const table1 = markdownTable(
      [
        "query",
        "n",
        "p50 ms",
        "p99 ms",
        "max ms",
        "RCU p50",
        "RCU p99",
        "notifications / answer",
        "statuses",
      ],
      cases.map((one) => [
        `\`${QUERY_PATHS[one.query]}\` by document`,
        String(one.latencyMs.n),
        fixed(one.latencyMs.p50, 1),
        fixed(one.latencyMs.p99, 1),
        fixed(one.latencyMs.max, 1),
        fixed(one.readUnits.p50, 1),
        fixed(one.readUnits.p99, 1),
        String(one.notificationsPerAnswer),
        Object.entries(one.statuses)
          .map(([status, count]) => `${status}×${count}`)
          .join(" "),
      ]),
    );
    const markdown = [
      `${notificationCount.toLocaleString("en")} notifications (${items.length.toLocaleString("en")} items with their subject entries) about ${asked.size.toLocaleString("en")} foreigners (repeats skewed) and ${hostPoolSize} hosts, written with BatchWriteItem ×${WRITE_CONCURRENCY} in ${fixed(writeSeconds, 1)} s (${data.itemsPerSecond} items/s). Then ${lookups} look-ups of a random known foreigner by document through the real queries handler (IAM caller, purpose, audit record written to DynamoDB Local before each answer), one at a time:`,
      "",
      table1,
      "",
      "Read units are DynamoDB Local's ConsumedCapacity of the reads (index queries and BatchGetItem, eventually consistent reads at half a unit per 4 KB); the audit write is not in them. Latency is DynamoDB Local's on this shared machine, not DynamoDB's.",
    ].join("\n");
    return { id: "queries", title: "6. Queries on a full table", data, markdown, goals: [] };
  } finally {
    client.destroy();
    await dynamodbLocal.stop();
  }
}
