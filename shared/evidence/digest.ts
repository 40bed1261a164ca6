/**
 * SHA-256 and the two text forms the evidence artefacts carry bytes in: lower-case hex for hashes,
 * base64 for signatures. Both decoders are strict (Buffer.from skips characters it does not know and
 * ignores stray trailing bits), so that a changed character can never decode to the same bytes.
 */
import { createHash } from "node:crypto";

export const SHA256_BYTES = 32;

export function sha256(...parts: readonly Uint8Array[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** A SHA-256 hash as lower-case hex. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

const sha256Hex = /^[0-9a-f]{64}$/;

/** The bytes of a lower-case hex SHA-256 hash, or undefined when the text is not one. */
export function hashFromHex(text: string): Buffer | undefined {
  return sha256Hex.test(text) ? Buffer.from(text, "hex") : undefined;
}

/** The bytes of canonical base64 (padded, no line breaks), or undefined when the text is not that. */
export function fromBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
}
