/**
 * The queries (art. 11.8, 11.9) and the audit log through one local hub: scenarios built by sending
 * feeds as the upstream systems do, then asked as units' officers and read back as the auditor,
 * signed as the CLI signs (and once with the CLI itself).
 */
import { randomInt, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askQuery, readAuditLog } from "../../cli/query-client.ts";
import type { SignedApiTarget } from "../../cli/signed-request.ts";
import { LOCAL_HUB_FILE } from "../../local/connection-file.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { localSessionToken } from "../../local/unit-roles.ts";
import type { AuditRecordBody } from "../../shared/api/responses.ts";
import type { FeedSourceId, UnitId } from "../../shared/domain/catalogue/index.ts";
import { parseIin } from "../../shared/domain/normalise/index.ts";
import { feedFixture } from "../support/fixtures.ts";
import { hubCliIn } from "../support/hub-cli.ts";
import { localHubClient } from "../support/local-hub-client.ts";

/** The folder the CLI runs in: the hub writes its connection file there, as `npm start` does in the checkout. */
const cliFolder = mkdtempSync(join(tmpdir(), "hub-e2e-queries-"));
let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;

beforeAll(async () => {
  hub = await startLocalHub({ connectionFile: join(cliFolder, LOCAL_HUB_FILE) });
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
});

const DAY_MS = 86_400_000;
/** A calendar date `days` from today (UTC; every date below keeps a margin of days from the edges). */
const day = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const run = randomUUID().slice(0, 8);
/** A passport number no other run or scenario uses. */
const freshPassport = () => `P${run.toUpperCase().replace(/[^A-Z0-9]/g, "")}${randomInt(1e6)}`;

/** A valid IIN of a woman born on 1988-05-05 (the check digit found by trying each). */
function hostIin(): string {
  const stem = `8805054${String(randomInt(1e4)).padStart(4, "0")}`;
  for (let digit = 0; digit <= 9; digit++) {
    if (parseIin(`${stem}${digit}`).ok) return `${stem}${digit}`;
  }
  return hostIin();
}

const registrationSample = feedFixture("registration.migration").body.records[0];
const overstaySample = feedFixture("stay.overstay").body.records[0];
const expulsionSample = feedFixture("expulsion.ordered").body.records[0];

interface Foreigner {
  readonly surname: string;
  readonly passport: string;
}

/** A migration registration (kqp) of `foreigner` with `host` at `address`, from `on` until `until`. */
function registration(
  foreigner: Foreigner,
  options: { on: string; until: string; address: string; host?: Record<string, string> },
) {
  return {
    ...registrationSample,
    recordId: `REG-${randomUUID()}`,
    occurredAt: `${options.on}T12:05:00+05:00`,
    recordedAt: `${options.on}T12:05:44+05:00`,
    place: { locality: "Алматы", address: options.address },
    foreigner: {
      surname: foreigner.surname,
      givenName: "Imran",
      birthDate: "2003-05-19",
      sex: "M",
      citizenship: "PAK",
      documents: [
        { type: "passport", number: foreigner.passport, issuingCountry: "PAK", validUntil: "2032-01-15" },
      ],
    },
    host: options.host ?? {
      type: "person",
      surname: "Сейтқали",
      givenName: "Айгерім",
      birthDate: "1988-11-02",
      sex: "F",
      citizenship: "KAZ",
      iin: "881102402170",
    },
    registration: {
      type: "place-of-stay",
      registeredOn: options.on,
      registeredUntil: options.until,
      purpose: "study",
    },
    entryDate: options.on,
  };
}

/** Sends one feed request and answers the stored notifications' ids, in the records' order. */
async function send(source: FeedSourceId, records: readonly object[]): Promise<string[]> {
  const response = await client.sendSigned(source, JSON.stringify({ contractVersion: "1", records }));
  expect(response.status, response.text).toBe(202);
  return (JSON.parse(response.text) as { results: { notificationId: string }[] }).results.map(
    (result) => result.notificationId,
  );
}

/** A session of `unit`'s role of this run, named after `officer`, as `hub query` signs with. */
function unitTarget(unit: UnitId, officer: string): SignedApiTarget {
  const credentials = hub.connection.credentials[unit];
  if (credentials === undefined) throw new Error(`the hub has no role for ${unit}`);
  return {
    apiUrl: hub.connection.apiUrl,
    region: hub.connection.region,
    credentials: { ...credentials, sessionToken: localSessionToken(officer) },
  };
}

