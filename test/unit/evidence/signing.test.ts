import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createKeyFile,
  generateSigningKey,
  privateKeySigner,
  readKeyFile,
  verifySignature,
} from "../../../shared/evidence/signing.ts";

const folder = mkdtempSync(join(tmpdir(), "hub-evidence-key-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const message = Buffer.from('{"checkpoint":1}');

describe("checkpoint signing", () => {
  it("signs DER-encoded ECDSA P-256 / SHA-256, verifiable with the public key alone", async () => {
    // Prepare
    const signer = privateKeySigner(generateSigningKey());

    // Act
    const signature = await signer.sign(message);

    // Assess: a DER SEQUENCE of two INTEGERs, as KMS ECDSA_SHA_256 returns it
    expect(signature[0]).toBe(0x30);
    expect(signature.length).toBeGreaterThanOrEqual(8);
    expect(signature.length).toBeLessThanOrEqual(72);
    expect(signer.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(verifySignature(message, signature, signer.publicKeyPem)).toBe(true);
  });

  it("refuses a signature by another key, of another message, or that is not DER", async () => {
    // Prepare
    const signer = privateKeySigner(generateSigningKey());
    const other = privateKeySigner(generateSigningKey());
    const signature = await signer.sign(message);

    // Act / Assess
    expect(verifySignature(message, signature, other.publicKeyPem)).toBe(false);
    expect(verifySignature(Buffer.from('{"checkpoint":2}'), signature, signer.publicKeyPem)).toBe(false);
    expect(verifySignature(message, signature.subarray(1), signer.publicKeyPem)).toBe(false);
  });

  it("refuses keys that are not P-256", () => {
    // Prepare
    const p384 = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const ed25519 = generateKeyPairSync("ed25519");

    // Act / Assess
    expect(() =>
      privateKeySigner(p384.privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
    ).toThrow(/P-256/);
    expect(() =>
      verifySignature(
        message,
        Buffer.alloc(64),
        ed25519.publicKey.export({ type: "spki", format: "pem" }).toString(),
      ),
    ).toThrow(/P-256/);
  });

  it("creates a key file readable by its owner only, reads it back, and never overwrites it", async () => {
    // Prepare
    const path = join(folder, "evidence-key.pem");

    // Act
    const created = createKeyFile(path);
    const read = readKeyFile(path);

    // Assess
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(read.publicKeyPem).toBe(created.publicKeyPem);
    expect(verifySignature(message, await created.sign(message), read.publicKeyPem)).toBe(true);
    expect(() => createKeyFile(path)).toThrow(/EEXIST/);
  });
});
