import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { localCredentials } from "./local-aws.ts";
import { freePort, waitUntil } from "./process-utils.ts";

export const dynamoDbLocalDir = fileURLToPath(new URL("../.cache/dynamodb-local", import.meta.url));
export const dynamoDbLocalJar = `${dynamoDbLocalDir}/DynamoDBLocal.jar`;

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (in memory, or persisted in `dbPath`) and resolves once it answers ListTables.
 * `-sharedDb` keeps one database whatever access key or region a client uses.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const storage = options.dbPath === undefined ? ["-inMemory"] : ["-dbPath", resolve(options.dbPath)];
  const java: ChildProcess = spawn(
    "java",
    [
      `-Djava.library.path=${dynamoDbLocalDir}/DynamoDBLocal_lib`,
      "-jar",
      dynamoDbLocalJar,
      ...storage,
      "-sharedDb",
      "-disableTelemetry",
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
  const endpoint = `http://127.0.0.1:${port}`;
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
      { timeoutMs: 30_000, what: "DynamoDB Local to answer" },
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