/** Every audit record of the last days, page by page, as the auditor reads them. */
async function auditRecords(parameters: Record<string, string> = {}): Promise<AuditRecordBody[]> {
  const auditor = hub.connection.credentials.auditor;
  if (auditor === undefined) throw new Error("the hub has no auditor role");
  const target = {
    apiUrl: hub.connection.apiUrl,
    region: hub.connection.region,
    credentials: { ...auditor, sessionToken: localSessionToken("e2e.auditor") },
  };
  const records: AuditRecordBody[] = [];
  let cursor: string | undefined;
  do {
    const page = await readAuditLog(target, {
      from: day(-2),
      to: day(2),
      limit: "100",
      cursor,
      ...parameters,
    });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    records.push(...(page.accepted?.records ?? []));
    cursor = page.accepted?.nextCursor;
  } while (cursor !== undefined);
  return records;
}

/** The `hub` command line, run where the hub wrote its connection file. */
const hubCommand = hubCliIn(cliFolder);

/** Each query asked below: the audit id its answer named (or none, when refused), who asked and why. */
const asked: { auditId?: string; unit: UnitId; officer: string; purpose: string; status: number }[] = [];

async function ask<Q extends "persons" | "stay-legality" | "inviters">(
  unit: UnitId,
  query: Q,
  parameters: Record<string, string>,
) {
  const officer = `e2e.${unit}.${asked.length}`;
  const purpose = `CASE-${run}-${asked.length} проверка`;
  const response = await askQuery(unitTarget(unit, officer), query, parameters, purpose);
  asked.push({ auditId: response.accepted?.auditId, unit, officer, purpose, status: response.status });
  return response;
}

