/**
 * Where the CLI finds the hub: `.hub/local.json` written by `npm start`, or, against AWS, flags and
 * environment variables (`HUB_API_URL`, `HUB_WEBHOOK_KEY`, `HUB_QUEUE_URL`, `HUB_DLQ_URL`, and the
 * AWS SDK's own credential and region chain).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { SQSClient } from "@aws-sdk/client-sqs";
import * as z from "zod";
import { localCredentials } from "../local/local-aws.ts";
import { deploymentIds, feedSourceIds, unitIds } from "../shared/domain/catalogue/index.ts";
import { UsageError } from "./command.ts";

export const LOCAL_HUB_FILE = ".hub/local.json";

export const localHubFileSchema = z.object({
  apiUrl: z.url(),
  deployment: z.enum(deploymentIds),
  region: z.string(),
  sqsEndpoint: z.url(),
  dynamodbEndpoint: z.url(),
  queues: z.partialRecord(z.enum(unitIds), z.object({ url: z.url(), dlqUrl: z.url() })),
  secrets: z.partialRecord(z.enum(feedSourceIds), z.string()),
});
export type LocalHubFile = z.infer<typeof localHubFileSchema>;

export function readLocalHub(path = LOCAL_HUB_FILE): LocalHubFile | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  const parsed = localHubFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new UsageError(`${path} is not a local hub file: ${parsed.error.issues[0]?.message ?? ""}`);
  return parsed.data;
}

const noLocalHub = `no local hub found (${LOCAL_HUB_FILE} is missing). Start one with \`npm start\`, or point at AWS with flags/environment.`;

export function requireUnit(value: unknown): (typeof unitIds)[number] {
  if (typeof value !== "string" || !(unitIds as readonly string[]).includes(value)) {
    throw new UsageError(`unknown unit '${String(value)}'. Units: ${unitIds.join(", ")}`);
  }
  return value as (typeof unitIds)[number];
}

export function requireSource(value: unknown): (typeof feedSourceIds)[number] {
  if (typeof value !== "string" || !(feedSourceIds as readonly string[]).includes(value)) {
    throw new UsageError(`unknown source '${String(value)}'. Sources: ${feedSourceIds.join(", ")}`);
  }
  return value as (typeof feedSourceIds)[number];
}

/** The SQS client and queue URLs of one unit: from flags/env against AWS, else from the local hub. */
export function unitQueues(
  unit: (typeof unitIds)[number],
  flags: { queueUrl?: string; dlqUrl?: string },
): { sqs: SQSClient; url: string; dlqUrl?: string } {
  const queueUrl = flags.queueUrl ?? process.env.HUB_QUEUE_URL;
  if (queueUrl !== undefined) {
    // With an endpoint override (AWS_ENDPOINT_URL_SQS: a proxy, an emulator), send there, not to the queue URL's host.
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
    return { sqs, url: queueUrl, dlqUrl: flags.dlqUrl ?? process.env.HUB_DLQ_URL };
  }
  const local = readLocalHub();
  if (local === undefined) throw new UsageError(noLocalHub);
  const queues = local.queues[unit];
  if (queues === undefined)
    throw new UsageError(`the ${local.deployment} deployment has no queue for unit '${unit}'.`);
  return { sqs: localSqsClient(local), url: queues.url, dlqUrl: queues.dlqUrl };
}

export function localSqsClient(local: LocalHubFile): SQSClient {
  return new SQSClient({ endpoint: local.sqsEndpoint, region: local.region, credentials: localCredentials });
}

/** The ingest API URL and a source's signing key: from flags/env against AWS, else from the local hub. */
export function feedTarget(
  source: (typeof feedSourceIds)[number],
  flags: { apiUrl?: string; key?: string },
): { apiUrl: string; key: string } {
  const apiUrl = flags.apiUrl ?? process.env.HUB_API_URL;
  const key = flags.key ?? process.env.HUB_WEBHOOK_KEY;
  if (apiUrl !== undefined && key !== undefined) return { apiUrl, key };
  const local = readLocalHub();
  if (local === undefined) throw new UsageError(noLocalHub);
  const localKey = local.secrets[source];
  if (localKey === undefined) throw new UsageError(`the local hub has no key for source '${source}'.`);
  return { apiUrl: apiUrl ?? local.apiUrl, key: key ?? localKey };
}

export function requireLocalHub(): LocalHubFile {
  const local = readLocalHub();
  if (local === undefined) throw new UsageError(noLocalHub);
  return local;
}
