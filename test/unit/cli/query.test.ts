import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCommand } from "../../../cli/commands/audit.ts";
import { queryCommand } from "../../../cli/commands/query.ts";
import { EXECUTE_API_SERVICE, type SignatureCheck, verifySignature } from "../../../local/sigv4.ts";
import type {
  AuditAnswer,
  InvitersAnswer,
  PersonsAnswer,
  StayLegalityAnswer,
} from "../../../shared/api/responses.ts";

/** The caller's AWS credentials, as the SDK's default chain finds them in the environment. */
const aws = {
  AWS_REGION: "eu-central-1",
  AWS_ACCESS_KEY_ID: "ASIAUNITTESTUNITTEST",
  AWS_SECRET_ACCESS_KEY: "dW5pdC10ZXN0LXNlY3JldC11bml0LXRlc3Qtc2Vj",
  AWS_SESSION_TOKEN: "session-token-of-an-assumed-role",
};

/** The next answer of the stand-in API, and what it saw of the last request. */
let answer: { status: number; body: unknown } = { status: 500, body: "" };
let last: { check: SignatureCheck; url: URL; purpose: string | undefined } | undefined;
let requests = 0;
let server: Server;
let apiUrl = "";

beforeAll(async () => {
  server = createServer(async (request: IncomingMessage, response) => {
    requests++;
    const url = new URL(request.url ?? "/", "http://stand-in");
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, [value].flat().join(",")]),
    );
    const check = await verifySignature(
      {
        method: request.method ?? "",
        path: url.pathname,
        query: url.search.slice(1),
        headers,
        body: Buffer.alloc(0),
      },
      {
        region: aws.AWS_REGION,
        service: EXECUTE_API_SERVICE,
        secretOf: (id) => (id === aws.AWS_ACCESS_KEY_ID ? aws.AWS_SECRET_ACCESS_KEY : undefined),
        now: new Date(),
      },
    );
    last = { check, url, purpose: headers["x-hub-purpose"] };
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
  Object.assign(process.env, aws);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function hub(command: typeof queryCommand, status: number, body: unknown, ...args: string[]) {
  answer = { status, body };
  last = undefined;
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const code = await command.execute(["--api-url", apiUrl, ...args], { out });
  return { code, printed: chunks.join("") };
}

const stayAnswer: StayLegalityAnswer = {
  requestId: "r-1",
  auditId: "01J00000000000000000000AUD",
  asOf: "2026-11-29",
  verdict: "legal",
  coveredUntil: "2026-12-29",
  reasons: [
    {
      code: "covered-by-registration",
      message: "Registered until 2026-12-29.",
      notificationId: "01J0000000000000000000000A",
    },
  ],
  evidence: ["01J0000000000000000000000A"],
};

describe("hub query", () => {
  it("signs the query and its purpose (percent-encoded) and prints the verdict with its reasons", async () => {
    const { code, printed } = await hub(
      queryCommand,
      200,
      stayAnswer,
      "stay",
      "--purpose",
      "Дело 12/345",
      "--document",
      "fa 123 4567",
      "--country",
      "UZ",
    );

    expect(last?.check).toEqual({
      ok: true,
      accessKeyId: aws.AWS_ACCESS_KEY_ID,
      sessionToken: aws.AWS_SESSION_TOKEN,
    });
    expect(last?.url.pathname).toBe("/prod/v1/stay-legality");
    expect(Object.fromEntries(last?.url.searchParams ?? [])).toEqual({
      document: "fa 123 4567",
      country: "UZ",
    });
    expect(decodeURIComponent(last?.purpose ?? "")).toBe("Дело 12/345");
    expect(code).toBe(0);
    expect(printed).toContain("verdict: LEGAL (as of 2026-11-29, covered until 2026-12-29)");
    expect(printed).toContain(
      "covered-by-registration: Registered until 2026-12-29. [01J0000000000000000000000A]",
    );
  });

  it("refuses without a purpose, before sending anything", async () => {
    const before = requests;
    await expect(hub(queryCommand, 200, stayAnswer, "stay", "--iin", "881102402170")).rejects.toThrow(
      /--purpose/,
    );
    expect(requests).toBe(before);
  });

  it("refuses flags of another query and a query without its key", async () => {
    await expect(
      hub(
        queryCommand,
        200,
        stayAnswer,
        "stay",
        "--purpose",
        "x",
        "--iin",
        "881102402170",
        "--from",
        "2026-01-01",
      ),
    ).rejects.toThrow(/--from not for this query/);
    await expect(hub(queryCommand, 200, stayAnswer, "persons", "--purpose", "x")).rejects.toThrow(/say whom/);
  });

  it("prints persons with their notifications in the region's time and language, and the next cursor", async () => {
    const persons: PersonsAnswer = {
      requestId: "r-2",
      auditId: "01J00000000000000000000AUE",
      persons: [
        {
          keys: ["DOC#PAK#AB1234561"],
          name: { surname: "KHAN", given: "Imran", latin: "KHAN IMRAN" },
          birthDate: "2003-05-19",
          citizenship: "PAK",
          documents: [{ type: "passport", number: "AB1234561", issuingCountry: "PAK" }],
          notifications: [
            {
              notificationId: "01J0000000000000000000000A",
              kind: "registration.migration",
              occurredAt: "2026-04-10T07:05:00.000Z",
              region: "KZ-75",
              role: "subject",
            },
          ],
        },
      ],
      nextCursor: "next-page",
    };
    const { code, printed } = await hub(
      queryCommand,
      200,
      persons,
      "persons",
      "--purpose",
      "CASE-1",
      "--document",
      "AB1234561",
      "--country",
      "PK",
      "--lang",
      "ru",
    );

    expect(code).toBe(0);
    expect(printed).toContain("Уведомления о лице");
    expect(printed).toContain("● KHAN Imran [KHAN IMRAN] (born 2003-05-19, PAK)");
    // 07:05 UTC is 12:05 on Almaty's clocks (UTC+5).
    expect(printed).toMatch(/2026-04-10 12:05 +\S.* +Almaty \(KZ-75\) +subject +01J0000000000000000000000A/);
    expect(printed).toContain("next page: --cursor next-page");
  });

  it("prints the inviters table: party, roles, count and the notifications behind it", async () => {
    const inviters: InvitersAnswer = {
      requestId: "r-3",
      auditId: "01J00000000000000000000AUF",
      from: "2026-11-01",
      to: "2026-11-29",
      minCount: 6,
      parties: [
        {
          key: "IIN#881102402170",
          party: {
            type: "person",
            name: { surname: "Сейтқали", given: "Айгерім", latin: "SEITKALI AIGERIM" },
          },
          roles: ["host"],
          foreignerCount: 6,
          notificationIds: ["N1", "N2"],
        },
      ],
      addresses: [],
    };
    const { printed } = await hub(
      queryCommand,
      200,
      inviters,
      "inviters",
      "--purpose",
      "CASE-2",
      "--from",
      "2026-11-01",
      "--to",
      "2026-11-29",
      "--min-count",
      "6",
    );

    expect(Object.fromEntries(last?.url.searchParams ?? [])).toEqual({
      from: "2026-11-01",
      to: "2026-11-29",
      minCount: "6",
    });
    expect(printed).toMatch(/Сейтқали Айгерім \[SEITKALI AIGERIM\] +host +6 +N1 N2/);
    expect(printed).toContain("addresses:\n  none");
  });

  it("prints the hub's refusal and exits 1", async () => {
    const { code, printed } = await hub(
      queryCommand,
      403,
      {
        requestId: "r-4",
        error: { code: "query.forbidden", message: "Unit duty may not ask persons.", details: [] },
      },
      "persons",
      "--purpose",
      "CASE-3",
      "--iin",
      "881102402170",
    );

    expect(code).toBe(1);
    expect(printed).toBe("403 query.forbidden: Unit duty may not ask persons.\n");
  });
});

describe("hub audit", () => {
  it("prints who asked, when on the deployment's clocks, why, and the outcome", async () => {
    const audit: AuditAnswer = {
      requestId: "r-5",
      records: [
        {
          auditId: "01J00000000000000000000AUD",
          at: "2026-11-29T09:30:00.000Z",
          deployment: "almaty",
          unit: "imc",
          officer: "a.officer",
          principal: "arn:aws:sts::000000000000:assumed-role/hub-almaty-imc/a.officer",
          purpose: "Дело 12/345",
          query: "stay-legality",
          parameters: { iin: "881102402170" },
          personKeys: ["IIN#881102402170"],
          outcome: "answered",
          status: 200,
          notificationCount: 2,
          notificationIds: ["N1", "N2"],
          notificationIdsComplete: true,
        },
      ],
    };
    const { code, printed } = await hub(
      auditCommand,
      200,
      audit,
      "--from",
      "2026-11-29",
      "--to",
      "2026-11-29",
      "--unit",
      "imc",
    );

    expect(last?.url.pathname).toBe("/prod/v1/audit");
    expect(Object.fromEntries(last?.url.searchParams ?? [])).toEqual({
      from: "2026-11-29",
      to: "2026-11-29",
      unit: "imc",
    });
    expect(code).toBe(0);
    expect(printed).toMatch(
      /2026-11-29 14:30 +imc +a\.officer +Дело 12\/345 +Legality of a foreigner's stay +iin=881102402170 +answered \(200\) +2/,
    );
  });
});
