/**
 * Checkpoint signatures: ECDSA over P-256 with SHA-256, DER-encoded, which is what AWS KMS returns for
 * `ECDSA_SHA_256` with a raw message; so a checkpoint signed by KMS in AWS and one signed locally by a
 * key file verify with the same code and the public key alone.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

export interface Signer {
  /** The DER-encoded ECDSA P-256 signature of SHA-256(message). */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /** The public key (SPKI PEM) anyone verifies the signatures with. */
  readonly publicKeyPem: string;
}

const CURVE = "prime256v1";

function requireP256(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== CURVE) {
    throw new Error("the evidence log signs with ECDSA P-256 keys only");
  }
  return key;
}

/** A signer over a P-256 private key (PKCS#8 or SEC 1 PEM). */
export function privateKeySigner(privateKeyPem: string): Signer {
  const privateKey = requireP256(createPrivateKey(privateKeyPem));
  return {
    sign: async (message) => sign("sha256", message, { key: privateKey, dsaEncoding: "der" }),
    publicKeyPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString(),
  };
}

/** A new P-256 private key, PKCS#8 PEM. */
export function generateSigningKey(): string {
  return generateKeyPairSync("ec", { namedCurve: CURVE })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
}

/** Creates a key file (readable by its owner only; never overwrites one) and returns its signer. */
export function createKeyFile(path: string): Signer {
  const privateKeyPem = generateSigningKey();
  writeFileSync(path, privateKeyPem, { mode: 0o600, flag: "wx" });
  return privateKeySigner(privateKeyPem);
}

export function readKeyFile(path: string): Signer {
  return privateKeySigner(readFileSync(path, "utf8"));
}

/** True when `publicKeyPem` is a P-256 public key, the only kind a checkpoint verifies with. */
export function isP256PublicKey(publicKeyPem: string): boolean {
  try {
    requireP256(createPublicKey(publicKeyPem));
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `signature` (DER) is a valid signature of `message` by the P-256 key `publicKeyPem`.
 * A public key that is not P-256 is a configuration error, and throws.
 */
export function verifySignature(message: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  const publicKey = requireP256(createPublicKey(publicKeyPem));
  try {
    return verify("sha256", message, { key: publicKey, dsaEncoding: "der" }, signature);
  } catch {
    // OpenSSL refuses some malformed DER outright instead of answering false.
    return false;
  }
}
