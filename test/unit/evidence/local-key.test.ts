import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localEvidenceKey } from "../../../local/evidence.ts";
import { verifySignature } from "../../../shared/evidence/signing.ts";

describe("the local hub's evidence key", () => {
  it("is made once under .hub/, readable by its owner only, with its public half beside it, and kept on the next start", async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), "hub-key-")), ".hub", "evidence-almaty.pem");

    // Act
    const first = localEvidenceKey(file, "almaty");
    const privateKey = readFileSync(file, "utf8");
    const second = localEvidenceKey(file, "almaty");
    const signature = await second.signer.sign(Buffer.from("checkpoint"));

    // Assess
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(privateKey);
    expect(first.publicKeyFile).toBe(file.replace(/\.pem$/, ".pub.pem"));
    expect(readFileSync(first.publicKeyFile, "utf8")).toBe(first.signer.publicKeyPem);
    expect(second.signer.publicKeyPem).toBe(first.signer.publicKeyPem);
    expect(
      verifySignature(Buffer.from("checkpoint"), signature, readFileSync(first.publicKeyFile, "utf8")),
    ).toBe(true);
  });

  it("without a path, lives in a temporary folder that goes when the hub stops", () => {
    // Act
    const key = localEvidenceKey(undefined, "transport");
    const existed = existsSync(key.keyFile);
    key.dispose();

    // Assess
    expect(existed).toBe(true);
    expect(existsSync(key.keyFile)).toBe(false);
  });
});
