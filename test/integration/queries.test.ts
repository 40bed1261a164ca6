/**
 * The units' queries against DynamoDB Local, through the real handlers: persons by IIN, document and
 * name with paging; the stay verdict from stored notifications; repeat inviters; and every query's
 * audit record (refusals included), written before the answer or the query fails.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoAuditLog } from "../../shared/adapters/dynamodb/audit-log.ts";
import {
  type AuditRecordBody,
  auditAnswerSchema,
  invitersAnswerSchema,
  personsAnswerSchema,
  stayLegalityAnswerSchema,
} from "../../shared/api/responses.ts";
import type { UnitId } from "../../shared/domain/catalogue/index.ts";
import { checkDigitOf } from "../../shared/domain/normalise/index.ts";
import type { Person } from "../../shared/domain/notification.ts";
import { dynamoDbClient, freshTable, LOCAL_REGION } from "../support/hub-harness.ts";
import { citizen, foreigner, notify, stay } from "../unit/queries/factories.ts";
import { freshAuditTable, queriesHarness } from "./queries-harness.ts";

const client = dynamoDbClient();
/** Today on Almaty's clocks is 2025-06-15. */
const NOW = new Date("2025-06-15T08:00:00.000Z");
let hub: ReturnType<typeof queriesHarness>;
let tables: { tableName: string; auditTableName: string };

beforeAll(async () => {
  const [tableName, auditTableName] = await Promise.all([freshTable(client), freshAuditTable(client)]);
  tables = { tableName, auditTableName };
  hub = queriesHarness({ client, ...tables, now: () => NOW });
});
afterAll(() => client.destroy());

let nextDay = 1;
/** A valid IIN no other test uses. */
function freshIin(): string {
  for (;;) {
    const day = nextDay++;
    const first11 = `9${String(Math.floor(day / 28) % 10)}01${String((day % 28) + 1).padStart(2, "0")}30000`;
    const check = checkDigitOf(first11);
    if (check !== undefined) return `${first11}${check}`;
  }
}

let passports = 0;
/** A foreigner no other test names: own passport and birth date, and an IIN when asked for. */
function freshForeigner(withIin = false): Person {
  passports += 1;
  return foreigner(`FQ${String(1_000_000 + passports)}`, {
    birthDate: `19${String(50 + (passports % 50))}-01-${String((passports % 28) + 1).padStart(2, "0")}`,
    ...(withIin ? { iin: freshIin() } : {}),
  });
}

function passportOf(person: Person): string {
  return person.documents[0]?.number ?? "";
}

/** The audit records of today (Almaty) that `officer` of `unit` left. */
async function auditRecordsOf(unit: UnitId, officer: string): Promise<AuditRecordBody[]> {
  const records: AuditRecordBody[] = [];
  let cursor: string | undefined;
  do {
    const page = await hub.readAudit(
      `from=2025-06-15&to=2025-06-15&unit=${unit}&limit=100${cursor === undefined ? "" : `&cursor=${cursor}`}`,
    );
    const answer = auditAnswerSchema.parse(page.body);
    records.push(...answer.records.filter((record) => record.officer === officer));
    cursor = answer.nextCursor;
  } while (cursor !== undefined);
  return records;
}

describe("GET /v1/persons", () => {
  it("finds a person by IIN, by document as written and by name, their notifications newest first", async () => {
    const person = freshForeigner(true);
    const registered = stay.registered(person, "2025-04-10", "2025-07-08");
    const byPassportOnly = stay.overstay({ ...person, iin: undefined }, "2025-05-02", "2025-04-30");
    await hub.store(registered, byPassportOnly);

    const byIin = await hub.ask("persons", "imc", `iin=${person.iin}`);
    const number = passportOf(person);
    const byDocument = await hub.ask(
      "persons",
      "migration-service",
      `document=${number.slice(0, 2).toLowerCase()}%20${number.slice(2, 5)}-${number.slice(5)}&country=UZ`,
    );
    const byName = await hub.ask("persons", "imc", `name=Каримов%20Бахтиёр&birthDate=${person.birthDate}`);

    expect([byIin.status, byDocument.status, byName.status]).toEqual([200, 200, 200]);
    const iinAnswer = personsAnswerSchema.parse(byIin.body);
    expect(iinAnswer.persons.map((one) => one.notifications.map((n) => n.notificationId))).toEqual([
      [registered.id],
    ]);
    const documentAnswer = personsAnswerSchema.parse(byDocument.body);
    expect(documentAnswer.persons).toHaveLength(1);
    expect(documentAnswer.persons[0]?.iin).toBe(person.iin);
    expect(documentAnswer.persons[0]?.notifications.map((n) => n.notificationId)).toEqual([
      byPassportOnly.id,
      registered.id,
    ]);
    const nameAnswer = personsAnswerSchema.parse(byName.body);
    expect(nameAnswer.persons.flatMap((one) => one.notifications.map((n) => n.notificationId))).toEqual(
      expect.arrayContaining([registered.id, byPassportOnly.id]),
    );
  });

  it("pages newest first with an opaque cursor, and refuses a cursor of another person", async () => {
    const person = freshForeigner(true);
    const notifications = ["2025-01-05", "2025-02-05", "2025-03-05", "2025-04-05", "2025-05-05"].map((on) =>
      stay.registered(person, on, "2025-12-31"),
    );
    await hub.store(...notifications);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await hub.ask(
        "persons",
        "imc",
        `iin=${person.iin}&limit=2${cursor === undefined ? "" : `&cursor=${cursor}`}`,
      );
      const answer = personsAnswerSchema.parse(page.body);
      pages.push(answer.persons.flatMap((one) => one.notifications.map((n) => n.notificationId)));
      cursor = answer.nextCursor;
    } while (cursor !== undefined && pages.length < 5);
    const other = freshForeigner(true);
    const firstPage = personsAnswerSchema.parse(
      (await hub.ask("persons", "imc", `iin=${person.iin}&limit=2`)).body,
    );
    const misused = await hub.ask("persons", "imc", `iin=${other.iin}&cursor=${firstPage.nextCursor}`);

    expect(pages.flat()).toEqual(notifications.map((n) => n.id).reverse());
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(misused.status).toBe(400);
    expect(misused.error?.details).toEqual([expect.objectContaining({ path: "/query/cursor" })]);
  });
});

