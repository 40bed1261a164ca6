import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_HUB_FILE } from "../../local/connection-file.ts";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { waitUntil } from "../../local/process-utils.ts";
import {
  type KindId,
  orderKindIds,
  subscribersOf,
  type UnitId,
  unitIds,
} from "../../shared/domain/catalogue/index.ts";
import { inRegion, reportFixture, reportFixtures, withFreshReportIds } from "../support/fixtures.ts";
import { hubCliIn } from "../support/hub-cli.ts";
import { localHubClient } from "../support/local-hub-client.ts";
import { otherAddresses, reachable } from "../support/network.ts";

/** The folder the CLI runs in: the hub writes its connection file there, as `npm start` does in the checkout. */
const cliFolder = mkdtempSync(join(tmpdir(), "hub-e2e-reports-"));
let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;

beforeAll(async () => {
  hub = await startLocalHub({
    targetRetry: { baseMs: 5, maxMs: 20 },
    connectionFile: join(cliFolder, LOCAL_HUB_FILE),
  });
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
});

/** The subscribers of a kind that have a queue in this deployment. */
const subscribersHere = (kind: KindId) =>
  subscribersOf(kind).filter((unit) => hub.connection.queues[unit] !== undefined);

/** A sample as a new report of Almaty (KZ-75), this hub's region. */
const newReport = (fixture: (typeof reportFixtures)[number]) =>
  inRegion(withFreshReportIds(fixture, randomUUID()), "KZ-75");

const resultsOf = (text: string) =>
  (JSON.parse(text) as { results: { reportId: string; notificationId: string; status: string }[] }).results;

/** Nothing stored, nothing on its way: the table holds `before` notifications and no queue got a message. */
async function expectNothingDelivered(before: number) {
  await waitUntil(() => hub.deliveriesSettled(), { timeoutMs: 5_000, what: "a quiet bus" });
  expect(await client.notificationCount()).toBe(before);
  const units = unitIds.filter((unit) => hub.connection.queues[unit] !== undefined);
  const drained = await Promise.all(units.map((unit) => client.drain(unit)));
  expect(drained.flat()).toEqual([]);
}

/** The `hub` command line, run where the hub wrote its connection file. */
const hubCommand = hubCliIn(cliFolder);

describe("units' reports through the local hub, end to end", () => {
  it("delivers a report of each of the 13 kinds, filed by its unit, to exactly its subscribing units", async () => {
    const expected = new Map<string, UnitId[]>();
    const fixtureOf = new Map<string, (typeof reportFixtures)[number]>();
    for (const fixture of reportFixtures) {
      const response = await client.fileReports(fixture.unit, JSON.stringify(newReport(fixture)), {
        officer: "e2e.officer",
      });
      expect(response.status, `${fixture.kind}: ${response.text}`).toBe(202);
      for (const result of resultsOf(response.text)) {
        expect(result.status).toBe("stored");
        expected.set(result.notificationId, subscribersHere(fixture.kind));
        fixtureOf.set(result.notificationId, fixture);
      }
    }
    expect(new Set([...fixtureOf.values()].map((fixture) => fixture.kind)).size).toBe(13);

    const { seen, delivered } = await client.deliveries(expected);

    for (const [id, units] of expected) {
      const fixture = fixtureOf.get(id);
      expect([...(seen.get(id)?.keys() ?? [])].sort(), fixture?.kind).toEqual([...units].sort());
      expect(delivered.get(id)).toMatchObject({
        kind: fixture?.kind,
        source: "units",
        filedBy: {
          unit: fixture?.unit,
          officer: "e2e.officer",
          principal: `arn:aws:sts::000000000000:assumed-role/Order195Hub-almaty-${fixture?.unit}/e2e.officer`,
        },
      });
    }
  });

  it("answers the same report again as a duplicate, and delivers it once per subscribing unit", async () => {
    const fixture = reportFixture("foreigner.detained");
    const body = JSON.stringify(newReport(fixture));

    const first = await client.fileReports(fixture.unit, body);
    const second = await client.fileReports(fixture.unit, body);

    const [stored] = resultsOf(first.text);
    expect(resultsOf(second.text)).toEqual([{ ...stored, status: "duplicate" }]);
    const id = stored?.notificationId ?? "";
    const { seen } = await client.deliveries(new Map([[id, subscribersHere(fixture.kind)]]));
    for (const unit of subscribersHere(fixture.kind)) expect(seen.get(id)?.get(unit), unit).toBe(1);
  });

  it("refuses a kind the calling unit does not file with 403, storing nothing", async () => {
    const fixture = reportFixture("foreigner.detained");
    const before = await client.notificationCount();

    const response = await client.fileReports("imc", JSON.stringify(newReport(fixture)));

    expect(response.status).toBe(403);
    expect(JSON.parse(response.text)).toMatchObject({
      error: { details: [{ path: "/reports/0/kind", code: "report.kind-forbidden" }] },
    });
    await expectNothingDelivered(before);
  });

  it("refuses unsigned, tampered and expired requests with 403, storing nothing", async () => {
    const fixture = reportFixture("prisoner.released");
    const body = JSON.stringify(newReport(fixture));
    const before = await client.notificationCount();

    const unsigned = await client.post("/v1/reports", body, { "content-type": "application/json" });
    const tampered = await client.fileReports(fixture.unit, body, {
      body: body.replace('"reports"', '"reports" '),
    });
    const expired = await client.fileReports(fixture.unit, body, {
      signedAt: new Date(Date.now() - 10 * 60_000),
    });

    expect([unsigned.status, tampered.status, expired.status]).toEqual([403, 403, 403]);
    expect([unsigned, tampered, expired].map((r) => JSON.parse(r.text).error.code)).toEqual([
      "signature.missing",
      "signature.invalid",
      "signature.expired",
    ]);
    await expectNothingDelivered(before);
  });

  it("refuses a report of another deployment's region with 422, storing nothing", async () => {
    const fixture = reportFixture("foreigner.undocumented");
    const body = newReport(fixture);
    const before = await client.notificationCount();

    const response = await client.fileReports(
      fixture.unit,
      JSON.stringify({ reports: body.reports.map((report) => ({ ...report, region: "KZ-79" })) }),
    );

    expect(response.status, response.text).toBe(422);
    expect(response.text).toContain("shymkent");
    await expectNothingDelivered(before);
  });
});

