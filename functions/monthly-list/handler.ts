/** Lambda entry point of the monthly-list function: configuration and clients once per cold start. */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { KindPeriodIndex } from "../../shared/adapters/dynamodb/kind-period-index.ts";
import { DynamoNotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import { createObservability } from "../../shared/adapters/observability.ts";
import { ListBucket } from "../../shared/adapters/s3/list-files.ts";
import { loadMonthlyListConfig } from "../../shared/config.ts";
import { newNotificationId } from "../../shared/ids.ts";
import { createMonthlyListHandler } from "./app.ts";

const config = loadMonthlyListConfig(process.env);
const { logger, metrics } = createObservability("monthly-list");
const dynamodb = new DynamoDBClient({});
const s3 = new S3Client({});

export const handler = createMonthlyListHandler({
  deployment: config.deployment,
  index: new KindPeriodIndex(dynamodb, config.tableName),
  bucket: new ListBucket(s3, config.listsBucket),
  store: new DynamoNotificationStore(dynamodb, config.tableName, config.retentionDays),
  now: () => new Date(),
  newId: newNotificationId,
  logger,
  metrics,
});
