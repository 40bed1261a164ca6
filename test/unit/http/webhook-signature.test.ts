/**
 * The hub verifies Standard Webhooks signatures with node:crypto; the reference library
 * `standardwebhooks` is the oracle: for any body, id, timestamp, keys and list of signatures, the hub
 * accepts what it accepts and refuses what it refuses (and says "expired" when it says the timestamp is
 * too old or too new). The one deliberate difference: a timestamp that is not plain Unix seconds.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signWebhook, verifyWebhookSignature } from "../../../shared/http/webhook-signature.ts";

const NOW = new Date("2026-11-29T12:00:00.000Z");
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

beforeAll(() => {
  // Both implementations read Date.now(): frozen, so that they judge the timestamp at the same instant.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterAll(() => {
  vi.useRealTimers();
});

type Oracle = "accepted" | "expired" | "refused";

/** What the reference library decides: any usable key verifying accepts; a bad timestamp refuses first. */
function oracle(body: string, headers: Record<string, string>, keys: readonly string[]): Oracle {
  for (const key of keys) {
    let webhook: Webhook;
    try {
      webhook = new Webhook(key);
    } catch {
      continue;
    }
    try {
      webhook.verify(body, headers, { jsonParse: false });
      return "accepted";
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (/timestamp too (old|new)/.test(error.message)) return "expired";
    }
  }
  return "refused";
}

function decision(body: string, headers: Record<string, string>, keys: readonly string[]): Oracle {
  const check = verifyWebhookSignature(body, headers, keys);
  if (check.ok) return "accepted";
  return check.code === "signature.expired" ? "expired" : "refused";
}

const base64Of = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes });
const wellFormedKey = fc
  .tuple(fc.integer({ min: 1, max: 64 }), fc.boolean())
  .chain(([length, prefixed]) =>
    base64Of(length).map((bytes) => `${prefixed ? "whsec_" : ""}${Buffer.from(bytes).toString("base64")}`),
  );
/** Keys the reference library may refuse or read oddly: bad characters, padding, lengths, empty. */
const oddKey = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => `whsec_${text}`),
  fc.stringMatching(/^(whsec_)?[A-Za-z0-9+/=_-]{0,20}$/),
  fc.constantFrom("whsec_", "", "whsec_====", "whsec_A", "whsec_AAAAA", "whsec_AAAA!", "whsec_AB=C"),
);
const key = fc.oneof({ weight: 3, arbitrary: wellFormedKey }, { weight: 1, arbitrary: oddKey });

/** True about one time in `n`. */
const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((drawn) => drawn === 1);

/** One entry of the `webhook-signature` list, built from the keys of the case. */
const signatureEntry = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      signer: fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(-1) }), // -1: another key
      version: fc.constantFrom("v1", "v1", "v1", "v1", "v1a", "v2", "V1", ""),
      tamperAt: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
      otherBody: oneIn(5),
      otherTimestamp: oneIn(5),
      trailer: fc.constantFrom("", "", "", "", ",extra", "="),
    }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
);

const timestampHeader = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: -400, max: 400 }) },
      { weight: 1, arbitrary: fc.integer({ min: -10_000_000, max: 10_000_000 }) },
      { weight: 1, arbitrary: fc.constantFrom(-301, -300, 300, 301) },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) },
    ),
  )
  .map(([skew, zeros]) => `${"0".repeat(zeros)}${NOW_SECONDS + skew}`);

const signedCase = fc.record({
  body: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: "binary", maxLength: 200 })),
  id: fc.oneof(
    { weight: 3, arbitrary: fc.constant("msg_1") },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  ),
  timestamp: timestampHeader,
  keys: fc.array(key, { minLength: 0, maxLength: 3 }),
  otherKey: wellFormedKey,
  entries: fc.array(signatureEntry, { minLength: 1, maxLength: 4 }),
});

type SignedCase = typeof signedCase extends fc.Arbitrary<infer T> ? T : never;

