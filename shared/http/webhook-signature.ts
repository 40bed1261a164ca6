import { createHmac, timingSafeEqual } from "node:crypto";

export type SignatureCheck = { ok: true } | { ok: false; code: string; message: string };

export const webhookHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

/** Standard Webhooks: a message more than 5 minutes away from the receiver's clock is refused. */
const TOLERANCE_SECONDS = 5 * 60;
const KEY_PREFIX = "whsec_";
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*$/;

/**
 * The HMAC key of a Standard Webhooks secret (`whsec_` + base64), decoded as the reference library
 * decodes it, quirks included, so that a key it refuses is refused here too and one it accepts
 * yields the same bytes; `undefined` for a malformed or empty key.
 */
function decodeKey(secret: string): Buffer | undefined {
  const base64 = secret.startsWith(KEY_PREFIX) ? secret.slice(KEY_PREFIX.length) : secret;
  if (base64.length === 0) return undefined;
  const padding = base64.length - base64.replace(/=+$/, "").length;
  if (base64.length < 4 || padding > 2) return undefined;
  let data = base64.slice(0, base64.length - padding);
  // The reference decoder reads a last group of one character as nothing, without checking it.
  if (data.length % 4 === 1) data = data.slice(0, -1);
  if (!BASE64_ALPHABET.test(data)) return undefined;
  const key = Buffer.from(data, "base64");
  return key.length === 0 ? undefined : key;
}

/** Keys are decoded once each: a keyring holds a handful, rotated rarely. */
const MAX_CACHED_KEYS = 64;
const decodedKeys = new Map<string, Buffer | null>();

function keyBytes(secret: string): Buffer | undefined {
  let key = decodedKeys.get(secret);
  if (key === undefined) {
    key = decodeKey(secret) ?? null; // a malformed key in the secret must not break the others
    if (decodedKeys.size >= MAX_CACHED_KEYS) decodedKeys.clear();
    decodedKeys.set(secret, key);
  }
  return key ?? undefined;
}

/** `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<body>` (the timestamp in Unix seconds). */
function signatureOf(key: Buffer, id: string, timestamp: number, body: string): string {
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
}

const invalid: SignatureCheck = {
  ok: false,
  code: "signature.invalid",
  message: "No signature matches an active key of this source.",
};

/**
 * Standard Webhooks verification (HMAC-SHA256 `v1` with node:crypto, constant-time comparison,
 * ±5 minutes, a space-separated list of signatures) against every active key of the source; it
 * accepts and refuses what the reference library `standardwebhooks` does (test/unit/http), except
 * a timestamp that is not plain Unix seconds, refused here. The result never echoes a signature or a key.
 */
export function verifyWebhookSignature(
  rawBody: string,
  headers: Readonly<Record<string, string | undefined>>,
  keys: readonly string[],
): SignatureCheck {
  const missing = webhookHeaders.filter((name) => (headers[name] ?? "") === "");
  if (missing.length > 0) {
    return { ok: false, code: "signature.missing", message: `Missing header(s): ${missing.join(", ")}.` };
  }
  const timestampHeader = headers["webhook-timestamp"] ?? "";
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    return { ok: false, code: "signature.timestamp", message: "webhook-timestamp must be Unix seconds." };
  }
  const usable = keys.flatMap((secret) => keyBytes(secret) ?? []);
  if (usable.length === 0) return invalid;
  const timestamp = Number(timestampHeader);
  if (Math.abs(Math.floor(Date.now() / 1000) - timestamp) > TOLERANCE_SECONDS) {
    return {
      ok: false,
      code: "signature.expired",
      message: "webhook-timestamp is more than 5 minutes away from the hub's clock.",
    };
  }
  const given = (headers["webhook-signature"] ?? "").split(" ").flatMap((versioned) => {
    const [version, signature] = versioned.split(",");
    return version === "v1" && signature !== undefined ? [Buffer.from(signature)] : [];
  });
  const id = headers["webhook-id"] ?? "";
  for (const key of usable) {
    const expected = Buffer.from(signatureOf(key, id, timestamp, rawBody));
    if (
      given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))
    )
      return { ok: true };
  }
  return invalid;
}

/**
 * The three Standard Webhooks headers for a body, signed with one key (what an upstream system, the
 * CLI and the tests send); throws on a malformed key, as the reference library does.
 */
export function signWebhook(
  secret: string,
  body: string,
  options: { id: string; timestamp?: Date },
): Record<(typeof webhookHeaders)[number], string> {
  const key = decodeKey(secret);
  if (key === undefined) throw new Error("The webhook key is not base64 (whsec_…).");
  const timestamp = Math.floor((options.timestamp ?? new Date()).getTime() / 1000);
  return {
    "webhook-id": options.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${signatureOf(key, options.id, timestamp, body)}`,
  };
}