describe("GET /v1/stay-legality", () => {
  it("answers `legal` until the registration's last day", async () => {
    const person = freshForeigner();
    const registered = stay.registered(person, "2025-04-10", "2025-07-08");
    await hub.store(registered);

    const response = await hub.ask("stay-legality", "duty", `document=${passportOf(person)}&country=UZB`);

    expect(stayLegalityAnswerSchema.parse(response.body)).toMatchObject({
      asOf: "2025-06-15",
      verdict: "legal",
      coveredUntil: "2025-07-08",
      evidence: [registered.id],
    });
  });

  it("answers `illegal` after an overstay and after an expulsion ordered, the breach in the evidence", async () => {
    const overstayer = freshForeigner();
    const registered = stay.registered(overstayer, "2025-03-01", "2025-05-30");
    const overstay = stay.overstay(overstayer, "2025-06-02", "2025-05-30");
    const expelled = freshForeigner();
    const ordered = stay.expulsionOrdered(expelled, "2025-06-01");
    await hub.store(registered, overstay, ordered);

    const first = await hub.ask(
      "stay-legality",
      "admin-police",
      `document=${passportOf(overstayer)}&country=UZ`,
    );
    const second = await hub.ask("stay-legality", "imc", `document=${passportOf(expelled)}&country=UZ`);

    expect(stayLegalityAnswerSchema.parse(first.body)).toMatchObject({
      verdict: "illegal",
      evidence: [overstay.id],
    });
    expect(stayLegalityAnswerSchema.parse(second.body)).toMatchObject({
      verdict: "illegal",
      evidence: [ordered.id],
    });
  });

  it("answers `unknown` about a person never seen", async () => {
    const response = await hub.ask("stay-legality", "imc", `iin=${freshIin()}`);

    expect(stayLegalityAnswerSchema.parse(response.body)).toMatchObject({
      verdict: "unknown",
      reasons: [expect.objectContaining({ code: "not-known" })],
      evidence: [],
    });
  });

  it("asked by IIN, reads one hop to the passport: an overstay recorded by passport alone counts", async () => {
    const person = freshForeigner(true);
    const registered = stay.registered(person, "2025-03-01", "2025-05-30");
    const overstay = stay.overstay({ ...person, iin: undefined }, "2025-06-02", "2025-05-30");
    await hub.store(registered, overstay);

    const response = await hub.ask("stay-legality", "migration-service", `iin=${person.iin}`);

    expect(stayLegalityAnswerSchema.parse(response.body)).toMatchObject({
      verdict: "illegal",
      evidence: [overstay.id],
    });
  });
});

describe("GET /v1/inviters", () => {
  it("lists a host who registered 6 foreigners at one address within a month, and the address, with count 6", async () => {
    const host = citizen("host", freshIin());
    const registrations = Array.from({ length: 6 }, (_, index) => {
      const on = `2025-05-${String(index + 2).padStart(2, "0")}`;
      return notify(
        "registration.migration",
        { registrationType: "place-of-stay", registeredOn: on, registeredUntil: "2025-09-30" },
        {
          on,
          persons: [freshForeigner(), host],
          place: { locality: "Алматы", address: `ул. Жибек Жолы, ${host.iin}` },
        },
      );
    });
    await hub.store(...registrations);

    const response = await hub.ask("inviters", "kpd", "from=2025-05-01&to=2025-05-31&minCount=6");

    const answer = invitersAnswerSchema.parse(response.body);
    const party = answer.parties.find((one) => one.key === `IIN#${host.iin}`);
    expect(party).toMatchObject({ roles: ["host"], foreignerCount: 6 });
    expect(party?.notificationIds).toEqual(expect.arrayContaining(registrations.map((one) => one.id)));
    expect(answer.addresses.find((one) => one.address.includes(host.iin ?? "-"))?.foreignerCount).toBe(6);
  });
});

