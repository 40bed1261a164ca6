/**
 * The monthly lists and the statistics on the local hub: the lists bucket in the S3 stand-in (fauxqs
 * serves S3 on its SQS endpoint, path-style), named after the template's bucket; the real
 * monthly-list handler as a job that runs when triggered (a month is too long to wait for locally);
 * the real stats handler.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { createMonthlyListHandler } from "../functions/monthly-list/app.ts";
import { createStatsHandler } from "../functions/stats/app.ts";
import { KindPeriodIndex } from "../shared/adapters/dynamodb/kind-period-index.ts";
import { DynamoNotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import { ListBucket } from "../shared/adapters/s3/list-files.ts";
import type { DeploymentId, ExtraSubscriptions } from "../shared/domain/catalogue/index.ts";
import { newNotificationId } from "../shared/ids.ts";
import { MONTHLY_LIST_JOB } from "../shared/wiring/monthly-lists.ts";
import type { ProxyHandler } from "./http-gateway.ts";
import { localLambdaContext } from "./lambda-context.ts";
import { LOCAL_REGION, localCredentials } from "./local-aws.ts";
import type { ScheduledJob } from "./scheduled-jobs.ts";

/** A client of the S3 stand-in: path-style, as fauxqs serves buckets under its one endpoint. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    region: LOCAL_REGION,
    credentials: localCredentials,
    endpoint,
    forcePathStyle: true,
  });
}

/** The local name of the template's bucket: its logical id, lower-cased as bucket names must be. */
export function localBucketName(logicalId: string): string {
  return logicalId.toLowerCase();
}

/** Creates the lists bucket in the S3 stand-in; its client is for the job and is destroyed on `stop`. */
export async function startLocalListBucket(s3Endpoint: string, bucketLogicalId: string) {
  const s3 = localS3Client(s3Endpoint);
  const bucketName = localBucketName(bucketLogicalId);
  await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  return { bucket: new ListBucket(s3, bucketName), stop: async () => s3.destroy() };
}

export interface LocalListsSettings {
  readonly deployment: DeploymentId;
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly retentionDays: number;
  readonly bucket: ListBucket;
}

/** The monthly-list function as a local job: its input is the event (`{ "month": "YYYY-MM" }` or nothing). */
export function monthlyListJob(settings: LocalListsSettings): ScheduledJob {
  const { logger, metrics } = createObservability(MONTHLY_LIST_JOB);
  const { dynamodb, tableName } = settings;
  const handler = createMonthlyListHandler({
    deployment: settings.deployment,
    index: new KindPeriodIndex(dynamodb, tableName),
    bucket: settings.bucket,
    store: new DynamoNotificationStore(dynamodb, tableName, settings.retentionDays),
    now: () => new Date(),
    newId: newNotificationId,
    logger,
    metrics,
  });
  return {
    name: MONTHLY_LIST_JOB,
    run: (input) => handler(input ?? {}, localLambdaContext(MONTHLY_LIST_JOB)),
  };
}

/** `GET /v1/stats`, wired as its Lambda entry point wires it. */
export function localStatsHandler(
  settings: Pick<LocalListsSettings, "deployment" | "dynamodb" | "tableName"> & {
    readonly extraSubscriptions: ExtraSubscriptions;
  },
): ProxyHandler {
  const { logger, metrics } = createObservability("stats");
  return createStatsHandler({
    deployment: settings.deployment,
    extraSubscriptions: settings.extraSubscriptions,
    index: new KindPeriodIndex(settings.dynamodb, settings.tableName),
    logger,
    metrics,
  });
}
