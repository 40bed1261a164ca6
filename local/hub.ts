/**
 * The whole hub of one deployment on this machine: DynamoDB Local, the SQS emulator, the local
 * EventBridge bus, the stream poller and the HTTP gateway, running the real Lambda handlers in-process
 * with the resources and rules of that deployment's synthesized template.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from "aws-lambda";
import { startFauxqs } from "fauxqs";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { envNames } from "../shared/config.ts";
import {
  type DeploymentId,
  feedSourceIds,
  hubEventSources,
  type UnitId,
} from "../shared/domain/catalogue/index.ts";
import { startDynamoDbLocal } from "./dynamodb-local.ts";
import { startLocalEventBus } from "./event-bus.ts";
import { startLocalHttpGateway } from "./http-gateway.ts";
import { localLambdaContext } from "./lambda-context.ts";
import { localCredentials } from "./local-aws.ts";
import { waitUntil } from "./process-utils.ts";
import { startStreamPoller } from "./stream-poller.ts";
import { loadTopology } from "./template-topology.ts";

export const DEFAULT_DEPLOYMENT: DeploymentId = "almaty";
export const LOCAL_REGION = "eu-central-1";
const LOCAL_ACCOUNT = "000000000000";

export interface LocalHubOptions {
  readonly deployment?: DeploymentId;
  /** Keep DynamoDB Local's data in this folder between runs (queues live in memory only). */
  readonly persistDir?: string;
  readonly ports?: {
    readonly api?: number;
    readonly sqs?: number;
    readonly dynamodb?: number;
    readonly bus?: number;
  };
  /** EventBridge's retry schedule for failing targets, compressed (AWS spreads it over hours). */
  readonly targetRetry?: { readonly baseMs: number; readonly maxMs: number };
  /** Where to write the connection file for the CLI; `undefined` writes none. */
  readonly connectionFile?: string;
}

export interface LocalHubConnection {
  apiUrl: string;
  deployment: DeploymentId;
  region: string;
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  queues: Partial<Record<UnitId, { url: string; dlqUrl: string }>>;
  secrets: Partial<Record<(typeof feedSourceIds)[number], string>>;
}

export interface LocalHub {
  readonly connection: LocalHubConnection;
  /** The stream's on-failure destination (records the publish function gave up on). */
  readonly publishFailureQueueUrl?: string;
  /** Queue URL by the template's logical id, for tests that need to break a target. */
  readonly queueUrls: ReadonlyMap<string, string>;
  /** True when the bus has no delivery in progress: every event put so far has reached its targets or DLQs. */
  deliveriesSettled(): boolean;
  stop(): Promise<void>;
}

type Stoppable = { stop(): Promise<void> };

