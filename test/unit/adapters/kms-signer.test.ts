import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { kmsPublicKeyPem, kmsSigner, lazyKmsSigner } from "../../../shared/adapters/kms-signer.ts";
import { buildCheckpoint, verifyCheckpointSignature } from "../../../shared/evidence/checkpoint.ts";
import { generateSigningKey, verifySignature } from "../../../shared/evidence/signing.ts";

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());

const KEY_ID = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
/** The private half KMS would keep: it signs what the mock is asked to sign. */
const privateKey = createPrivateKey(generateSigningKey());
const publicKeyDer = createPublicKey(privateKey).export({ type: "spki", format: "der" });

/** KMS as it answers for an ECC_NIST_P256 SIGN_VERIFY key. */
function kmsWithP256Key(): void {
  kms.on(GetPublicKeyCommand).resolves({
    KeyId: KEY_ID,
    PublicKey: new Uint8Array(publicKeyDer),
    KeySpec: "ECC_NIST_P256",
    KeyUsage: "SIGN_VERIFY",
    SigningAlgorithms: ["ECDSA_SHA_256"],
  });
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
    KeyId: KEY_ID,
    SigningAlgorithm: "ECDSA_SHA_256",
    Signature: new Uint8Array(sign("sha256", input.Message, { key: privateKey, dsaEncoding: "der" })),
  }));
}

describe("the KMS signer", () => {
  it("signs the raw message with ECDSA_SHA_256: DER that verifies with the key's public half", async () => {
    // Prepare
    kmsWithP256Key();
    const client = new KMSClient({ region: "eu-central-1" });
    const message = Buffer.from('{"a":1}');

    // Act
    const signer = kmsSigner(client, KEY_ID, await kmsPublicKeyPem(client, KEY_ID));
    const signature = await signer.sign(message);

    // Assess
    expect(verifySignature(message, signature, signer.publicKeyPem)).toBe(true);
    expect(signer.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ID,
      MessageType: "RAW",
      SigningAlgorithm: "ECDSA_SHA_256",
    });
  });

  it("signs checkpoints that verify with the public key alone, like a key file's", async () => {
    // Prepare
    kmsWithP256Key();
    const client = new KMSClient({ region: "eu-central-1" });
    const signer = await lazyKmsSigner(client, KEY_ID)();

    // Act
    const record = await buildCheckpoint(
      {
        deployment: "almaty",
        previous: null,
        from: "2026-11-29T10:00:00.000Z",
        to: "2026-11-29T10:05:00.000Z",
        leaves: [],
        createdAt: "2026-11-29T10:07:00.000Z",
      },
      signer,
    );

    // Assess
    expect(verifyCheckpointSignature(record.signed, signer.publicKeyPem)).toBe(true);
  });

  it("refuses a key that is not an ECC_NIST_P256 signing key", async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).resolves({ PublicKey: new Uint8Array(publicKeyDer), KeySpec: "RSA_2048" });

    // Act
    const made = kmsPublicKeyPem(new KMSClient({ region: "eu-central-1" }), KEY_ID);

    // Assess
    await expect(made).rejects.toThrow(/not an ECC_NIST_P256 signing key/);
  });

  it("asks for the public key once, and again after a failed attempt", async () => {
    // Prepare
    kms.on(GetPublicKeyCommand).rejectsOnce(new Error("KMS unreachable"));
    const signerOf = lazyKmsSigner(new KMSClient({ region: "eu-central-1" }), KEY_ID);

    // Act
    const failed = signerOf();
    await expect(failed).rejects.toThrow("KMS unreachable");
    kmsWithP256Key();
    const [first, second] = [await signerOf(), await signerOf()];

    // Assess
    expect(first).toBe(second);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(2);
  });

  it("refuses a message longer than KMS signs raw", async () => {
    // Prepare
    kmsWithP256Key();
    const signer = kmsSigner(new KMSClient({ region: "eu-central-1" }), KEY_ID, "");

    // Act
    const signed = signer.sign(new Uint8Array(4097));

    // Assess
    await expect(signed).rejects.toThrow(RangeError);
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });
});
