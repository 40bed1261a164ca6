/**
 * The whole hub of one deployment on this machine: DynamoDB Local, the SQS emulator, the local
 * EventBridge bus, the stream poller and the HTTP gateway, running the real Lambda handlers in-process
 * with the resources and rules of that deployment's synthesized template. Each hub builds its own
 * handlers from explicit dependencies, so two hubs in one process never share a configuration. The
 * delivery side (stream poller, publish function, bus) runs in a thread of its own (delivery-thread.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { createIngestHandler } from "../functions/ingest/app.ts";
import { createReportsHandler } from "../functions/reports/app.ts";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { DynamoNotificationStore } from "../shared/adapters/dynamodb/notification-store.ts";
import { DynamoReportQuota } from "../shared/adapters/dynamodb/report-quota.ts";
import { createObservability } from "../shared/adapters/observability.ts";
import { createWebhookKeyring } from "../shared/adapters/webhook-keyring.ts";
import {
  type DeploymentId,
  type ExtraSubscriptions,
  feedSourceIds,
  hubEventSources,
  kindsFiledBy,
  type UnitId,
  unitIds,
} from "../shared/domain/catalogue/index.ts";
import type { ReceiptDeadlines } from "../shared/domain/receipts/index.ts";
import { newNotificationId } from "../shared/ids.ts";
import { RECEIPTS_PATH } from "../shared/wiring/receipts-route.ts";
import { REPORTS_PATH } from "../shared/wiring/reports-route.ts";
import { STATS_PATH } from "../shared/wiring/stats-route.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../shared/wiring/unit-roles.ts";
import { type LocalHubConnection, writeConnectionFile } from "./connection-file.ts";
import { type DeliveryConfig, type DeliveryThread, spawnDeliveryThread } from "./delivery-thread.ts";
import { startDynamoDbLocal } from "./dynamodb-local.ts";
import type { BusOutage } from "./event-bus.ts";
import { evidenceKeyFileBeside, type LocalEvidenceOptions, startLocalEvidence } from "./evidence.ts";
import { feedRoutes, type GatewayRoute, type ProxyHandler, startLocalHttpGateway } from "./http-gateway.ts";
import { localIamAuthorizer } from "./iam-authorizer.ts";
import { LOCAL_ACCOUNT, LOCAL_REGION, localCredentials } from "./local-aws.ts";
import { localStatsHandler, monthlyListJob, startLocalListBucket } from "./monthly-lists.ts";
import { ensureTableFromTemplate } from "./notification-table.ts";
import { waitUntil } from "./process-utils.ts";
import { localQueryHandlers, type QueryHandlers, queryRoutes } from "./queries.ts";
import {
  type LocalReceiptsOptions,
  type LocalReceiptsSettings,
  localReceiptsHandler,
  receiptCheckerJob,
} from "./receipts.ts";
import { type ScheduledJob, startLocalScheduler } from "./scheduled-jobs.ts";
import { startSqsEmulator } from "./sqs-emulator.ts";
import { type LocalDeploymentSpec, loadTopology } from "./template-topology.ts";
import type { HubTopology, QueueSpec } from "./topology.ts";
import { localTraceHandler, traceRoutes } from "./trace.ts";
import { generateRoleCredentials, type RoleCredentials, type UnitRoleCredentials } from "./unit-roles.ts";

export const DEFAULT_DEPLOYMENT: DeploymentId = "almaty";

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
  /** The evidence log's local schedule and key file (by default beside the connection file). */
  readonly evidence?: LocalEvidenceOptions;
  /** The receipt checker's local interval, and deadlines compressed for tests. */
  readonly receipts?: LocalReceiptsOptions;
}

