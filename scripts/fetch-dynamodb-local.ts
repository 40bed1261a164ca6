/**
 * Fetches DynamoDB Local (the AWS engine, a Java jar) into .cache/dynamodb-local, once.
 * The jar ships inside the npm package below; only its tarball is fetched (≈57 MB), not its
 * dependencies, so no Amplify CLI is installed. The tarball must have the pinned sha512 before
 * anything is extracted from it.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { dynamoDbLocalDir, dynamoDbLocalJar } from "../local/dynamodb-local.ts";

/** The package carrying the jar, and its tarball's integrity as npm publishes it (`npm view <spec> dist.integrity`). */
export const DYNAMODB_LOCAL_CARRIER = {
  spec: "amplify-dynamodb-simulator@2.9.30",
  integrity:
    "sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==",
} as const;

/** A file's Subresource Integrity string, as npm writes it: `sha512-<base64>`. */
export function integrityOf(file: string): string {
  return `sha512-${createHash("sha512").update(readFileSync(file)).digest("base64")}`;
}

/**
 * Extracts the carrier's `package/emulator` folder to `destination`, replacing what is there, but
 * only if the tarball has the expected integrity: a mismatch throws before anything is extracted.
 */
export function installEmulator(tarball: string, integrity: string, destination: string): void {
  const actual = integrityOf(tarball);
  if (actual !== integrity) {
    throw new Error(
      `${basename(tarball)} failed its integrity check: expected ${integrity}, got ${actual}. Nothing was extracted.`,
    );
  }
  mkdirSync(dirname(destination), { recursive: true });
  // Extracted next to the destination, so the final rename stays on one file system.
  const staging = mkdtempSync(join(dirname(destination), ".dynamodb-local-"));
  try {
    execFileSync("tar", ["-xzf", tarball, "-C", staging, "package/emulator"]);
    rmSync(destination, { recursive: true, force: true });
    renameSync(join(staging, "package", "emulator"), destination);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function ensureDynamoDbLocal(): string {
  if (existsSync(dynamoDbLocalJar)) return dynamoDbLocalJar;
  const work = mkdtempSync(join(tmpdir(), "dynamodb-local-"));
  try {
    const tarball = execFileSync(
      "npm",
      ["pack", DYNAMODB_LOCAL_CARRIER.spec, "--silent", "--pack-destination", work],
      { encoding: "utf8" },
    ).trim();
    installEmulator(join(work, tarball), DYNAMODB_LOCAL_CARRIER.integrity, dynamoDbLocalDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dynamoDbLocalJar;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`DynamoDB Local: ${ensureDynamoDbLocal()}`);
}
