/**
 * Fetches DynamoDB Local (the AWS engine, a Java jar) into .cache/dynamodb-local, once.
 * The jar ships inside the npm package below; only its tarball is fetched (≈57 MB), not its
 * dependencies, so no Amplify CLI is installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dynamoDbLocalDir, dynamoDbLocalJar } from "../local/dynamodb-local.ts";

const carrierPackage = "amplify-dynamodb-simulator@2.9.30";

export function ensureDynamoDbLocal(): string {
  if (existsSync(dynamoDbLocalJar)) return dynamoDbLocalJar;
  const work = mkdtempSync(join(tmpdir(), "dynamodb-local-"));
  try {
    const tarball = execFileSync("npm", ["pack", carrierPackage, "--silent", "--pack-destination", work], {
      encoding: "utf8",
    }).trim();
    execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, "package/emulator"]);
    mkdirSync(join(dynamoDbLocalDir, ".."), { recursive: true });
    rmSync(dynamoDbLocalDir, { recursive: true, force: true });
    renameSync(join(work, "package", "emulator"), dynamoDbLocalDir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dynamoDbLocalJar;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`DynamoDB Local: ${ensureDynamoDbLocal()}`);
}
