/**
 * A stand-in for the two AWS KMS actions the checkpoint function calls (GetPublicKey, Sign), so its
 * first run (the genesis checkpoint: nothing is due before it) signs as on AWS: an ECC_NIST_P256 key
 * made for the run, ECDSA_SHA_256 over the raw message, DER signatures (what KMS returns).
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface KmsStandIn {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startKmsStandIn(): Promise<KmsStandIn> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const publicKeyDer = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as {
        KeyId?: string;
        Message?: string;
      };
      const action = String(request.headers["x-amz-target"] ?? "").replace("TrentService.", "");
      const answer =
        action === "GetPublicKey"
          ? { KeyId: input.KeyId, PublicKey: publicKeyDer, KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" }
          : action === "Sign"
            ? {
                KeyId: input.KeyId,
                SigningAlgorithm: "ECDSA_SHA_256",
                Signature: sign("sha256", Buffer.from(input.Message ?? "", "base64"), privateKey).toString(
                  "base64",
                ),
              }
            : undefined;
      response.writeHead(answer === undefined ? 400 : 200, {
        "content-type": "application/x-amz-json-1.1",
      });
      response.end(JSON.stringify(answer ?? { __type: "UnsupportedOperationException" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
