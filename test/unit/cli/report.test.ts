import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reportCommand } from "../../../cli/commands/report.ts";
import { EXECUTE_API_SERVICE, type SignatureCheck, verifySignature } from "../../../local/sigv4.ts";
import type { ErrorBody, ReportsAcceptedBody } from "../../../shared/api/responses.ts";

/** The caller's AWS credentials, as the SDK's default chain finds them in the environment. */
const aws = {
  AWS_REGION: "eu-central-1",
  AWS_ACCESS_KEY_ID: "ASIAUNITTESTUNITTEST",
  AWS_SECRET_ACCESS_KEY: "dW5pdC10ZXN0LXNlY3JldC11bml0LXRlc3Qtc2Vj",
  AWS_SESSION_TOKEN: "session-token-of-an-assumed-role",
};

/** The next answer of the stand-in API, and how it found the last request's signature. */
let answer: { status: number; body: string } = { status: 500, body: "" };
let lastCheck: SignatureCheck | undefined;
let server: Server;
let apiUrl = "";
const file = join(mkdtempSync(join(tmpdir(), "hub-report-")), "reports.json");
writeFileSync(
  file,
  JSON.stringify({ reports: [{ reportId: "DCH-1" }, { reportId: "DCH-2" }, { kind: "x" }] }),
);

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://stand-in");
    lastCheck = await verifySignature(
      {
        method: request.method ?? "",
        path: url.pathname,
        query: url.search.slice(1),
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, [value].flat().join(",")]),
        ),
        body: await bodyOf(request),
      },
      {
        region: aws.AWS_REGION,
        service: EXECUTE_API_SERVICE,
        secretOf: (id) => (id === aws.AWS_ACCESS_KEY_ID ? aws.AWS_SECRET_ACCESS_KEY : undefined),
        now: new Date(),
      },
    );
    response.writeHead(answer.status, { "content-type": "application/json" });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // With a stage, as API Gateway's URLs have one: the signature covers the whole path.
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
  Object.assign(process.env, aws);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  lastCheck = undefined;
});

async function report(status: number, body: ReportsAcceptedBody | ErrorBody | string) {
  answer = { status, body: typeof body === "string" ? body : JSON.stringify(body) };
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const code = await reportCommand.execute(["--api-url", apiUrl, file], { out });
  return { code, printed: chunks.join("") };
}

describe("hub report against AWS", () => {
  it("signs with the caller's AWS credentials (SigV4, execute-api) and prints each report's fate", async () => {
    const { code, printed } = await report(202, {
      requestId: "r-1",
      results: [
        { reportId: "DCH-1", notificationId: "01J0000000000000000000000A", status: "stored" },
        { reportId: "DCH-2", notificationId: "01J0000000000000000000000B", status: "duplicate" },
      ],
    });

    expect(lastCheck).toEqual({
      ok: true,
      accessKeyId: aws.AWS_ACCESS_KEY_ID,
      sessionToken: aws.AWS_SESSION_TOKEN,
    });
    expect(code).toBe(0);
    expect(printed).toMatch(/^202 accepted\nreport +notification +status\n/);
    expect(printed).toMatch(/DCH-1 +01J0000000000000000000000A +stored\n/);
    expect(printed).toMatch(/DCH-2 +01J0000000000000000000000B +duplicate\n$/);
  });

  it("prints a refused request report by report, each with its own field errors, and exits 1", async () => {
    const { code, printed } = await report(403, {
      requestId: "r-2",
      error: {
        code: "report.kind-forbidden",
        message: "Some reports are of kinds this unit does not file.",
        details: [
          {
            path: "/reports/1/kind",
            code: "report.kind-forbidden",
            message: "Unit `imc` does not file this kind.",
          },
          { path: "", code: "request.note", message: "Nothing was stored." },
        ],
      },
    });

    expect(code).toBe(1);
    expect(printed).toBe(
      [
        "403 report.kind-forbidden: Some reports are of kinds this unit does not file.",
        "  /: Nothing was stored.",
        "DCH-1: refused with the others (a request is stored whole or not at all)",
        "DCH-2: refused",
        "  /reports/1/kind: Unit `imc` does not file this kind.",
        "#2: refused with the others (a request is stored whole or not at all)",
        "",
      ].join("\n"),
    );
  });

  it("refuses --officer against AWS: the officer is the session name of the role assumed", async () => {
    const out = new Writable({ write: (_chunk, _encoding, done) => done() });

    await expect(
      reportCommand.execute(["--api-url", apiUrl, "--officer", "x.y", file], { out }),
    ).rejects.toThrow(/session name of the unit role you assumed/);
  });
});