export interface LocalHub {
  readonly connection: LocalHubConnection;
  /** The notification table, named as the template names it. */
  readonly tableName: string;
  /** The stream's on-failure destination: records the mapping gave up on, and those the publish function parked. */
  readonly publishFailureQueueUrl: string;
  /** Queue URL by the template's logical id, for tests that need to break a target. */
  readonly queueUrls: ReadonlyMap<string, string>;
  /** True when the bus has no delivery in progress: every event put so far has reached its targets or DLQs. */
  deliveriesSettled(): boolean;
  /** Runs a scheduled job now (as its schedule would), after any run of it in progress. */
  runJob(name: string, input?: unknown): Promise<unknown>;
  /** For fault tests: the bus refuses every entry with `errorCode` until the outage ends. */
  startBusOutage(errorCode: string): BusOutage;
  stop(): Promise<void>;
}

interface Stoppable {
  stop(): Promise<void>;
}

/** Everything started so far, stopped in reverse order: on `stop()`, or when a later step fails. */
function stopList() {
  const started: Stoppable[] = [];
  return {
    add<T extends Stoppable>(service: T): T {
      started.push(service);
      return service;
    },
    async stopAll(): Promise<void> {
      for (const service of started.splice(0).reverse()) await service.stop().catch(() => {});
    },
  };
}
type StopList = ReturnType<typeof stopList>;

/** This run's signing key of each source: the hub verifies with it, the CLI signs with it. */
type SourceKeys = LocalHubConnection["secrets"];

