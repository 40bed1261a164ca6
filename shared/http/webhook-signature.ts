import { Webhook, WebhookVerificationError } from "standardwebhooks";

export type SignatureCheck = { ok: true } | { ok: false; code: string; message: string };

export const webhookHeaders = ["webhook-id", "webhook-timestamp", "webhook-signature"] as const;

/** Verifiers are built once per key: building one decodes the key. */
const verifiers = new Map<string, Webhook | null>();

function verifierFor(key: string): Webhook | null {
  let verifier = verifiers.get(key);
  if (verifier === undefined) {
    try {
      verifier = new Webhook(key);
    } catch {
      verifier = null; // a malformed key in the secret must not break the others
    }
    verifiers.set(key, verifier);
  }
  return verifier;
}

/**
 * Standard Webhooks verification (reference library: HMAC-SHA256 `v1`, constant-time comparison,
 * ±5 minutes, a space-separated list of signatures) against every active key of the source.
 * The result never echoes a signature or a key.
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
  if (!/^\d{1,12}$/.test(headers["webhook-timestamp"] ?? "")) {
    return { ok: false, code: "signature.timestamp", message: "webhook-timestamp must be Unix seconds." };
  }
  const signed = {
    "webhook-id": headers["webhook-id"] ?? "",
    "webhook-timestamp": headers["webhook-timestamp"] ?? "",
    "webhook-signature": headers["webhook-signature"] ?? "",
  };
  for (const key of keys) {
    const verifier = verifierFor(key);
    if (verifier === null) continue;
    try {
      verifier.verify(rawBody, signed, { jsonParse: false });
      return { ok: true };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (/timestamp too (old|new)/.test(error.message)) {
        return {
          ok: false,
          code: "signature.expired",
          message: "webhook-timestamp is more than 5 minutes away from the hub's clock.",
        };
      }
    }
  }
  return {
    ok: false,
    code: "signature.invalid",
    message: "No signature matches an active key of this source.",
  };
}

/**
 * The three Standard Webhooks headers for a body, signed with one key by the reference library
 * (what an upstream system, the CLI and the tests send).
 */
export function signWebhook(
  key: string,
  body: string,
  options: { id: string; timestamp?: Date },
): Record<(typeof webhookHeaders)[number], string> {
  const timestamp = options.timestamp ?? new Date();
  return {
    "webhook-id": options.id,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(key).sign(options.id, timestamp, body),
  };
}
