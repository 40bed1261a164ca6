/**
 * The deployment's evidence key in AWS KMS as a checkpoint `Signer`: an asymmetric ECC_NIST_P256 key
 * that signs with ECDSA_SHA_256 over the raw message (KMS hashes it), returning DER, exactly what a
 * key-file signer returns. The private key never leaves KMS.
 */
import { createPublicKey } from "node:crypto";
import { GetPublicKeyCommand, type KMSClient, SignCommand } from "@aws-sdk/client-kms";
import type { Signer } from "../evidence/signing.ts";

/** KMS signs a raw message of at most 4,096 bytes; a checkpoint's RFC 8785 text is about 500. */
const KMS_MAX_RAW_MESSAGE_BYTES = 4096;

/** The key's public half as SPKI PEM, asked once (it also proves the key is the P-256 signing key). */
export async function kmsPublicKeyPem(client: KMSClient, keyId: string): Promise<string> {
  const { PublicKey, KeySpec, KeyUsage } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (PublicKey === undefined || KeySpec !== "ECC_NIST_P256" || KeyUsage !== "SIGN_VERIFY") {
    throw new Error(`the KMS key ${keyId} is not an ECC_NIST_P256 signing key`);
  }
  return createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" })
    .export({ type: "spki", format: "pem" })
    .toString();
}

/**
 * The signer of the KMS key `keyId`, made on first use (its public key is asked then, not at cold
 * start: a function that cannot reach KMS fails its run, not its import) and kept; a failed attempt
 * is forgotten, so the next run asks again.
 */
export function lazyKmsSigner(client: KMSClient, keyId: string): () => Promise<Signer> {
  let signer: Promise<Signer> | undefined;
  return () => {
    if (signer === undefined) {
      const made = kmsPublicKeyPem(client, keyId).then((pem) => kmsSigner(client, keyId, pem));
      made.catch(() => {
        signer = undefined;
      });
      signer = made;
    }
    return signer;
  };
}

/** A signer over the KMS key `keyId`; `publicKeyPem` comes from {@link kmsPublicKeyPem}. */
export function kmsSigner(client: KMSClient, keyId: string, publicKeyPem: string): Signer {
  return {
    publicKeyPem,
    async sign(message) {
      if (message.byteLength > KMS_MAX_RAW_MESSAGE_BYTES) {
        throw new RangeError(`KMS signs raw messages of at most ${KMS_MAX_RAW_MESSAGE_BYTES} bytes`);
      }
      const { Signature } = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: message,
          MessageType: "RAW",
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      );
      if (Signature === undefined) throw new Error("KMS returned no signature");
      return Signature;
    },
  };
}
