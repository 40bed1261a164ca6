/**
 * Where the CLI finds the hub: `.hub/local.json` written by `npm start`, or, against AWS, flags and
 * environment variables (`HUB_API_URL`, `HUB_WEBHOOK_KEY`, `HUB_QUEUE_URL`, `HUB_DLQ_URL`, and the
 * AWS SDK's own credential and region chain).
 */
import { userInfo } from "node:os";
import { SQSClient } from "@aws-sdk/client-sqs";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import {
  InvalidConnectionFileError,
  LOCAL_HUB_FILE,
  type LocalHubConnection,
  readConnectionFile,
} from "../local/connection-file.ts";
import { localCredentials } from "../local/local-aws.ts";
import { localSessionToken, SESSION_NAME_PATTERN } from "../local/unit-roles.ts";
import {
  type FeedSourceId,
  feedSourceIds,
  isFeedSourceId,
  isUnitId,
  type UnitId,
  unitIds,
} from "../shared/domain/catalogue/index.ts";
import { UsageError } from "./command.ts";
import type { ReportsTarget } from "./reports-client.ts";
import type { SignedApiTarget } from "./signed-request.ts";

const noLocalHub = `no local hub found (${LOCAL_HUB_FILE} is missing). Start one with \`npm start\`, or point at AWS with flags/environment.`;

function readLocalHub(): LocalHubConnection | undefined {
  try {
    return readConnectionFile();
  } catch (error) {
    if (error instanceof InvalidConnectionFileError) throw new UsageError(error.message);
    throw error;
  }
}

export function requireLocalHub(): LocalHubConnection {
  const local = readLocalHub();
  if (local === undefined) throw new UsageError(noLocalHub);
  return local;
}

export function requireUnit(value: string | undefined): UnitId {
  if (!isUnitId(value)) {
    const given = value === undefined ? "say which unit (--unit)" : `unknown unit '${value}'`;
    throw new UsageError(`${given}. Units: ${unitIds.join(", ")}`);
  }
  return value;
}

export function requireSource(value: string | undefined): FeedSourceId {
  if (!isFeedSourceId(value)) {
    const given = value === undefined ? "say which source (--source)" : `unknown source '${value}'`;
    throw new UsageError(`${given}. Sources: ${feedSourceIds.join(", ")}`);
  }
  return value;
}

/** The flags that point the queue commands at a unit's queues on AWS. */
export const queueOptions = {
  "queue-url": {
    type: "string",
    description: "the unit's queue URL on AWS (default: the local hub, or HUB_QUEUE_URL)",
  },
  "dlq-url": {
    type: "string",
    description: "the unit's dead-letter queue URL on AWS (default: the local hub, or HUB_DLQ_URL)",
  },
} as const;

export interface QueueFlags {
  readonly "queue-url"?: string;
  readonly "dlq-url"?: string;
}

/** True when the flags or the environment point at AWS rather than at the local hub. */
export function targetsAws(flags: QueueFlags): boolean {
  return (flags["queue-url"] ?? process.env.HUB_QUEUE_URL) !== undefined;
}

export interface UnitQueues {
  readonly sqs: SQSClient;
  readonly url: string;
  readonly dlqUrl?: string;
}

/** The SQS client and queue URLs of one unit: from flags/env against AWS, else from the local hub. */
function unitQueues(unit: UnitId, flags: QueueFlags): UnitQueues {
  const queueUrl = flags["queue-url"] ?? process.env.HUB_QUEUE_URL;
  if (queueUrl !== undefined) {
    // With an endpoint override (AWS_ENDPOINT_URL_SQS: a proxy, an emulator), send there, not to the queue URL's host.
    const sqs = new SQSClient({ useQueueUrlAsEndpoint: process.env.AWS_ENDPOINT_URL_SQS === undefined });
    return { sqs, url: queueUrl, dlqUrl: flags["dlq-url"] ?? process.env.HUB_DLQ_URL };
  }
  const local = requireLocalHub();
  const queues = local.queues[unit];
  if (queues === undefined)
    throw new UsageError(`the ${local.deployment} deployment has no queue for unit '${unit}'.`);
  return { sqs: localSqsClient(local), url: queues.url, dlqUrl: queues.dlqUrl };
}