describe("queries and their audit through the local hub, end to end", () => {
  const legal: Foreigner = { surname: "LEGALOV", passport: freshPassport() };

  it("answers `legal` until the registration's last day for a foreigner registered and within the term", async () => {
    const [registered] = await send("kqp", [
      registration(legal, { on: day(-5), until: day(30), address: `ул. Абая, д. ${run}` }),
    ]);
    const answer = await ask("migration-service", "stay-legality", {
      document: legal.passport,
      country: "PK",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.accepted).toMatchObject({
      verdict: "legal",
      coveredUntil: day(30),
      evidence: [registered],
    });
    expect(answer.accepted?.reasons.map((reason) => reason.code)).toContain("covered-by-registration");
  });

  it("answers `illegal` with the overstay in the evidence after a registration that ran out", async () => {
    const overstayer = { surname: "OVERSTAYEV", passport: freshPassport() };
    await send("kqp", [
      registration(overstayer, { on: day(-60), until: day(-30), address: `ул. Сатпаева, д. ${run}` }),
    ]);
    const [overstay] = await send("burkit", [
      {
        ...overstaySample,
        recordId: `OS-${randomUUID()}`,
        occurredAt: `${day(-29)}T00:05:00`,
        recordedAt: `${day(-29)}T00:05:00`,
        traveller: {
          surname: overstayer.surname,
          givenName: "Imran",
          birthDate: "2003-05-19",
          sex: "M",
          citizenship: "PAK",
          passport: { number: overstayer.passport, issuingCountry: "PAK", validUntil: "2032-01-15" },
        },
        lastEntry: { date: day(-60), checkpoint: { code: "ALA", name: "Алматы халықаралық әуежайы" } },
        stay: { basis: "visa-free", permittedUntil: day(-30) },
      },
    ]);
    const answer = await ask("imc", "stay-legality", { document: overstayer.passport, country: "PAK" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.accepted?.verdict).toBe("illegal");
    expect(answer.accepted?.coveredUntil).toBeUndefined();
    expect(answer.accepted?.evidence).toContain(overstay);
    expect(answer.accepted?.reasons).toContainEqual(
      expect.objectContaining({ code: "overstay", notificationId: overstay }),
    );
  });

  it("answers `illegal` for a foreigner whose expulsion was ordered", async () => {
    const expelled = freshPassport();
    const [ordered] = await send("kqp", [
      {
        ...expulsionSample,
        recordId: `EXP-${randomUUID()}`,
        occurredAt: `${day(-3)}T16:10:00+05:00`,
        recordedAt: `${day(-3)}T17:00:03+05:00`,
        foreigner: {
          surname: "Турсунов",
          givenName: "Жамшид",
          birthDate: "1992-06-30",
          sex: "M",
          citizenship: "UZB",
          documents: [
            { type: "passport", number: expelled, issuingCountry: "UZB", validUntil: "2030-11-11" },
          ],
        },
        decision: { number: `7594-${run}`, date: day(-3), authority: "court" },
        departBy: day(7),
      },
    ]);
    const answer = await ask("duty", "stay-legality", { document: expelled, country: "UZ" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.accepted?.verdict).toBe("illegal");
    expect(answer.accepted?.reasons).toContainEqual(
      expect.objectContaining({ code: "expulsion-ordered", notificationId: ordered }),
    );
  });

  it("answers `unknown` for a person the hub never saw", async () => {
    const answer = await ask("migration-service", "stay-legality", {
      document: freshPassport(),
      country: "TR",
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.accepted).toMatchObject({ verdict: "unknown", evidence: [] });
    expect(answer.accepted?.coveredUntil).toBeUndefined();
  });

  it("lists a host who registered 6 foreigners at one address within a month, with count 6", async () => {
    const iin = hostIin();
    const host = {
      type: "person",
      surname: "Жұмабаева",
      givenName: "Сәуле",
      birthDate: "1988-05-05",
      sex: "F",
      citizenship: "KAZ",
      iin,
    };
    const address = `мкр. Жетысу-3, д. ${run}, кв. 6`;
    const registrations = [1, 4, 7, 10, 13, 16].map((daysAgo, index) =>
      registration(
        { surname: `GUEST${String.fromCharCode(65 + index)}`, passport: freshPassport() },
        { on: day(-daysAgo - 5), until: day(60), address, host },
      ),
    );
    const sent = await send("kqp", registrations);
    const answer = await ask("kpd", "inviters", { from: day(-30), to: day(0), minCount: "6" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const party = answer.accepted?.parties.find((one) => one.key === `IIN#${iin}`);
    expect(party).toMatchObject({ foreignerCount: 6, roles: ["host"] });
    expect([...(party?.notificationIds ?? [])].sort()).toEqual([...sent].sort());
    const atAddress = answer.accepted?.addresses.find((one) => one.address.includes(run));
    expect(atAddress?.foreignerCount).toBe(6);
  });

  it("answers a person's notifications, newest first, to a unit with the right", async () => {
    const answer = await ask("imc", "persons", { document: legal.passport, country: "PAK" });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.accepted?.persons).toHaveLength(1);
    expect(answer.accepted?.persons[0]?.notifications.map((one) => one.kind)).toEqual([
      "registration.migration",
    ]);
  });

  it("refuses a unit without the right with 403, and audits the refusal", async () => {
    const answer = await ask("duty", "persons", { document: legal.passport, country: "PAK" });
    expect(answer.status).toBe(403);
    const refusal = asked.at(-1);
    const records = await auditRecords({ unit: "duty" });
    expect(records.filter((record) => record.purpose === refusal?.purpose)).toEqual([
      expect.objectContaining({
        officer: refusal?.officer,
        query: "persons",
        outcome: "refused",
        status: 403,
        notificationCount: 0,
      }),
    ]);
  });

  it("refuses a query without a purpose with 400, before anything is read", async () => {
    const answer = await askQuery(unitTarget("imc", "e2e.nopurpose"), "persons", { iin: "881102402170" }, "");
    expect(answer.status).toBe(400);
    expect(answer.error?.error.code).toBe("purpose.missing");
  });

  it("leaves exactly one audit record of each query, with its officer and purpose", async () => {
    expect(asked.length).toBeGreaterThanOrEqual(7);
    const records = await auditRecords();
    for (const query of asked) {
      const mine = records.filter((record) => record.purpose === query.purpose);
      expect(mine, query.purpose).toHaveLength(1);
      expect(mine[0]).toMatchObject({ unit: query.unit, officer: query.officer, status: query.status });
      if (query.auditId !== undefined) expect(mine[0]?.auditId).toBe(query.auditId);
    }
    expect(records.some((record) => record.officer === "e2e.nopurpose")).toBe(false);
  });

  it("runs `hub query stay` and `hub audit` against the hub", async () => {
    const purpose = `CASE-CLI-${run}`;
    const stay = await hubCommand(
      "query",
      "stay",
      "--unit",
      "migration-service",
      "--officer",
      "cli.officer",
      "--purpose",
      purpose,
      "--document",
      legal.passport,
      "--country",
      "PK",
    );
    expect(stay.code, stay.stdout).toBe(0);
    expect(stay.stdout).toContain("verdict: LEGAL");
    expect(stay.stdout).toContain(`covered until ${day(30)}`);

    const audit = await hubCommand("audit", "--from", day(-2), "--to", day(2), "--unit", "migration-service");
    expect(audit.code, audit.stdout).toBe(0);
    expect(audit.stdout).toContain("cli.officer");
    expect(audit.stdout).toContain(purpose);
  });
});
