import { randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { feedFixtures, withFreshRecordIds } from "../support/fixtures.ts";
import { dynamoDbClient, freshTable, ingestHarness } from "../support/hub-harness.ts";

const client = dynamoDbClient();
let tableName: string;
afterAll(() => client.destroy());
beforeAll(async () => {
  tableName = await freshTable(client);
});

/** Every string value in a fixture that is personal data: names, identity numbers, documents, dates of birth. */
function personalValues(value: unknown, key = ""): string[] {
  if (typeof value === "string") {
    const personal = /name|surname|given|patronymic|iin|number|birth|bin/i.test(key);
    return personal && value.length >= 4 ? [value] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item) => personalValues(item, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => personalValues(v, k));
  }
  return [];
}

describe("ingest logs", () => {
  it("carry the request id and never personal data, at the most verbose level, accepted or refused", async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(capture);
    const consoleSpies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" "))),
    );
    const hub = ingestHarness({
      client,
      tableName,
      logger: new Logger({ serviceName: "ingest-pii", logLevel: "DEBUG" }),
    });
    const secrets: string[] = [];
    try {
      for (const fixture of feedFixtures) {
        const body = withFreshRecordIds(fixture, randomUUID());
        secrets.push(...personalValues(body));
        await hub.send(fixture.source, body);
        // The same records, broken: refused with field errors, which must not quote the values either.
        const broken = {
          ...body,
          records: body.records.map((r) => ({ ...r, region: "KZ-00", unexpected: true })),
        };
        await hub.send(fixture.source, broken);
      }
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      for (const spy of consoleSpies) spy.mockRestore();
    }

    const logged = lines.join("\n");
    expect(secrets.length).toBeGreaterThan(feedFixtures.length);
    expect(lines.length).toBeGreaterThan(feedFixtures.length);
    expect(logged).toContain("request accepted");
    expect(logged).toContain("request rejected");
    expect(logged).toMatch(/"requestId":"[0-9a-f-]{36}"/);
    for (const secret of secrets)
      expect(logged, "a personal value appears in the logs").not.toContain(secret);
  });
});
