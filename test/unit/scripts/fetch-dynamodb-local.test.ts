/**
 * DynamoDB Local's carrier tarball is checked against a pinned sha512 before anything is extracted:
 * a tampered tarball fails loudly and leaves nothing behind.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DYNAMODB_LOCAL_CARRIER,
  installEmulator,
  integrityOf,
} from "../../../scripts/fetch-dynamodb-local.ts";

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "fetch-dynamodb-local-test-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A tarball laid out as the carrier package is: `package/emulator/DynamoDBLocal.jar`. */
function carrierLikeTarball(): string {
  const emulator = join(work, "src", "package", "emulator");
  mkdirSync(emulator, { recursive: true });
  writeFileSync(join(emulator, "DynamoDBLocal.jar"), "not really a jar");
  const tarball = join(work, "carrier.tgz");
  execFileSync("tar", ["-czf", tarball, "-C", join(work, "src"), "package"]);
  return tarball;
}

describe("the DynamoDB Local carrier", () => {
  it("pins the sha512 integrity npm publishes for the exact version", () => {
    expect(DYNAMODB_LOCAL_CARRIER.spec).toBe("amplify-dynamodb-simulator@2.9.30");
    expect(DYNAMODB_LOCAL_CARRIER.integrity).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
  });

  it("installs the emulator from a tarball whose integrity matches", () => {
    // Prepare
    const tarball = carrierLikeTarball();
    const destination = join(work, "cache", "dynamodb-local");

    // Act
    installEmulator(tarball, integrityOf(tarball), destination);

    // Assess
    expect(readFileSync(join(destination, "DynamoDBLocal.jar"), "utf8")).toBe("not really a jar");
  });

  it("refuses a tampered tarball loudly and extracts nothing, leaving an installed emulator alone", () => {
    // Prepare
    const tarball = carrierLikeTarball();
    const integrity = integrityOf(tarball);
    appendFileSync(tarball, Buffer.from([0]));
    const destination = join(work, "cache", "dynamodb-local");
    mkdirSync(destination, { recursive: true });
    writeFileSync(join(destination, "DynamoDBLocal.jar"), "the installed one");

    // Act and Assess
    expect(() => installEmulator(tarball, integrity, destination)).toThrow(/integrity/);
    expect(readFileSync(join(destination, "DynamoDBLocal.jar"), "utf8")).toBe("the installed one");
    expect(readdirSync(join(work, "cache"))).toEqual(["dynamodb-local"]);
  });

  it("refuses a tarball that is not the pinned one", () => {
    // Prepare
    const tarball = carrierLikeTarball();
    const destination = join(work, "cache", "dynamodb-local");

    // Act and Assess
    expect(() => installEmulator(tarball, DYNAMODB_LOCAL_CARRIER.integrity, destination)).toThrow(
      DYNAMODB_LOCAL_CARRIER.integrity,
    );
    expect(existsSync(join(work, "cache"))).toBe(false);
  });
});