/** The signature list as an upstream (or an attacker) sends it, signed by the reference library. */
function signatureList(c: SignedCase): string {
  return c.entries
    .map((entry) => {
      if (typeof entry === "string") return entry;
      const signer =
        entry.signer === -1 ? c.otherKey : (c.keys[entry.signer % Math.max(c.keys.length, 1)] ?? c.otherKey);
      let webhook: Webhook;
      try {
        webhook = new Webhook(signer);
      } catch {
        webhook = new Webhook(c.otherKey);
      }
      const seconds = Number(c.timestamp) + (entry.otherTimestamp ? 1 : 0);
      const signed = webhook.sign(c.id, new Date(seconds * 1000), entry.otherBody ? `${c.body} ` : c.body);
      let signature = signed.slice("v1,".length);
      if (entry.tamperAt !== null) {
        const at = entry.tamperAt % signature.length;
        const flipped = signature[at] === "A" ? "B" : "A";
        signature = `${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`;
      }
      return `${entry.version},${signature}${entry.trailer}`;
    })
    .join(" ");
}

describe("verifyWebhookSignature against the reference library (oracle)", () => {
  it("accepts what standardwebhooks accepts and refuses what it refuses, for the same reason", () => {
    fc.assert(
      fc.property(signedCase, (c) => {
        const headers = {
          "webhook-id": c.id,
          "webhook-timestamp": c.timestamp,
          "webhook-signature": signatureList(c),
        };
        expect(decision(c.body, headers, c.keys)).toBe(oracle(c.body, headers, c.keys));
      }),
      { numRuns: 1_000 },
    );
  }, 60_000);

  it("accepts a body signed by the reference library with any active key, among other signatures", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.array(wellFormedKey, { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: -300, max: 300 }),
        wellFormedKey,
        (body, keys, which, skew, otherKey) => {
          const signer = keys[which % keys.length] ?? "";
          const at = new Date((NOW_SECONDS + skew) * 1000);
          const right = new Webhook(signer).sign("msg_1", at, body);
          const wrong = new Webhook(otherKey).sign("msg_1", at, body);
          const headers = {
            "webhook-id": "msg_1",
            "webhook-timestamp": String(NOW_SECONDS + skew),
            "webhook-signature": `v1a,${right.slice(3)} ${wrong} ${right}`,
          };
          expect(oracle(body, headers, keys)).toBe("accepted");
          expect(verifyWebhookSignature(body, headers, keys)).toEqual({ ok: true });
        },
      ),
    );
  });

  it("signs as the reference library does", () => {
    fc.assert(
      fc.property(
        wellFormedKey,
        fc.string({ maxLength: 200 }),
        fc.string({ maxLength: 30 }),
        (k, body, id) => {
          expect(signWebhook(k, body, { id, timestamp: NOW })).toEqual({
            "webhook-id": id,
            "webhook-timestamp": String(NOW_SECONDS),
            "webhook-signature": new Webhook(k).sign(id, NOW, body),
          });
        },
      ),
    );
  });
});

describe("verifyWebhookSignature refusals (codes and messages as the API documents them)", () => {
  const k = `whsec_${randomBytes(32).toString("base64")}`;
  const signed = signWebhook(k, "{}", { id: "msg_1", timestamp: NOW });

  it("names the missing headers", () => {
    expect(verifyWebhookSignature("{}", { "webhook-id": "msg_1" }, [k])).toEqual({
      ok: false,
      code: "signature.missing",
      message: "Missing header(s): webhook-timestamp, webhook-signature.",
    });
  });

  it("refuses a timestamp that is not plain Unix seconds, even where the reference library reads it", () => {
    const headers = { ...signed, "webhook-timestamp": `${signed["webhook-timestamp"]}.5` };
    expect(verifyWebhookSignature("{}", headers, [k])).toEqual({
      ok: false,
      code: "signature.timestamp",
      message: "webhook-timestamp must be Unix seconds.",
    });
  });

  it("says expired beyond 5 minutes either way, and invalid for a wrong key or no usable key", () => {
    for (const skew of [-301, 301]) {
      const stale = signWebhook(k, "{}", { id: "msg_1", timestamp: new Date((NOW_SECONDS + skew) * 1000) });
      expect(verifyWebhookSignature("{}", stale, [k])).toMatchObject({
        ok: false,
        code: "signature.expired",
      });
    }
    const invalid = {
      ok: false,
      code: "signature.invalid",
      message: "No signature matches an active key of this source.",
    };
    expect(verifyWebhookSignature("{}", signed, [`whsec_${randomBytes(32).toString("base64")}`])).toEqual(
      invalid,
    );
    expect(verifyWebhookSignature("{}", signed, ["whsec_!!!!", ""])).toEqual(invalid);
    expect(verifyWebhookSignature("{}", signed, [])).toEqual(invalid);
    expect(verifyWebhookSignature("{}", signed, ["whsec_!!!!", k])).toEqual({ ok: true });
  });
});
