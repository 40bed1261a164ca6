/**
 * ≥ 10,000 generated requests against the local hub's HTTP API: random JSON, mutated valid fixtures,
 * bad headers and signatures, huge and deep bodies, odd Unicode. Never a 5xx, every refusal in the
 * documented error format, and nothing stored from a refused request.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalHub, startLocalHub } from "../../local/hub.ts";
import { feedSourceIds } from "../../shared/domain/catalogue/index.ts";
import { signWebhook } from "../../shared/http/webhook-signature.ts";
import { feedFixtures } from "../support/fixtures.ts";
import { type HttpResult, localHubClient } from "../support/local-hub-client.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

let hub: LocalHub;
let client: ReturnType<typeof localHubClient>;
beforeAll(async () => {
  hub = await startLocalHub();
  client = localHubClient(hub);
});
afterAll(async () => {
  client?.close();
  await hub?.stop();
});

interface FuzzRequest {
  readonly label: string;
  readonly path: string;
  readonly body: string;
  /** How to sign: correctly, not at all, or with a given header set replacing the right one. */
  readonly headers: (body: string, source: string) => Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const signed = (body: string, source: string) => ({
  "content-type": "application/json",
  ...signWebhook(
    (Object.hasOwn(hub.connection.secrets, source) ? hub.connection.secrets[source as "kqp"] : undefined) ??
      "whsec_AAAA",
    body,
    { id: `msg_${randomUUID()}` },
  ),
});