/** Runs `use` with one unit's queues, closing the client afterwards. */
export async function withUnitQueues<T>(
  unit: UnitId,
  flags: QueueFlags,
  use: (queues: UnitQueues) => Promise<T>,
): Promise<T> {
  const queues = unitQueues(unit, flags);
  try {
    return await use(queues);
  } finally {
    queues.sqs.destroy();
  }
}

export function localSqsClient(local: LocalHubConnection): SQSClient {
  return new SQSClient({ endpoint: local.sqsEndpoint, region: local.region, credentials: localCredentials });
}

/** The ingest API URL and a source's signing key: from flags/env against AWS, else from the local hub. */
export function feedTarget(
  source: FeedSourceId,
  flags: { readonly "api-url"?: string; readonly key?: string },
): { apiUrl: string; key: string } {
  const apiUrl = flags["api-url"] ?? process.env.HUB_API_URL;
  const key = flags.key ?? process.env.HUB_WEBHOOK_KEY;
  if (apiUrl !== undefined && key !== undefined) return { apiUrl, key };
  const local = requireLocalHub();
  const localKey = local.secrets[source];
  if (localKey === undefined) throw new UsageError(`the local hub has no key for source '${source}'.`);
  return { apiUrl: apiUrl ?? local.apiUrl, key: key ?? localKey };
}

/** The officer filing locally when `--officer` is not given: the OS user, as a valid session name. */
function defaultOfficer(): string {
  let name = "";
  try {
    name = userInfo()
      .username.replace(/[^\w+=,.@-]/g, "-")
      .slice(0, 64);
  } catch {
    // no user name on this system
  }
  return SESSION_NAME_PATTERN.test(name) ? name : "officer";
}

/** Against AWS (`--api-url` or `HUB_API_URL`): the SDK's default credential chain, the role you assumed. */
function awsApiTarget(
  flags: { readonly "api-url"?: string; readonly officer?: string },
  role: "unit role" | "auditor role",
): SignedApiTarget | undefined {
  const apiUrl = flags["api-url"] ?? process.env.HUB_API_URL;
  if (apiUrl === undefined) return undefined;
  if (flags.officer !== undefined)
    throw new UsageError(
      `against AWS the officer is the session name of the ${role} you assumed; --officer is for the local hub`,
    );
  const region = process.env.AWS_REGION;
  if (region === undefined) throw new UsageError("against AWS, set AWS_REGION to the deployment's region");
  return { apiUrl, region, credentials: defaultProvider() };
}

/** A session of one of the local hub's roles (`credentials` of this run), named after the officer. */
function localRoleTarget(
  local: LocalHubConnection,
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  officerFlag: string | undefined,
): SignedApiTarget {
  const officer = officerFlag ?? defaultOfficer();
  if (!SESSION_NAME_PATTERN.test(officer))
    throw new UsageError("--officer must be 2 to 64 letters, digits or + = , . @ _ - (a role session name)");
  return {
    apiUrl: local.apiUrl,
    region: local.region,
    credentials: { ...credentials, sessionToken: localSessionToken(officer) },
  };
}

/**
 * Where `hub report` and `hub query` send and what they sign with: against AWS, the SDK's default
 * credential chain, whose role is the unit and whose session name is the officer; else the local
 * hub, with the unit role's credentials of this run and the officer as session name.
 */
export function reportsTarget(flags: {
  readonly "api-url"?: string;
  readonly unit?: string;
  readonly officer?: string;
}): ReportsTarget {
  const aws = awsApiTarget(flags, "unit role");
  if (aws !== undefined) return aws;
  const unit = requireUnit(flags.unit);
  const local = requireLocalHub();
  const credentials = local.credentials[unit];
  if (credentials === undefined)
    throw new UsageError(`the ${local.deployment} deployment has no role for unit '${unit}'.`);
  return localRoleTarget(local, credentials, flags.officer);
}

/**
 * Where `hub audit` reads and what it signs with: against AWS, your credentials for the deployment's
 * auditor role (its `AuditorRoleArn`); else the local hub's auditor credentials (`credentials.auditor`).
 */
export function auditorTarget(flags: {
  readonly "api-url"?: string;
  readonly officer?: string;
}): SignedApiTarget {
  const aws = awsApiTarget(flags, "auditor role");
  if (aws !== undefined) return aws;
  const local = requireLocalHub();
  const credentials = local.credentials.auditor;
  if (credentials === undefined)
    throw new UsageError("the local hub has no auditor role: restart it (`npm start`).");
  return localRoleTarget(local, credentials, flags.officer);
}
