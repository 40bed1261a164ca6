/** Lambda entry point of the checkpoint function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { KMSClient } from "@aws-sdk/client-kms";
import {
  DynamoReceiptLeafReader,
  DynamoStoreLeafReader,
} from "../../shared/adapters/dynamodb/evidence-leaves.ts";
import { DynamoCheckpointStore } from "../../shared/adapters/dynamodb/evidence-store.ts";
import { ReceivedNotificationReader } from "../../shared/adapters/dynamodb/received-notifications.ts";
import { lazyKmsSigner } from "../../shared/adapters/kms-signer.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { loadCheckpointConfig } from "../../shared/config.ts";
import { createCheckpointHandler } from "./app.ts";

const config = loadCheckpointConfig(process.env);
const { logger, metrics } = createObservability("checkpoint");
const dynamodb = new DynamoDBClient({});
const kms = new KMSClient({});

export const handler = createCheckpointHandler({
  deployment: config.deployment,
  checkpoints: new DynamoCheckpointStore(dynamodb, config.evidenceTableName),
  leaves: new DynamoStoreLeafReader(
    new ReceivedNotificationReader(dynamodb, config.tableName),
    config.extraSubscriptions,
    new DynamoReceiptLeafReader(dynamodb, config.tableName),
  ),
  signer: lazyKmsSigner(kms, config.evidenceKeyId),
  now: () => new Date(),
  intervalMs: config.intervalMs,
  settleMs: config.settleMs,
  logger,
  metrics,
});
