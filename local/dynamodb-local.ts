import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { delimiter, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localCredentials } from "./local-aws.ts";
import { freePort, waitUntil } from "./process-utils.ts";

export const dynamoDbLocalDir = fileURLToPath(new URL("../.cache/dynamodb-local", import.meta.url));
export const dynamoDbLocalJar = `${dynamoDbLocalDir}/DynamoDBLocal.jar`;

const launcherSource = fileURLToPath(new URL("./DynamoDbLocalOnLoopback.java", import.meta.url));
const launcherClass = "DynamoDbLocalOnLoopback";

/**
 * The folder of the compiled launcher that binds DynamoDB Local to the loopback interface, compiled
 * on first use (a few seconds) and kept in .cache under the hash of its source.
 */
async function loopbackLauncher(): Promise<string> {
  const hash = createHash("sha256").update(readFileSync(launcherSource)).digest("hex").slice(0, 16);
  const folder = fileURLToPath(new URL(`../.cache/dynamodb-local-launcher/${hash}`, import.meta.url));
  if (existsSync(`${folder}/${launcherClass}.class`)) return folder;
  const building = `${folder}.${process.pid}.tmp`;
  try {
    await promisify(execFile)("javac", ["-d", building, "-cp", dynamoDbLocalJar, launcherSource]);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missing
        ? "javac not found: DynamoDB Local is started through a small launcher compiled on first use; install a JDK ≥ 11"
        : `could not compile ${launcherSource}: ${(error as Error).message}`,
    );
  }
  // Another process may have built it meanwhile: either copy will do.
  if (existsSync(folder)) rmSync(building, { recursive: true, force: true });
  else renameSync(building, folder);
  return folder;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (in memory, or persisted in `dbPath`) and resolves once it answers ListTables.
 * It listens on 127.0.0.1 only, and its CORS allow-list names its own origin only, so no web page
 * may call it from a browser. `-sharedDb` keeps one database whatever access key or region a client uses.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const [port, launcher] = await Promise.all([
    options.port === undefined ? freePort() : options.port,
    loopbackLauncher(),
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  const storage = options.dbPath === undefined ? ["-inMemory"] : ["-dbPath", resolve(options.dbPath)];
  const java: ChildProcess = spawn(
    "java",
    [
      `-Djava.library.path=${dynamoDbLocalDir}/DynamoDBLocal_lib`,
      "-cp",
      [launcher, dynamoDbLocalJar].join(delimiter),
      launcherClass,
      ...storage,
      "-sharedDb",
      "-disableTelemetry",
      "-cors",
      endpoint,
      "-port",
      String(port),
    ],
    // Run inside its own folder: DynamoDB Local drops a metadata file into its working directory.
    { stdio: ["ignore", "ignore", "pipe"], cwd: dynamoDbLocalDir },
  );
  let stderr = "";
  java.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = once(java, "exit");
  // Never leave the JVM behind when this process ends without calling stop().
  const killOnExit = () => java.kill("SIGKILL");
  process.once("exit", killOnExit);
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: localCredentials,
    maxAttempts: 1,
  });
  try {
    await waitUntil(
      async () => {
        if (java.exitCode !== null) throw new Error(`DynamoDB Local exited (${java.exitCode}): ${stderr}`);
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      // The JVM takes 15–20 s to answer on a busy 2-core machine, and synthesis runs beside it.
      { timeoutMs: 90_000, what: "DynamoDB Local to answer" },
    );
  } catch (error) {
    java.kill("SIGKILL");
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (java.exitCode !== null || java.signalCode !== null) return;
      java.kill("SIGTERM");
      await exited;
    },
  };
}