describe("every query is audited", () => {
  it("leaves exactly one record per query, with the officer, the purpose and the notifications answered", async () => {
    const person = freshForeigner(true);
    const registered = stay.registered(person, "2025-04-10", "2025-07-08");
    await hub.store(registered);

    const persons = await hub.ask("persons", "imc", `iin=${person.iin}`, {
      officer: "o.persons",
      purpose: "Дело № 114/7",
    });
    const verdict = await hub.ask("stay-legality", "imc", `iin=${person.iin}`, { officer: "o.stay" });
    const inviters = await hub.ask("inviters", "imc", "from=2025-06-01&to=2025-06-15", {
      officer: "o.inviters",
    });

    const [personsRecord, ...morePersons] = await auditRecordsOf("imc", "o.persons");
    const [stayRecord, ...moreStay] = await auditRecordsOf("imc", "o.stay");
    const [invitersRecord, ...moreInviters] = await auditRecordsOf("imc", "o.inviters");
    expect([morePersons, moreStay, moreInviters]).toEqual([[], [], []]);
    expect(personsRecord).toMatchObject({
      auditId: personsAnswerSchema.parse(persons.body).auditId,
      at: NOW.toISOString(),
      deployment: "almaty",
      unit: "imc",
      officer: "o.persons",
      purpose: "Дело № 114/7",
      query: "persons",
      parameters: { iin: person.iin },
      outcome: "answered",
      status: 200,
      notificationIds: [registered.id],
      notificationIdsComplete: true,
    });
    expect(personsRecord?.personKeys).toEqual(
      expect.arrayContaining([`IIN#${person.iin}`, `DOC#UZB#${passportOf(person)}`]),
    );
    expect(stayRecord).toMatchObject({
      auditId: stayLegalityAnswerSchema.parse(verdict.body).auditId,
      query: "stay-legality",
      notificationIds: [registered.id],
    });
    expect(invitersRecord).toMatchObject({
      auditId: invitersAnswerSchema.parse(inviters.body).auditId,
      query: "inviters",
      parameters: { from: "2025-06-01", to: "2025-06-15" },
    });
  });

  it("refuses a unit without the right with 403 `query.forbidden`, and records the refusal", async () => {
    const person = freshForeigner(true);

    const response = await hub.ask("persons", "duty", `iin=${person.iin}`, { officer: "o.forbidden" });

    expect(response.status).toBe(403);
    expect(response.error?.code).toBe("query.forbidden");
    expect(await auditRecordsOf("duty", "o.forbidden")).toEqual([
      expect.objectContaining({
        query: "persons",
        outcome: "refused",
        status: 403,
        personKeys: [`IIN#${person.iin}`],
        notificationIds: [],
      }),
    ]);
  });

  it("refuses a query without purpose or with bad parameters with 400, and records nothing: nothing was read", async () => {
    const noPurpose = await hub.ask("persons", "imc", `iin=${freshIin()}`, {
      purpose: null,
      officer: "o.bad",
    });
    const blank = await hub.ask("persons", "imc", `iin=${freshIin()}`, { purpose: " ", officer: "o.bad" });
    const badIin = await hub.ask("persons", "imc", "iin=123", { officer: "o.bad" });
    const twice = await hub.ask("persons", "imc", `iin=${freshIin()}&iin=${freshIin()}`, {
      officer: "o.bad",
    });

    expect(
      [noPurpose, blank].map((answer) => [answer.status, answer.error?.code, answer.error?.details[0]?.path]),
    ).toEqual([
      [400, "purpose.missing", "/headers/x-hub-purpose"],
      [400, "purpose.missing", "/headers/x-hub-purpose"],
    ]);
    expect([badIin.status, badIin.error?.code, badIin.error?.details[0]?.path]).toEqual([
      400,
      "query.invalid",
      "/query/iin",
    ]);
    expect(twice.error?.details[0]).toMatchObject({ path: "/query/iin", code: "query.repeated" });
    expect(await auditRecordsOf("imc", "o.bad")).toEqual([]);
  });

  it("answers 503 and nothing else when the audit record cannot be written", async () => {
    const person = freshForeigner(true);
    await hub.store(stay.registered(person, "2025-04-10", "2025-07-08"));
    // The audit table's DynamoDB is unreachable: nothing listens on port 1.
    const unreachable = new DynamoDBClient({
      endpoint: "http://127.0.0.1:1",
      region: LOCAL_REGION,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const failing = queriesHarness({
      client,
      ...tables,
      audit: new DynamoAuditLog(unreachable, tables.auditTableName, 1825),
      now: () => NOW,
    });

    const response = await failing.ask("persons", "imc", `iin=${person.iin}`, { officer: "o.unaudited" });
    unreachable.destroy();

    expect(response.status).toBe(503);
    expect(response.error?.code).toBe("audit.unavailable");
    expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.stringify(response.error)).not.toContain(person.iin ?? "-");
    expect(await auditRecordsOf("imc", "o.unaudited")).toEqual([]);
  });
});
