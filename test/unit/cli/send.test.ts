import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendCommand } from "../../../cli/commands/send.ts";
import type { AcceptedBody, ErrorBody } from "../../../shared/api/responses.ts";

/** The next answer of the stand-in API: status and body as the hub (or a proxy in front of it) sends them. */
let answer: { status: number; body: string } = { status: 500, body: "" };
let server: Server;
let apiUrl = "";
const file = join(mkdtempSync(join(tmpdir(), "hub-send-")), "request.json");
writeFileSync(file, JSON.stringify({ contractVersion: "1", records: [] }));

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(answer.status, { "content-type": "application/json" });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(status: number, body: AcceptedBody | ErrorBody | string) {
  answer = { status, body: typeof body === "string" ? body : JSON.stringify(body) };
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const args = ["--source", "kqp", "--api-url", apiUrl, "--key", "whsec_dGVzdC1rZXktdGVzdC1rZXk=", file];
  const code = await sendCommand.execute(args, { out });
  return { code, printed: chunks.join("") };
}

describe("hub send", () => {
  it("prints each record's fate on 202 and exits 0", async () => {
    const { code, printed } = await send(202, {
      requestId: "r-1",
      results: [{ recordId: "KQP-1", notificationId: "01J0000000000000000000000A", status: "duplicate" }],
    });

    expect(code).toBe(0);
    expect(printed).toMatch(/^202 accepted\nrecord +notification +status\n/);
    expect(printed).toMatch(/KQP-1 +01J0000000000000000000000A +duplicate/);
  });

  it("prints the hub's error with every field problem and exits 1", async () => {
    const { code, printed } = await send(422, {
      requestId: "r-2",
      error: {
        code: "contract.invalid",
        message: "The request does not match the contract.",
        details: [{ path: "/records/0/iin", code: "iin.checksum", message: "bad checksum" }],
      },
    });

    expect(code).toBe(1);
    expect(printed).toBe(
      "422 contract.invalid: The request does not match the contract.\n  /records/0/iin: bad checksum\n",
    );
  });

  it("prints an answer in no format of the hub's as it came, and exits 1", async () => {
    const { code, printed } = await send(502, "<html>Bad Gateway</html>");

    expect(code).toBe(1);
    expect(printed).toBe('502: "<html>Bad Gateway</html>"\n');
  });
});