/** Every path to a value inside a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const children: (string | number)[][] = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...prefix, index]))
    : value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))
      : [];
  return [prefix, ...children];
}

function setAt(document: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(document)) {
    const copy = [...document];
    if (rest.length === 0 && replacement === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = setAt(copy[Number(head)] ?? null, rest, replacement);
    return copy;
  }
  if (document !== null && typeof document === "object") {
    const copy = { ...document };
    if (rest.length === 0 && replacement === undefined) delete copy[String(head)];
    else copy[String(head)] = setAt(copy[String(head)] ?? null, rest, replacement);
    return copy;
  }
  return document;
}

const oddStrings = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "\u202eRTL",
    "\u200b",
    "Ӛ\u0301",
    "𝔄𝔅",
    "\ufeffBOM",
    "A\u0000B",
    "Қасымов\u00a0\u00a0Әлі",
    "",
  ),
);

const source = fc.constantFrom(...feedSourceIds);
const fixture = fc.constantFrom(...feedFixtures);
const freshFixtureBody = (body: unknown) => {
  const { records, ...rest } = body as { records: { recordId: string }[] };
  return {
    ...rest,
    records: records.map((r) => ({ ...r, recordId: `${r.recordId}-fz-${randomUUID().slice(0, 8)}` })),
  };
};

const cheapRequests: fc.Arbitrary<FuzzRequest> = fc.oneof(
  // Any JSON at all, signed correctly.
  fc.tuple(source, fc.jsonValue({ maxDepth: 4 })).map(([s, value]) => ({
    label: "random JSON",
    path: `/v1/feeds/${s}`,
    body: JSON.stringify(value),
    headers: signed,
  })),
  // A valid fixture with one value replaced, deleted, or a key added, signed correctly.
  fc
    .tuple(
      fixture,
      fc.nat(),
      fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddStrings), { nil: undefined }),
      oddStrings,
    )
    .map(([f, pick, replacement, extraKey]) => {
      const body = freshFixtureBody(f.body) as Json;
      const paths = pathsOf(body);
      const path = paths[pick % paths.length] ?? [];
      const mutated =
        pick % 7 === 0
          ? { ...(body as object), [extraKey]: replacement ?? 1 }
          : setAt(body, path, replacement as Json);
      return {
        label: "mutated fixture",
        path: `/v1/feeds/${f.source}`,
        body: JSON.stringify(mutated),
        headers: signed,
      };
    }),
  // Odd Unicode in every string of a valid fixture.
  fc.tuple(fixture, oddStrings).map(([f, odd]) => ({
    label: "odd unicode",
    path: `/v1/feeds/${f.source}`,
    body: JSON.stringify(freshFixtureBody(f.body)).replace(/"([^"\\]{3,})"/g, (_, s: string) =>
      JSON.stringify(`${s}${odd}`),
    ),
    headers: signed,
  })),
  // Bad headers and signatures on a valid body.
  fc
    .tuple(
      fixture,
      fc.constantFrom(
        "no-signature",
        "garbage-signature",
        "garbage-timestamp",
        "wrong-key",
        "text/plain",
        "no-id",
      ),
      fc.string({ maxLength: 60 }),
    )
    .map(([f, fault, noise]) => ({
      label: `bad headers: ${fault}`,
      path: `/v1/feeds/${f.source}`,
      body: JSON.stringify(freshFixtureBody(f.body)),
      headers: (body: string, s: string): Record<string, string> => {
        const good = signed(body, s);
        switch (fault) {
          case "no-signature":
            return {
              "content-type": "application/json",
              "webhook-id": good["webhook-id"],
              "webhook-timestamp": good["webhook-timestamp"],
            };
          case "garbage-signature":
            return {
              ...good,
              "webhook-signature": `v1,${Buffer.from(noise).toString("base64")} ${noise.replace(/[\r\n]/g, "")}`,
            };
          case "garbage-timestamp":
            return { ...good, "webhook-timestamp": noise.replace(/[\r\n]/g, "") || "x" };
          case "wrong-key":
            return {
              "content-type": "application/json",
              ...signWebhook(`whsec_${Buffer.from(randomUUID()).toString("base64")}`, body, { id: "msg_x" }),
            };
          case "text/plain":
            return { ...good, "content-type": "text/plain" };
          default:
            return {
              "content-type": "application/json",
              "webhook-timestamp": good["webhook-timestamp"],
              "webhook-signature": good["webhook-signature"],
            };
        }
      },
    })),
  // Unknown sources.
  fc.string({ minLength: 1, maxLength: 12 }).map((name) => ({
    label: "unknown source",
    path: `/v1/feeds/${encodeURIComponent(name)}`,
    body: "{}",
    headers: signed,
  })),
  // Malformed JSON: a valid body cut anywhere.
  fc.tuple(fixture, fc.nat()).map(([f, cut]) => {
    const whole = JSON.stringify(freshFixtureBody(f.body));
    return {
      label: "truncated JSON",
      path: `/v1/feeds/${f.source}`,
      body: whole.slice(0, cut % whole.length),
      headers: signed,
    };
  }),
);

// Deep and huge bodies: rarer, they are expensive to build and send.
const expensiveRequests: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.record({ depth: fc.integer({ min: 100, max: 50_000 }), s: source }).map(({ depth, s }) => ({
    label: "deep body",
    path: `/v1/feeds/${s}`,
    body: `{"contractVersion":"1","records":[{"recordType":${"[".repeat(depth)}${"]".repeat(depth)}}]}`,
    headers: signed,
  })),
  fc.record({ kb: fc.integer({ min: 1_025, max: 1_600 }), s: source }).map(({ kb, s }) => ({
    label: "huge body",
    path: `/v1/feeds/${s}`,
    body: JSON.stringify({ contractVersion: "1", records: [{ recordType: "x".repeat(kb * 1024) }] }),
    headers: signed,
  })),
);

const requests = fc.oneof(
  { arbitrary: cheapRequests, weight: 15 },
  { arbitrary: expensiveRequests, weight: 1 },
);

interface Outcome {
  storedByThisRequest: number;
}

function assertDocumentedResponse(request: FuzzRequest, result: HttpResult): Outcome {
  expect(result.status, `${request.label}: never a 5xx`).toBeLessThan(500);
  expect(result.headers.get("content-type") ?? "", request.label).toMatch(/^application\/json/);
  const body = JSON.parse(result.text) as {
    requestId?: unknown;
    results?: { status: string }[];
    error?: {
      code?: unknown;
      message?: unknown;
      details?: { path?: unknown; code?: unknown; message?: unknown }[];
    };
  };
  expect(typeof body.requestId, request.label).toBe("string");
  if (result.status === 202) {
    return { storedByThisRequest: (body.results ?? []).filter((r) => r.status === "stored").length };
  }
  expect(typeof body.error?.code, request.label).toBe("string");
  expect(typeof body.error?.message, request.label).toBe("string");
  expect(Array.isArray(body.error?.details), request.label).toBe(true);
  for (const detail of body.error?.details ?? []) {
    expect(String(detail.path), request.label).toMatch(/^(\/.*)?$/s);
    expect(typeof detail.code).toBe("string");
    expect(typeof detail.message).toBe("string");
  }
  if (result.status === 422) expect(body.error?.details?.length ?? 0, request.label).toBeGreaterThan(0);
  return { storedByThisRequest: 0 };
}

describe("fuzzing the local hub's HTTP API", () => {
  it(`answers ${RUNS} generated requests without a 5xx, in the documented format, storing nothing refused`, async () => {
    const statuses = new Map<number, number>();
    let stored = 0;

    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const source = request.path.split("/").pop() ?? "";
        const result = await client.post(request.path, request.body, request.headers(request.body, source));
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        stored += assertDocumentedResponse(request, result).storedByThisRequest;
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );

    await new Promise((resolve) => setImmediate(resolve));
    console.info(
      `fuzz: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}, stored ${stored}`,
    );
    expect(await client.notificationCount()).toBe(stored);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
  });
});