/** A Standard Webhooks key: `whsec_` + base64 of 32 random bytes. */
function generateWebhookKey(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export async function startLocalHub(options: LocalHubOptions = {}): Promise<LocalHub> {
  const deployment = options.deployment ?? DEFAULT_DEPLOYMENT;
  const started: Stoppable[] = [];
  const stopAll = async () => {
    for (const service of started.reverse()) await service.stop().catch(() => {});
  };
  try {
    // Synthesis (CPU) and the JVM's start (mostly waiting) overlap.
    ensureDynamoDbLocal();
    if (options.persistDir !== undefined) mkdirSync(options.persistDir, { recursive: true });
    const [synthesis, dynamodbStart, sqsStart] = await Promise.allSettled([
      loadTopology(deployment),
      startDynamoDbLocal({ port: options.ports?.dynamodb, dbPath: options.persistDir }),
      startFauxqs({ port: options.ports?.sqs ?? 0, logger: false, defaultRegion: LOCAL_REGION }),
    ]);
    for (const outcome of [dynamodbStart, sqsStart])
      if (outcome.status === "fulfilled") started.push(outcome.value);
    if (synthesis.status === "rejected") throw synthesis.reason;
    if (dynamodbStart.status === "rejected") throw dynamodbStart.reason;
    if (sqsStart.status === "rejected") throw sqsStart.reason;
    const [loaded, dynamodbLocal, fauxqs] = [synthesis.value, dynamodbStart.value, sqsStart.value];
    const { topology, table } = loaded;
    const sqsEndpoint = `http://127.0.0.1:${fauxqs.port}`;
    const aws = { region: LOCAL_REGION, credentials: localCredentials };
    const sqs = new SQSClient({ ...aws, endpoint: sqsEndpoint });
    const dynamodb = new DynamoDBClient({ ...aws, endpoint: dynamodbLocal.endpoint });
    started.push({
      stop: async () => {
        sqs.destroy();
        dynamodb.destroy();
      },
    });

    // The table, as the template declares it (kept when persisted from an earlier run).
    const tableName = table.create.TableName ?? "";
    const existing = await dynamodb.send(new ListTablesCommand({}));
    if (!(existing.TableNames ?? []).includes(tableName)) {
      await dynamodb.send(new CreateTableCommand(table.create));
      if (table.timeToLiveAttribute !== undefined) {
        await dynamodb.send(
          new UpdateTimeToLiveCommand({
            TableName: tableName,
            TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
          }),
        );
      }
    }

    // The queues, dead-letter queues first so redrive policies can name them.
    const queueUrls = new Map<string, string>();
    const queueArns = new Map<string, string>();
    const ordered = [...topology.queues].sort(
      (a, b) => Number(a.redrive !== undefined) - Number(b.redrive !== undefined),
    );
    for (const queue of ordered) {
      const attributes: Record<string, string> = {};
      if (queue.visibilityTimeoutSeconds !== undefined)
        attributes.VisibilityTimeout = String(queue.visibilityTimeoutSeconds);
      if (queue.retentionSeconds !== undefined)
        attributes.MessageRetentionPeriod = String(queue.retentionSeconds);
      if (queue.redrive !== undefined) {
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: queueArns.get(queue.redrive.deadLetterLogicalId),
          maxReceiveCount: queue.redrive.maxReceiveCount,
        });
      }
      const created = await sqs.send(
        new CreateQueueCommand({ QueueName: queue.logicalId, Attributes: attributes }),
      );
      const url = created.QueueUrl ?? "";
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
      );
      queueUrls.set(queue.logicalId, url);
      queueArns.set(queue.logicalId, Attributes.QueueArn ?? "");
    }
    const urlOf = (logicalId: string) => {
      const url = queueUrls.get(logicalId);
      if (url === undefined) throw new Error(`the template names queue ${logicalId} but does not declare it`);
      return url;
    };

    const busName = `order195-hub-${deployment}`;
    const bus = await startLocalEventBus({
      busName,
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      admittedSources: hubEventSources,
      sqs,
      retryBaseMs: options.targetRetry?.baseMs,
      retryMaxMs: options.targetRetry?.maxMs,
      port: options.ports?.bus,
      rules: topology.rules.map((rule) => ({
        name: rule.logicalId,
        arn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${busName}/${rule.logicalId}`,
        pattern: rule.pattern,
        targets: rule.targets.map((target) => ({
          id: target.id,
          arn: queueArns.get(target.queueLogicalId) ?? target.queueLogicalId,
          queueUrl: urlOf(target.queueLogicalId),
          maximumRetryAttempts: target.maximumRetryAttempts,
          maximumEventAgeSeconds: target.maximumEventAgeSeconds,
          deadLetterQueueUrl:
            target.deadLetterLogicalId === undefined ? undefined : urlOf(target.deadLetterLogicalId),
        })),
      })),
    });
    started.push(bus);

    // The real handlers read their configuration from the environment once, as in Lambda.
    const secrets = Object.fromEntries(feedSourceIds.map((source) => [source, generateWebhookKey()]));
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbLocal.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
      [envNames.deployment]: deployment,
      [envNames.tableName]: tableName,
      [envNames.retentionDays]: "30",
      [envNames.webhookSecrets]: JSON.stringify(
        Object.fromEntries(Object.entries(secrets).map(([s, k]) => [s, [k]])),
      ),
      [envNames.eventBusName]: busName,
    });
    const ingest = (await import("../functions/ingest/handler.ts")).handler as unknown as (
      event: APIGatewayProxyEvent,
      context: Context,
    ) => Promise<APIGatewayProxyResult>;
    const publish = (await import("../functions/publish/handler.ts")).handler as unknown as (
      event: DynamoDBStreamEvent,
      context: Context,
    ) => Promise<DynamoDBBatchResponse>;

    const failureQueue = topology.publishFailureQueueLogicalId;
    const poller = await startStreamPoller({
      endpoint: dynamodbLocal.endpoint,
      region: LOCAL_REGION,
      tableName,
      handler: (event) => publish(event, localLambdaContext("publish")),
      onFailure: async (records, reason) => {
        if (failureQueue === undefined) return;
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: urlOf(failureQueue),
            MessageBody: JSON.stringify({ reason, records }),
          }),
        );
      },
    });
    started.push(poller);

    const gateway = await startLocalHttpGateway({ handler: ingest, port: options.ports?.api });
    started.push(gateway);

    // Ready only when everything answers.
    await waitUntil(
      async () => {
        await dynamodb.send(new ListTablesCommand({ Limit: 1 }));
        await sqs.send(new ListQueuesCommand({}));
        const probe = await fetch(`${gateway.url}/v1/feeds/`, { method: "GET" });
        return probe.status === 404;
      },
      { timeoutMs: 10_000, what: "the local hub to answer" },
    );

    const connection: LocalHubConnection = {
      apiUrl: gateway.url,
      deployment,
      region: LOCAL_REGION,
      sqsEndpoint,
      dynamodbEndpoint: dynamodbLocal.endpoint,
      queues: Object.fromEntries(
        Object.entries(topology.units).map(([unit, queues]) => [
          unit,
          { url: urlOf(queues.queueLogicalId), dlqUrl: urlOf(queues.deadLetterLogicalId) },
        ]),
      ),
      secrets,
    };
    if (options.connectionFile !== undefined) {
      mkdirSync(dirname(options.connectionFile), { recursive: true });
      writeFileSync(options.connectionFile, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
    }
    return {
      connection,
      publishFailureQueueUrl: failureQueue === undefined ? undefined : urlOf(failureQueue),
      queueUrls,
      deliveriesSettled: () => bus.pendingDeliveries() === 0,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