describe("`hub report` and `hub demo` against the local hub", () => {
  it("files a sample and prints each report's fate: stored, then duplicate, then refused with its field errors", async () => {
    const fixture = reportFixture("labour.migrant-location");
    const file = join(cliFolder, "reports.json");
    writeFileSync(file, JSON.stringify(newReport(fixture)));

    const stored = await hubCommand("report", "--unit", fixture.unit, "--officer", "m.abenov", file);
    const duplicate = await hubCommand("report", "--unit", fixture.unit, file);
    const refused = await hubCommand("report", "--unit", "duty", file);

    expect(stored.code, stored.stdout).toBe(0);
    expect(stored.stdout).toMatch(/^202 accepted\nreport +notification +status\n-[- ]+\n.+ stored\n$/);
    expect(duplicate.stdout).toMatch(/ duplicate\n$/);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^403 /);
    expect(refused.stdout).toMatch(/: refused\n {2}\/reports\/0\/kind: Unit `duty` does not file this kind/);
  });

  it("`hub demo` files every kind and shows each reaching exactly its units", async () => {
    const demo = await hubCommand("demo");

    expect(demo.code, demo.stdout).toBe(0);
    for (const kind of orderKindIds)
      expect(demo.stdout).toMatch(new RegExp(`^${kind.replace(".", "\\.")} `, "m"));
    expect(demo.stdout).toContain(
      `all ${orderKindIds.length} kinds reached exactly the units the order names`,
    );
  });
});

describe("the local services", () => {
  it("listen on 127.0.0.1 only: the API, the SQS emulator, DynamoDB Local and the bus", async () => {
    const { apiUrl, sqsEndpoint, dynamodbEndpoint, busEndpoint } = hub.connection;
    const ports = [apiUrl, sqsEndpoint, dynamodbEndpoint, busEndpoint].map((url) =>
      Number(new URL(url).port),
    );
    for (const port of ports) {
      expect(await reachable("127.0.0.1", port), `127.0.0.1:${port}`).toBe(true);
      for (const address of otherAddresses())
        expect(await reachable(address, port), `${address}:${port}`).toBe(false);
    }
  });

  it("DynamoDB Local admits no web page's origin (CORS)", async () => {
    // What a browser asks before letting a page of another origin call DynamoDB.
    const preflight = await fetch(hub.connection.dynamodbEndpoint, {
      method: "OPTIONS",
      headers: {
        origin: "http://attacker.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type,x-amz-date,x-amz-target",
      },
    });

    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });
});
