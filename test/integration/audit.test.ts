/**
 * The auditor's `GET /v1/audit` against DynamoDB Local, through the real handlers: who looked at a
 * person (found by IIN though asked by passport), what a unit asked, in a period, a page at a time;
 * readable by the auditor role only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuditRecordBody, auditAnswerSchema, personsAnswerSchema } from "../../shared/api/responses.ts";
import { hubNameOf, unitRoleName } from "../../shared/wiring/unit-roles.ts";
import { dynamoDbClient, freshTable } from "../support/hub-harness.ts";
import { foreigner, stay } from "../unit/queries/factories.ts";
import { freshAuditTable, queriesHarness } from "./queries-harness.ts";

const client = dynamoDbClient();
const IIN = "881102402170";
const person = foreigner("FZ7654321", { iin: IIN, birthDate: "1988-11-02" });
/** Queries at three instants: two on 2025-06-15 (Almaty), one on 2025-06-16. */
const instants = ["2025-06-15T04:00:00.000Z", "2025-06-15T09:30:00.000Z", "2025-06-16T05:00:00.000Z"];
let clock = 0;
let hub: ReturnType<typeof queriesHarness>;
/** The audit ids of the setup's queries, in the order they were asked. */
const asked: string[] = [];

beforeAll(async () => {
  const [tableName, auditTableName] = await Promise.all([freshTable(client), freshAuditTable(client)]);
  hub = queriesHarness({ client, tableName, auditTableName, now: () => new Date(instants[clock] ?? "") });
  await hub.store(stay.registered(person, "2025-04-10", "2025-07-08"));
  const queries = [
    // By passport, as written: the record still names the person's IIN.
    () => hub.ask("persons", "imc", "document=fz%20765-4321&country=UZ", { officer: "o.first" }),
    () => hub.ask("stay-legality", "duty", `iin=${IIN}`, { officer: "o.second" }),
    () => hub.ask("persons", "migration-service", `iin=${IIN}`, { officer: "o.third" }),
  ];
  for (const [index, query] of queries.entries()) {
    clock = index;
    asked.push(personsAnswerSchema.pick({ auditId: true }).parse((await query()).body).auditId);
  }
});
afterAll(() => client.destroy());

async function records(parameters: string): Promise<AuditRecordBody[]> {
  const response = await hub.readAudit(parameters);
  expect(response.status).toBe(200);
  return auditAnswerSchema.parse(response.body).records;
}

describe("GET /v1/audit", () => {
  it("answers who looked at a person by IIN, including a query made by passport, oldest first", async () => {
    const found = await records(`from=2025-06-01&to=2025-06-30&person=${IIN}`);

    expect(found.map((record) => [record.auditId, record.officer, record.purpose])).toEqual([
      [asked[0], "o.first", "case 2025-114/7"],
      [asked[1], "o.second", "case 2025-114/7"],
      [asked[2], "o.third", "case 2025-114/7"],
    ]);
    expect(await records("from=2025-06-01&to=2025-06-30&person=uz:FZ7654321")).toHaveLength(3);
  });

  it("narrows to a unit and to a period on the deployment's clocks", async () => {
    const ofDuty = await records(`from=2025-06-01&to=2025-06-30&person=${IIN}&unit=duty`);
    const onThe15th = await records("from=2025-06-15&to=2025-06-15");
    const onThe15thOfImc = await records("from=2025-06-15&to=2025-06-15&unit=imc");
    const beforeNoon = await records("from=2025-06-15T00:00:00%2B05:00&to=2025-06-15T12:00:00%2B05:00");

    expect(ofDuty.map((record) => record.auditId)).toEqual([asked[1]]);
    expect(onThe15th.map((record) => record.auditId).sort()).toEqual([asked[0], asked[1]].sort());
    expect(onThe15thOfImc.map((record) => record.auditId)).toEqual([asked[0]]);
    expect(beforeNoon.map((record) => record.auditId)).toEqual([asked[0]]);
  });

  it("pages with a cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const response = await hub.readAudit(
        `from=2025-06-01&to=2025-06-30&person=${IIN}&limit=2${cursor === undefined ? "" : `&cursor=${cursor}`}`,
      );
      const answer = auditAnswerSchema.parse(response.body);
      seen.push(...answer.records.map((record) => record.auditId));
      cursor = answer.nextCursor;
      if (cursor === undefined) break;
    }

    expect(seen).toEqual(asked);
  });

  it("refuses a unit's role with 403, and bad parameters with 400", async () => {
    const byUnit = await hub.readAudit(
      "from=2025-06-01&to=2025-06-30",
      unitRoleName(hubNameOf("almaty"), "imc"),
    );
    const tooLong = await hub.readAudit("from=2024-01-01&to=2025-06-30");

    expect([byUnit.status, byUnit.error?.code]).toEqual([403, "caller.unknown"]);
    expect([tooLong.status, tooLong.error?.code, tooLong.error?.details[0]?.path]).toEqual([
      400,
      "query.invalid",
      "/query/to",
    ]);
  });
});