/** A Standard Webhooks key: `whsec_` + base64 of 32 random bytes. */
function generateWebhookKey(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

interface LocalServices {
  readonly spec: LocalDeploymentSpec;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
}

/** Synthesis (CPU) and the JVM's start (mostly waiting) overlap; fauxqs starts alongside. */
async function startServices(
  deployment: DeploymentId,
  options: LocalHubOptions,
  started: StopList,
): Promise<LocalServices> {
  ensureDynamoDbLocal();
  if (options.persistDir !== undefined) mkdirSync(options.persistDir, { recursive: true });
  const [synthesis, dynamodbStart, sqsStart] = await Promise.allSettled([
    loadTopology(deployment),
    startDynamoDbLocal({ port: options.ports?.dynamodb, dbPath: options.persistDir }),
    startSqsEmulator({ port: options.ports?.sqs, region: LOCAL_REGION }),
  ]);
  for (const outcome of [dynamodbStart, sqsStart])
    if (outcome.status === "fulfilled") started.add(outcome.value);
  if (synthesis.status === "rejected") throw synthesis.reason;
  if (dynamodbStart.status === "rejected") throw dynamodbStart.reason;
  if (sqsStart.status === "rejected") throw sqsStart.reason;
  return {
    spec: synthesis.value,
    dynamodbEndpoint: dynamodbStart.value.endpoint,
    sqsEndpoint: sqsStart.value.endpoint,
  };
}

/** The template's queues by logical id, with their URLs and ARNs as the emulator assigned them. */
interface LocalQueues {
  readonly urls: ReadonlyMap<string, string>;
  urlOf(logicalId: string): string;
  arnOf(logicalId: string): string;
}

/** Dead-letter queues first, so that redrive policies can name them. */
async function createQueues(sqs: SQSClient, queues: readonly QueueSpec[]): Promise<LocalQueues> {
  const urls = new Map<string, string>();
  const arns = new Map<string, string>();
  const lookup = (map: ReadonlyMap<string, string>, logicalId: string) => {
    const value = map.get(logicalId);
    if (value === undefined) throw new Error(`the template names queue ${logicalId} but does not declare it`);
    return value;
  };
  const ordered = [...queues].sort(
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
        deadLetterTargetArn: lookup(arns, queue.redrive.deadLetterLogicalId),
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
    urls.set(queue.logicalId, url);
    arns.set(queue.logicalId, Attributes.QueueArn ?? "");
  }
  return {
    urls,
    urlOf: (logicalId) => lookup(urls, logicalId),
    arnOf: (logicalId) => lookup(arns, logicalId),
  };
}

/** The bus as the template declares it: its rules, their SQS targets, retry policies and DLQs. */
function busConfig(
  busName: string,
  topology: HubTopology,
  queues: LocalQueues,
  options: LocalHubOptions,
): DeliveryConfig["bus"] {
  return {
    busName,
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
    admittedSources: hubEventSources,
    retryBaseMs: options.targetRetry?.baseMs,
    retryMaxMs: options.targetRetry?.maxMs,
    port: options.ports?.bus,
    rules: topology.rules.map((rule) => ({
      name: rule.logicalId,
      arn: `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${busName}/${rule.logicalId}`,
      pattern: rule.pattern,
      targets: rule.targets.map((target) => ({
        id: target.id,
        arn: queues.arnOf(target.queueLogicalId),
        queueUrl: queues.urlOf(target.queueLogicalId),
        maximumRetryAttempts: target.maximumRetryAttempts,
        maximumEventAgeSeconds: target.maximumEventAgeSeconds,
        deadLetterQueueUrl:
          target.deadLetterLogicalId === undefined ? undefined : queues.urlOf(target.deadLetterLogicalId),
      })),
    })),
  };
}

interface HandlerSettings {
  readonly deployment: DeploymentId;
  readonly tableName: string;
  readonly retentionDays: number;
  readonly reportsPerUnitPerMinute: number;
  readonly keys: SourceKeys;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly extraSubscriptions: ExtraSubscriptions;
  /** The receipt deadlines the checker uses (a trace says what is overdue by the same). */
  readonly deadlines: ReceiptDeadlines;
  /** Each unit's dead-letter queue, which a local trace looks into. */
  readonly deadLetterQueues: Partial<Record<UnitId, string>>;
  readonly auditTableName: string;
  readonly auditRetentionDays: number;
}

interface HubHandlers extends QueryHandlers {
  readonly ingest: ProxyHandler;
  readonly reports: ProxyHandler;
  readonly receipts: ProxyHandler;
  readonly trace: ProxyHandler;
  readonly stats: ProxyHandler;
}

/** The real API handlers, wired as their Lambda entry points wire them, to this hub's resources. */
function buildHandlers(settings: HandlerSettings): HubHandlers {
  const store = new DynamoNotificationStore(settings.dynamodb, settings.tableName, settings.retentionDays);
  const ingestObservability = createObservability("ingest");
  const ingest = createIngestHandler({
    deployment: settings.deployment,
    store,
    keyring: createWebhookKeyring({
      kind: "inline",
      keys: Object.fromEntries(Object.entries(settings.keys).map(([source, key]) => [source, [key]])),
    }),
    now: () => new Date(),
    newId: newNotificationId,
    logger: ingestObservability.logger,
    metrics: ingestObservability.metrics,
  });
  const reportsObservability = createObservability("reports");
  const reports = createReportsHandler({
    deployment: settings.deployment,
    store,
    quota: new DynamoReportQuota(settings.dynamodb, settings.tableName, settings.reportsPerUnitPerMinute),
    now: () => new Date(),
    newId: newNotificationId,
    logger: reportsObservability.logger,
    metrics: reportsObservability.metrics,
  });
  return {
    ingest,
    reports,
    receipts: localReceiptsHandler(settings),
    trace: localTraceHandler(settings),
    stats: localStatsHandler(settings),
    ...localQueryHandlers(settings),
  };
}

/**
 * The deployment's scheduled functions as local jobs (each with its locally compressed interval):
 * the stand-in for the template's schedules.
 */
function scheduledJobs(receipts: LocalReceiptsSettings, options: LocalHubOptions): ScheduledJob[] {
  return [receiptCheckerJob(receipts, options.receipts)];
}

/** The stream mapping's on-failure queue, where the publish function also parks poison records. */
function publishFailureQueueUrl(topology: HubTopology, queues: LocalQueues): string {
  const logicalId = topology.publishFailureQueueLogicalId;
  if (logicalId === undefined)
    throw new Error("the template gives the table stream's mapping no on-failure queue");
  return queues.urlOf(logicalId);
}

/** Ready only when everything answers. */
function waitUntilAnswering(dynamodb: DynamoDBClient, sqs: SQSClient, apiUrl: string): Promise<boolean> {
  return waitUntil(
    async () => {
      await dynamodb.send(new ListTablesCommand({ Limit: 1 }));
      await sqs.send(new ListQueuesCommand({}));
      const probe = await fetch(`${apiUrl}/v1/feeds/`, { method: "GET" });
      return probe.status === 404;
    },
    { timeoutMs: 10_000, what: "the local hub to answer" },
  );
}

/** What the CLI needs to sign requests: the feeds' webhook keys and the unit roles' credentials. */
interface HubSecrets {
  readonly keys: SourceKeys;
  readonly credentials: LocalHubConnection["credentials"];
}

/** Credentials for the run of every unit role the deployment has: units that receive, units that file. */
function generateUnitRoleCredentials(topology: HubTopology): UnitRoleCredentials {
  const withRole = unitIds.filter(
    (unit) => topology.units[unit] !== undefined || kindsFiledBy(unit).length > 0,
  );
  return Object.fromEntries(withRole.map((unit) => [unit, generateRoleCredentials()]));
}

/**
 * The API's route table: feeds to the ingest function; every other route (reports, receipts, traces,
 * statistics, queries, the audit log) behind IAM authorization: SigV4 with a role's credentials of this run.
 */
function startGateway(
  deployment: DeploymentId,
  handlers: HubHandlers,
  credentials: UnitRoleCredentials,
  auditor: RoleCredentials,
  port: number | undefined,
) {
  const authorize = localIamAuthorizer({
    region: LOCAL_REGION,
    account: LOCAL_ACCOUNT,
    credentials,
    roleNameOf: (unit) => unitRoleName(hubNameOf(deployment), unit),
    auditor: { roleName: auditorRoleName(hubNameOf(deployment)), credentials: auditor },
  });
  const routes: GatewayRoute[] = [
    ...feedRoutes(handlers.ingest),
    { method: "POST", resource: REPORTS_PATH, functionName: "reports", handler: handlers.reports, authorize },
    {
      method: "POST",
      resource: RECEIPTS_PATH,
      functionName: "receipts",
      handler: handlers.receipts,
      authorize,
    },
    ...traceRoutes(handlers.trace, authorize),
    { method: "GET", resource: STATS_PATH, functionName: "stats", handler: handlers.stats, authorize },
    ...queryRoutes(handlers, authorize),
  ];
  return startLocalHttpGateway({ routes, port });
}

function connectionOf(
  deployment: DeploymentId,
  services: LocalServices,
  queues: LocalQueues,
  apiUrl: string,
  secrets: HubSecrets,
  bus: { readonly endpoint: string; readonly name: string },
  jobsEndpoint: string,
): Omit<LocalHubConnection, "evidence" | "lists"> {
  return {
    apiUrl,
    deployment,
    region: LOCAL_REGION,
    sqsEndpoint: services.sqsEndpoint,
    dynamodbEndpoint: services.dynamodbEndpoint,
    tableName: services.spec.table.tableName,
    busEndpoint: bus.endpoint,
    busName: bus.name,
    jobsEndpoint,
    queues: Object.fromEntries(
      Object.entries(services.spec.topology.units).map(([unit, unitQueues]) => [
        unit,
        {
          url: queues.urlOf(unitQueues.queueLogicalId),
          dlqUrl: queues.urlOf(unitQueues.deadLetterLogicalId),
        },
      ]),
    ),
    secrets: secrets.keys,
    credentials: secrets.credentials,
  };
}

export async function startLocalHub(options: LocalHubOptions = {}): Promise<LocalHub> {
  const deployment = options.deployment ?? DEFAULT_DEPLOYMENT;
  const started = stopList();
  // Spawned first: the thread loads its modules while synthesis and DynamoDB Local start.
  const deliveryThread: DeliveryThread = spawnDeliveryThread();
  try {
    const services = await startServices(deployment, options, started);
    const { topology, table, retentionDays } = services.spec;
    const aws = { region: LOCAL_REGION, credentials: localCredentials };
    const sqs = new SQSClient({ ...aws, endpoint: services.sqsEndpoint });
    const dynamodb = new DynamoDBClient({ ...aws, endpoint: services.dynamodbEndpoint });
    started.add({
      stop: async () => {
        sqs.destroy();
        dynamodb.destroy();
      },
    });

    await ensureTableFromTemplate(dynamodb, table);
    await ensureTableFromTemplate(dynamodb, services.spec.auditTable);
    const queues = await createQueues(sqs, topology.queues);
    const busName = `order195-hub-${deployment}`;
    // Stopped before the services it uses: the poller first, then the bus once its deliveries settle.
    started.add(deliveryThread);
    const delivery = await deliveryThread.start({
      region: LOCAL_REGION,
      dynamodbEndpoint: services.dynamodbEndpoint,
      sqsEndpoint: services.sqsEndpoint,
      tableName: table.tableName,
      failureQueueUrl: publishFailureQueueUrl(topology, queues),
      bus: busConfig(busName, topology, queues, options),
    });

    const keys: SourceKeys = Object.fromEntries(
      feedSourceIds.map((source) => [source, generateWebhookKey()]),
    );
    const credentials = generateUnitRoleCredentials(topology);
    const auditor = generateRoleCredentials();
    const handlers = buildHandlers({
      deployment,
      tableName: table.tableName,
      retentionDays,
      reportsPerUnitPerMinute: services.spec.reportsPerUnitPerMinute,
      keys,
      dynamodb,
      sqs,
      extraSubscriptions: services.spec.extraSubscriptions,
      deadlines: options.receipts?.deadlines ?? services.spec.receiptDeadlines,
      deadLetterQueues: Object.fromEntries(
        Object.entries(topology.units).map(([unit, { deadLetterLogicalId }]) => [
          unit,
          queues.urlOf(deadLetterLogicalId),
        ]),
      ),
      auditTableName: services.spec.auditTable.tableName,
      auditRetentionDays: services.spec.auditRetentionDays,
    });
    const evidenceKeyFile =
      options.connectionFile === undefined
        ? undefined
        : evidenceKeyFileBeside(options.connectionFile, deployment);
    const evidence = started.add(
      await startLocalEvidence(
        {
          deployment,
          dynamodb,
          tableName: table.tableName,
          extraSubscriptions: services.spec.extraSubscriptions,
        },
        { keyFile: evidenceKeyFile, ...options.evidence },
      ),
    );
    const lists = started.add(
      await startLocalListBucket(services.sqsEndpoint, services.spec.listsBucketLogicalId),
    );
    const scheduler = started.add(
      await startLocalScheduler([
        ...scheduledJobs(
          {
            deployment,
            dynamodb,
            tableName: table.tableName,
            retentionDays,
            extraSubscriptions: services.spec.extraSubscriptions,
            deadlines: services.spec.receiptDeadlines,
          },
          options,
        ),
        evidence.job,
        monthlyListJob({
          deployment,
          dynamodb,
          tableName: table.tableName,
          retentionDays,
          bucket: lists.bucket,
        }),
      ]),
    );
    const gateway = started.add(
      await startGateway(deployment, handlers, credentials, auditor, options.ports?.api),
    );
    await waitUntilAnswering(dynamodb, sqs, gateway.url);

    const connection: LocalHubConnection = {
      ...connectionOf(
        deployment,
        services,
        queues,
        gateway.url,
        { keys, credentials: { ...credentials, auditor } },
        { endpoint: delivery.busEndpoint, name: busName },
        scheduler.endpoint,
      ),
      evidence: evidence.connection,
      lists: { endpoint: services.sqsEndpoint, bucket: lists.bucket.bucketName },
    };
    if (options.connectionFile !== undefined) writeConnectionFile(connection, options.connectionFile);
    return {
      connection,
      tableName: table.tableName,
      publishFailureQueueUrl: publishFailureQueueUrl(topology, queues),
      queueUrls: queues.urls,
      deliveriesSettled: () => delivery.pendingDeliveries() === 0,
      runJob: scheduler.run,
      startBusOutage: (errorCode) => delivery.startOutage(errorCode),
      stop: started.stopAll,
    };
  } catch (error) {
    await started.stopAll();
    await deliveryThread.stop();
    throw error;
  }
}
