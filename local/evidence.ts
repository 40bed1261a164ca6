/**
 * The evidence log of the local hub: the checkpoint table on DynamoDB Local (from the key design in
 * `shared/wiring/evidence-table.ts`), a key file instead of the KMS key (made on first start, never
 * overwritten, its public half written beside it), and the real checkpoint handler as a scheduled job
 * on a compressed interval. Every other step is the code that runs in AWS.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-dynamodb";
import { createCheckpointHandler } from "../functions/checkpoint/app.ts";
import {
  DynamoReceiptLeafReader,
  DynamoStoreLeafReader,
} from "../shared/adapters/dynamodb/evidence-leaves.ts";
import { DynamoCheckpointStore } from "../shared/adapters/dynamodb/evidence-store.ts";
import { ReceivedNotificationReader } from "../shared/adapters/dynamodb/received-notifications.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import type { DeploymentId, ExtraSubscriptions } from "../shared/domain/catalogue/index.ts";
import { createKeyFile, readKeyFile, type Signer } from "../shared/evidence/signing.ts";
import { evidenceKeyAttributeNames, evidenceTable } from "../shared/wiring/evidence-table.ts";
import type { LocalHubConnection } from "./connection-file.ts";
import { localLambdaContext } from "./lambda-context.ts";
import type { ScheduledJob } from "./scheduled-jobs.ts";

/** The local run's compressed schedule: a checkpoint every 10 s, each closed 2 s after its period. */
const LOCAL_CHECKPOINT = { intervalMs: 10_000, settleMs: 2_000 } as const;

/** The scheduled job's name (its trigger: `POST <jobsEndpoint>/jobs/checkpoint`). */
const CHECKPOINT_JOB = "checkpoint";

/** The evidence table on DynamoDB Local, created unless it is already there (a persisted run). */
export async function ensureEvidenceTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const { byPeriodEnd } = evidenceTable.indexes;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: evidenceKeyAttributeNames.map((name) => ({
        AttributeName: name,
        AttributeType: "S",
      })),
      KeySchema: [
        { AttributeName: evidenceTable.partitionKey, KeyType: "HASH" },
        { AttributeName: evidenceTable.sortKey, KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: byPeriodEnd.indexName,
          KeySchema: [
            { AttributeName: byPeriodEnd.partitionKey, KeyType: "HASH" },
            { AttributeName: byPeriodEnd.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    }),
  );
}

/** The key file's public half: the file `hub verify --public-key` reads. */
function publicKeyFileOf(keyFile: string): string {
  return keyFile.replace(/(\.pem)?$/, ".pub.pem");
}

export interface LocalEvidenceKey {
  readonly signer: Signer;
  readonly keyFile: string;
  readonly publicKeyFile: string;
  /** Removes a key made in a temporary folder (a hub without a connection file); keeps any other. */
  dispose(): void;
}

/**
 * The deployment's local signing key: the key file at `keyFile`, made there on first start (owner
 * only; an existing one is read, never overwritten), or, without a path, a key in a temporary folder
 * removed when the hub stops.
 */
export function localEvidenceKey(keyFile: string | undefined, deployment: DeploymentId): LocalEvidenceKey {
  const temporary = keyFile === undefined ? mkdtempSync(join(tmpdir(), "hub-evidence-")) : undefined;
  const file = keyFile ?? join(temporary ?? "", `evidence-${deployment}.pem`);
  mkdirSync(dirname(file), { recursive: true });
  const signer = existsSync(file) ? readKeyFile(file) : createKeyFile(file);
  const publicKeyFile = publicKeyFileOf(file);
  writeFileSync(publicKeyFile, signer.publicKeyPem);
  return {
    signer,
    keyFile: file,
    publicKeyFile,
    dispose: () => {
      if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    },
  };
}

interface CheckpointJobSettings {
  readonly deployment: DeploymentId;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly evidenceTableName: string;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly signer: Signer;
  readonly intervalMs: number;
  readonly settleMs: number;
}

/** The checkpoint function as a local job: the real handler, on the local interval. */
function checkpointJob(settings: CheckpointJobSettings): ScheduledJob {
  const { logger, metrics } = createObservability("checkpoint");
  const handler = createCheckpointHandler({
    deployment: settings.deployment,
    checkpoints: new DynamoCheckpointStore(settings.dynamodb, settings.evidenceTableName),
    leaves: new DynamoStoreLeafReader(
      new ReceivedNotificationReader(settings.dynamodb, settings.tableName),
      settings.extraSubscriptions,
      new DynamoReceiptLeafReader(settings.dynamodb, settings.tableName),
    ),
    signer: async () => settings.signer,
    now: () => new Date(),
    intervalMs: settings.intervalMs,
    settleMs: settings.settleMs,
    logger,
    metrics,
  });
  return {
    name: CHECKPOINT_JOB,
    everyMs: settings.intervalMs,
    run: () => handler({}, localLambdaContext(CHECKPOINT_JOB)),
  };
}

export interface LocalEvidenceOptions {
  /** @default {@link LOCAL_CHECKPOINT} */
  readonly intervalMs?: number;
  readonly settleMs?: number;
  /** The private key file; @default a temporary one, removed when the hub stops. */
  readonly keyFile?: string;
}

export interface LocalEvidence {
  readonly job: ScheduledJob;
  /** What the connection file says of the evidence log: where `hub verify` reads, and with which key. */
  readonly connection: LocalHubConnection["evidence"];
  stop(): Promise<void>;
}

/** The key file of a hub that writes a connection file: beside it, one per deployment. */
export function evidenceKeyFileBeside(connectionFile: string, deployment: DeploymentId): string {
  return join(dirname(connectionFile), `evidence-${deployment}.pem`);
}

/** The evidence log of one local hub: its table, its key and its checkpoint job. */
export async function startLocalEvidence(
  settings: Omit<CheckpointJobSettings, "signer" | "intervalMs" | "settleMs" | "evidenceTableName">,
  options: LocalEvidenceOptions,
): Promise<LocalEvidence> {
  const evidenceTableName = `order195-hub-${settings.deployment}-evidence`;
  await ensureEvidenceTable(settings.dynamodb, evidenceTableName);
  const key = localEvidenceKey(options.keyFile, settings.deployment);
  return {
    job: checkpointJob({
      ...settings,
      evidenceTableName,
      signer: key.signer,
      intervalMs: options.intervalMs ?? LOCAL_CHECKPOINT.intervalMs,
      settleMs: options.settleMs ?? LOCAL_CHECKPOINT.settleMs,
    }),
    connection: {
      tableName: evidenceTableName,
      publicKeyFile: key.publicKeyFile,
      extraSubscriptions: settings.extraSubscriptions,
    },
    stop: async () => key.dispose(),
  };
}
