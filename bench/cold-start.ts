/**
 * Section 3, cold start: a fresh Node process imports a function bundle — the real one CDK ships
 * (`.cache/bundles/<fn>/index.mjs`) — and handles one valid event, against a floor bundle built the
 * same way that creates the same AWS SDK clients and, in its "call" variant, makes the function's
 * first SDK call. Every function of `hubFunctionNames` is launched against the local stand-ins
 * (DynamoDB Local, the local event bus, fauxqs for S3, a KMS stand-in), started once for the section.
 * Launches are interleaved round-robin across variants; the first round is a discarded warm-up.
 */
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AttributeValue, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { build } from "esbuild";
import { ulid } from "ulid";
import type { FunctionBundles } from "../infra/bundling.ts";
import {
  apiGatewayProxyEvent,
  feedRequestEvent,
  type IamCaller,
  reportsRequestEvent,
  signedGetEvent,
} from "../local/api-gateway-event.ts";
import { startDynamoDbLocal } from "../local/dynamodb-local.ts";
import { startLocalEventBus } from "../local/event-bus.ts";
import { ensureEvidenceTable } from "../local/evidence.ts";
import { LOCAL_ACCOUNT, localCredentials } from "../local/local-aws.ts";
import { localS3Client } from "../local/monthly-lists.ts";
import { createTableFromTemplate } from "../local/notification-table.ts";
import { startSqsEmulator } from "../local/sqs-emulator.ts";
import { loadTopology } from "../local/template-topology.ts";
import { assumedRoleCaller, generateRoleCredentials } from "../local/unit-roles.ts";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { kindPeriodQueries, QUERY_CONCURRENCY } from "../shared/adapters/dynamodb/kind-period-index.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import {
  deployments,
  feedSourceIds,
  feedSources,
  hubEventSources,
  kindIds,
  regionsOf,
  subscribersOf,
  unitReportKindIds,
} from "../shared/domain/catalogue/index.ts";
import { periodOfMonths } from "../shared/domain/lists/months.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { envNames } from "../shared/wiring/env.ts";
import { type HubFunctionName, hubFunctionNames } from "../shared/wiring/functions.ts";
import { METRICS_NAMESPACE } from "../shared/wiring/metrics.ts";
import { notificationTable } from "../shared/wiring/notification-table.ts";
import { AUDIT_PATH, PURPOSE_HEADER, QUERY_PATHS } from "../shared/wiring/query-routes.ts";
import { RECEIPTS_PATH } from "../shared/wiring/receipts-route.ts";
import { STATS_PATH } from "../shared/wiring/stats-route.ts";
import { TRACE_PARAMETERS, TRACE_PATHS } from "../shared/wiring/trace-route.ts";
import { auditorRoleName, hubNameOf, unitRoleName } from "../shared/wiring/unit-roles.ts";
import { reportFixture, withFreshReportIds } from "../test/support/fixtures.ts";
import { type BundleVariant, bundleVariants, shippedBuildOptions } from "./bundles.ts";
import { startKmsStandIn } from "./cold-start/kms-stand-in.ts";
import { runNodeProcess } from "./lib/child-process.ts";
import { benchEnvironment } from "./lib/env.ts";
import { feedBody, newWebhookKey, signedHeaders } from "./lib/feeds.ts";
import { markdownTable } from "./lib/markdown.ts";
import type { Goal, SectionReport } from "./lib/report.ts";
import { fixed, median, pairedMedianRatio, quantile, round, times } from "./lib/stats.ts";

const REGION = "eu-central-1";
const DEPLOYMENT = "almaty";
const GOAL_RATIO = 1.5;
const LAUNCH_TIMEOUT_MS = 30_000;

const repositoryRoot = fileURLToPath(new URL("../", import.meta.url));

/** The functions whose what-if bundles (section 2's variants) are launched too: the two on the hot path. */
const whatIfFunctions: readonly HubFunctionName[] = ["ingest", "publish"];

/** An AWS SDK client as a function's handler.ts creates it (same options: they decide what the SDK loads). */
interface SdkClient {
  readonly module: string;
  readonly name: string;
  readonly options?: Record<string, unknown>;
}
const dynamodbClient = (options?: Record<string, unknown>): SdkClient => ({
  module: "@aws-sdk/client-dynamodb",
  name: "DynamoDBClient",
  ...(options === undefined ? {} : { options }),
});
/** The fail-fast DynamoDB client of the API functions. */
const apiDynamodb = dynamodbClient({
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
});

/**
 * A function's floor: a bundle that creates the function's SDK clients and nothing else, and whose
 * handler, with `BENCH_FLOOR_CALL=true`, makes the function's first SDK call (`command` on the first
 * client, its input the floor's event).
 */
interface Floor {
  readonly clients: readonly [SdkClient, ...SdkClient[]];
  readonly command: FloorCommand;
}
/** The first SDK calls of the functions (each floor's input is built by `floorInputOf`). */
type FloorCommand =
  | "PutItemCommand"
  | "PutEventsCommand"
  | "UpdateItemCommand"
  | "QueryCommand"
  | "GetItemCommand";

const floors: Readonly<Record<HubFunctionName, Floor>> = {
  ingest: { clients: [apiDynamodb], command: "PutItemCommand" },
  publish: {
    clients: [
      { module: "@aws-sdk/client-eventbridge", name: "EventBridgeClient" },
      { module: "@aws-sdk/client-sqs", name: "SQSClient" },
      dynamodbClient({
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
      }),
    ],
    command: "PutEventsCommand",
  },
  reports: { clients: [apiDynamodb], command: "UpdateItemCommand" },
  queries: { clients: [apiDynamodb], command: "QueryCommand" },
  audit: { clients: [apiDynamodb], command: "QueryCommand" },
  checkpoint: {
    clients: [dynamodbClient(), { module: "@aws-sdk/client-kms", name: "KMSClient" }],
    command: "QueryCommand",
  },
  trace: { clients: [apiDynamodb], command: "GetItemCommand" },
  receipts: { clients: [apiDynamodb], command: "QueryCommand" },
  "receipt-checker": { clients: [dynamodbClient()], command: "GetItemCommand" },
  "monthly-list": {
    clients: [dynamodbClient(), { module: "@aws-sdk/client-s3", name: "S3Client" }],
    command: "QueryCommand",
  },
  stats: { clients: [apiDynamodb], command: "QueryCommand" },
};

/**
 * The floor's module: its clients at import; when asked, the first call: its event's `inputs` (one,
 * or the batch the function sends at once), `concurrency` at a time. The command is bundled either way.
 */
function floorSource({ clients, command }: Floor): string {
  const [first] = clients;
  const imports = new Map<string, Set<string>>();
  for (const client of clients)
    imports.set(client.module, (imports.get(client.module) ?? new Set()).add(client.name));
  imports.get(first.module)?.add(command);
  return [
    ...[...imports].map(([module, names]) => `import { ${[...names].join(", ")} } from "${module}";`),
    `const clients = [${clients.map((client) => `new ${client.name}(${JSON.stringify(client.options ?? {})})`).join(", ")}];`,
    `const call = process.env.BENCH_FLOOR_CALL === "true";`,
    "export async function handler({ inputs, concurrency }) {",
    `  if (call) for (let i = 0; i < inputs.length; i += concurrency) await Promise.all(inputs.slice(i, i + concurrency).map((input) => clients[0].send(new ${command}(input))));`,
    "  return {};",
    "}",
  ].join("\n");
}

/**
 * The child process: reads the event (before timing), imports the bundle (= Lambda's init), calls
 * the handler once (not when the event file is "-": import only), prints its timings. `startMs` is
 * `performance.now()` when the runner starts: Node's own boot, the same for every variant.
 */
const RUNNER = `import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
const [bundle, eventFile, functionName] = process.argv.slice(2);
const event = eventFile === "-" ? undefined : JSON.parse(readFileSync(eventFile, "utf8"));
const deadline = Date.now() + 10000;
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName, functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:${REGION}:000000000000:function:" + functionName,
  memoryLimitInMB: "1024", awsRequestId: randomUUID(), logGroupName: "/aws/lambda/" + functionName,
  logStreamName: "bench", getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done() {}, fail() {}, succeed() {},
};
const startMs = performance.now();
const module = await import(pathToFileURL(bundle).href);
const imported = performance.now();
let status = "imported";
if (event !== undefined) try {
  const result = await module.handler(event, context);
  status = result && "statusCode" in result ? String(result.statusCode)
    : result && Array.isArray(result.batchItemFailures) ? "failures:" + result.batchItemFailures.length : "ok";
} catch (error) {
  status = "threw: " + (error && error.message);
}
const handled = performance.now();
process.stdout.write(JSON.stringify({ startMs, importMs: imported - startMs, handleMs: handled - imported, status }) + "\\n", () => process.exit(0));
`;

type VariantKind = "real" | "floor" | "floor-call" | "what-if";

interface LaunchSpec {
  readonly id: string;
  readonly fn: HubFunctionName;
  readonly kind: VariantKind;
  readonly label: string;
  readonly bundle: string;
  readonly env: Record<string, string>;
  /** The first event; absent: the launch imports the bundle only. */
  readonly event?: (launch: number) => unknown;
  /** The answer every launch must give (the runner's status); any other is a failed launch. */
  readonly expected: string;
}

interface Launch {
  readonly wallMs: number;
  readonly startMs: number;
  readonly importMs: number;
  readonly handleMs: number;
  readonly status: string;
}

export interface ColdStartVariant
  extends Pick<LaunchSpec, "id" | "fn" | "kind" | "label" | "bundle" | "expected"> {
  readonly launches: number;
  readonly wallMs: number;
  readonly bootMs: number;
  readonly importMs: number;
  readonly handleMs: number;
  /** import + init + first event: what the function's code costs on a cold start. */
  readonly coldMs: number;
  readonly coldP90Ms: number;
  readonly statuses: Record<string, number>;
  /** Paired (per round) median ratios of `coldMs` and of the process wall time to the floors. */
  readonly ratioToFloor?: number;
  readonly wallRatioToFloor?: number;
  readonly ratioToFloorCall?: number;
}

export interface ColdStartData {
  readonly launchesPerVariant: number;
  readonly environment: string;
  readonly variants: readonly ColdStartVariant[];
}

async function launch(spec: LaunchSpec, runner: string, eventFile: string): Promise<Launch> {
  const { report, wallMs } = await runNodeProcess<Omit<Launch, "wallMs">>(
    [runner, spec.bundle, eventFile, `order195-hub-${spec.fn}`],
    spec.env,
    { label: spec.id, timeoutMs: LAUNCH_TIMEOUT_MS },
  );
  return { ...report, wallMs };
}

export async function runColdStart(
  quick: boolean,
  bundles: FunctionBundles,
  log: (line: string) => void,
): Promise<SectionReport<ColdStartData>> {
  const rounds = quick ? 5 : 15;
  const runId = ulid().toLowerCase();
  const scratch = join(repositoryRoot, ".cache", "bench", `cold-start-${runId}`);
  const home = mkdtempSync(join(tmpdir(), "bench-home-"));
  mkdirSync(scratch, { recursive: true });
  const runner = join(scratch, "runner.mjs");
  writeFileSync(runner, RUNNER);

  ensureDynamoDbLocal();
  const [dynamodbLocal, storage, kms] = await Promise.all([
    startDynamoDbLocal(),
    startSqsEmulator({ region: REGION }),
    startKmsStandIn(),
  ]);
  const dynamodb = new DynamoDBClient({
    endpoint: dynamodbLocal.endpoint,
    region: REGION,
    credentials: localCredentials,
  });
  const sqs = new SQSClient({
    region: REGION,
    endpoint: "http://127.0.0.1:9",
    credentials: localCredentials,
  });
  const s3 = localS3Client(storage.endpoint);
  const busName = `order195-hub-${DEPLOYMENT}`;
  const bus = await startLocalEventBus({
    busName,
    region: REGION,
    account: LOCAL_ACCOUNT,
    rules: [],
    admittedSources: hubEventSources,
    sqs,
  });
  try {
    const topology = await loadTopology(DEPLOYMENT);
    const table = `bench-cold-${runId}`;
    const auditTable = `${table}-audit`;
    const evidenceTable = `${table}-evidence`;
    const listsBucket = `bench-cold-lists-${runId}`;
    await Promise.all([
      createTableFromTemplate(dynamodb, topology.table, table),
      createTableFromTemplate(dynamodb, topology.auditTable, auditTable),
      ensureEvidenceTable(dynamodb, evidenceTable),
      s3.send(new CreateBucketCommand({ Bucket: listsBucket })),
    ]);

    // Floor bundles: the same esbuild options as the shipped ones; the what-if bundles from section 2's options.
    const floorBundle = async (fn: HubFunctionName) => {
      const outfile = join(scratch, `floor-${fn}`, "index.mjs");
      const { entryPoints: _entry, ...options } = shippedBuildOptions(fn);
      await build({
        ...options,
        stdin: {
          contents: floorSource(floors[fn]),
          resolveDir: repositoryRoot,
          sourcefile: `floor-${fn}.mjs`,
        },
        outfile,
        write: true,
        metafile: false,
      });
      return outfile;
    };
    const whatIfBundle = async (fn: HubFunctionName, variant: BundleVariant) => {
      const outfile = join(scratch, `${variant.id}-${fn}`, "index.mjs");
      await build({
        ...shippedBuildOptions(fn),
        outfile,
        ...variant.options,
        write: true,
        metafile: false,
      });
      return outfile;
    };
    const whatIfs = bundleVariants.filter((variant) => variant.coldStart);

    const key = newWebhookKey();
    const common = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      TZ: "UTC",
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbLocal.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      AWS_ENDPOINT_URL_S3: storage.endpoint,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      ...benchEnvironment,
    };
    // One environment for every function: each reads its own variables (the rest are ignored).
    const hubEnv: Record<string, string> = {
      [envNames.deployment]: DEPLOYMENT,
      [envNames.tableName]: table,
      [envNames.retentionDays]: String(topology.retentionDays),
      [envNames.webhookSecrets]: JSON.stringify(Object.fromEntries(feedSourceIds.map((s) => [s, [key]]))),
      [envNames.eventBusName]: busName,
      // Its events are all publishable: the parking queue is never called.
      [envNames.failureQueueUrl]: "http://127.0.0.1:9/000000000000/stream-failures",
      [envNames.reportsPerUnitPerMinute]: "100000",
      [envNames.auditTableName]: auditTable,
      [envNames.auditRetentionDays]: String(topology.auditRetentionDays),
      [envNames.evidenceTableName]: evidenceTable,
      [envNames.evidenceKeyId]: "alias/bench-evidence",
      [envNames.checkpointIntervalSeconds]: "300",
      [envNames.checkpointSettleSeconds]: "60",
      [envNames.listsBucket]: listsBucket,
      [envNames.receiptDeadlines]: JSON.stringify(topology.receiptDeadlines),
      [envNames.extraSubscriptions]: JSON.stringify(topology.extraSubscriptions),
    };
    const envOf = (fn: HubFunctionName) => ({
      ...common,
      AWS_LAMBDA_FUNCTION_NAME: `order195-hub-${fn}`,
      POWERTOOLS_SERVICE_NAME: fn,
      ...hubEnv,
    });

    const notificationOf = (recordId: string): CanonicalNotification => {
      const { body } = feedBody("kqp", 1, recordId);
      const mapped = mapFeedRequest("kqp", JSON.parse(body), {
        deployment: DEPLOYMENT,
        receivedAt: new Date(),
        newId: () => ulid(),
      });
      const first = mapped.ok ? mapped.records[0] : undefined;
      if (first === undefined) throw new Error("the cold-start fixture does not map");
      return first.notification;
    };
    // One stored notification that the trace and receipts requests name (as a unit that receives it).
    const stored = notificationOf(`cold-${runId}-stored`);
    const storedItems = notificationItems(stored, topology.retentionDays);
    for (const item of [storedItems.notification, ...storedItems.subjects]) {
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: item }));
    }
    const recipient = subscribersOf(stored.kind, topology.extraSubscriptions)[0];
    if (recipient === undefined) throw new Error(`nobody receives ${stored.kind}`);
    const hubName = hubNameOf(DEPLOYMENT);
    const session = (roleName: string): IamCaller =>
      assumedRoleCaller({
        account: LOCAL_ACCOUNT,
        roleName,
        sessionName: "bench.officer",
        accessKeyId: generateRoleCredentials().accessKeyId,
      });
    const recipientCaller = session(unitRoleName(hubName, recipient));
    const [reportKind] = unitReportKindIds;
    if (reportKind === undefined) throw new Error("the catalogue has no unit-report kind");
    const report = reportFixture(reportKind);
    const reporterCaller = session(unitRoleName(hubName, report.unit));
    const document = stored.subject.persons.flatMap((one) => one.documents ?? [])[0];
    if (document === undefined) throw new Error("the cold-start fixture names no document");
    const json = { "Content-Type": "application/json" };
    const today = new Date().toISOString().slice(0, 10);
    const thisMonth = today.slice(0, 7);

    /** What each function answers its first event (the runner's status); the floors answer "ok". */
    const expectedOf: Readonly<Record<HubFunctionName, string>> = {
      ingest: "202",
      publish: "failures:0",
      reports: "202",
      queries: "200",
      audit: "200",
      checkpoint: "ok",
      trace: "200",
      receipts: "200",
      "receipt-checker": "ok",
      "monthly-list": "ok",
      stats: "200",
    };
    /** Each function's first event, fresh per launch (new record ids where the function stores). */
    const eventOf: Readonly<Record<HubFunctionName, (launch: string) => unknown>> = {
      ingest: (launch) => {
        const { source, body } = feedBody("kqp", 1, `cold-${runId}-${launch}`);
        return feedRequestEvent(source, body, signedHeaders(key, body, `msg_${ulid()}`));
      },
      publish: (launch) => {
        const item: Record<string, AttributeValue> = notificationItems(
          notificationOf(`cold-${runId}-${launch}`),
          topology.retentionDays,
        ).notification;
        return {
          Records: [
            {
              eventID: ulid(),
              eventName: "INSERT",
              eventVersion: "1.1",
              eventSource: "aws:dynamodb",
              awsRegion: REGION,
              eventSourceARN: `arn:aws:dynamodb:${REGION}:${LOCAL_ACCOUNT}:table/${table}/stream/2026-01-01T00:00:00.000`,
              dynamodb: {
                ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
                Keys: { pk: item.pk, sk: item.sk },
                NewImage: item,
                SequenceNumber: String(Date.now()),
                SizeBytes: JSON.stringify(item).length,
                StreamViewType: "NEW_IMAGE",
              },
            },
          ],
        };
      },
      reports: (launch) =>
        reportsRequestEvent(
          JSON.stringify(withFreshReportIds(report, `cold-${runId}-${launch}`)),
          json,
          reporterCaller,
        ),
      queries: () =>
        signedGetEvent(
          QUERY_PATHS.persons,
          `document=${document.number}&country=${document.issuingCountry}`,
          { [PURPOSE_HEADER]: "BENCH-1" },
          recipientCaller,
        ),
      audit: () =>
        signedGetEvent(AUDIT_PATH, `from=${today}&to=${today}`, {}, session(auditorRoleName(hubName))),
      checkpoint: () => ({}),
      trace: () =>
        apiGatewayProxyEvent({
          method: "GET",
          resource: TRACE_PATHS.byNotification,
          path: `/v1/notifications/${stored.id}/trace`,
          pathParameters: { [TRACE_PARAMETERS.id]: stored.id },
          headers: {},
          body: "",
          caller: recipientCaller,
        }),
      receipts: () =>
        apiGatewayProxyEvent({
          method: "POST",
          resource: RECEIPTS_PATH,
          path: RECEIPTS_PATH,
          pathParameters: null,
          headers: json,
          body: JSON.stringify({ receipts: [{ notificationId: stored.id, status: "received" }] }),
          caller: recipientCaller,
        }),
      "receipt-checker": () => ({}),
      "monthly-list": () => ({}),
      stats: () =>
        signedGetEvent(STATS_PATH, `from=${thisMonth}&to=${thisMonth}&by=kind`, {}, recipientCaller),
    };

    /** The input of each floor's first call: the same command, on the notification table. */
    const { partitionKey, sortKey } = notificationTable;
    const floorPartition = (launch: string) => ({ S: `FLOOR#${runId}-${launch}` });
    const floorKey = (launch: string) => ({
      [partitionKey]: floorPartition(launch),
      [sortKey]: { S: "floor" },
    });
    const floorInputOf: Readonly<Record<FloorCommand, (launch: string) => unknown>> = {
      PutItemCommand: (launch) => ({
        TableName: table,
        Item: {
          ...notificationItems(notificationOf(`floor-${runId}-${launch}`), topology.retentionDays)
            .notification,
          ...floorKey(launch),
        },
        ConditionExpression: `attribute_not_exists(${partitionKey})`,
      }),
      PutEventsCommand: (launch) => {
        const notification = notificationOf(`floor-${runId}-${launch}`);
        return {
          Entries: [
            {
              EventBusName: busName,
              Source: feedSources.kqp.eventSource,
              DetailType: notification.kind,
              Detail: JSON.stringify(notification),
            },
          ],
        };
      },
      UpdateItemCommand: (launch) => ({
        TableName: table,
        Key: floorKey(launch),
        UpdateExpression: "ADD #count :one",
        ExpressionAttributeNames: { "#count": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" } },
      }),
      QueryCommand: (launch) => ({
        TableName: table,
        KeyConditionExpression: "#partition = :partition",
        ExpressionAttributeNames: { "#partition": partitionKey },
        ExpressionAttributeValues: { ":partition": floorPartition(launch) },
      }),
      GetItemCommand: (launch) => ({ TableName: table, Key: floorKey(launch) }),
    };

    const statsQueries = kindIds.flatMap((kind) =>
      kindPeriodQueries(
        table,
        kind,
        regionsOf(DEPLOYMENT),
        periodOfMonths(thisMonth, thisMonth, deployments[DEPLOYMENT].timeZone),
      ),
    );

    const specs: LaunchSpec[] = [];
    for (const fn of hubFunctionNames) {
      const env = envOf(fn);
      const floorFile = await floorBundle(fn);
      const { clients, command } = floors[fn];
      const floorInput = floorInputOf[command];
      const event = (round: number) => eventOf[fn](`${fn}-${round}-${ulid()}`);
      // The statistics read every kind's index queries at once: their floor sends the same batch.
      const floorBatch = fn === "stats" ? statsQueries : undefined;
      const floorEvent = (round: number) =>
        floorBatch === undefined
          ? { inputs: [floorInput(`${fn}-${round}-${ulid()}`)], concurrency: 1 }
          : { inputs: floorBatch, concurrency: QUERY_CONCURRENCY };
      specs.push(
        {
          id: fn,
          fn,
          kind: "real",
          expected: expectedOf[fn],
          label: `${fn} bundle as shipped`,
          bundle: join(bundles[fn].directory, "index.mjs"),
          env,
          event,
        },
        {
          id: `${fn}-floor`,
          fn,
          kind: "floor",
          expected: "ok",
          label: `floor: ${clients.map((client) => client.name).join(", ")} only`,
          bundle: floorFile,
          env: { ...env, BENCH_FLOOR_CALL: "false" },
          event: floorEvent,
        },
        {
          id: `${fn}-floor-call`,
          fn,
          kind: "floor-call",
          expected: "ok",
          label: `floor + ${floorBatch === undefined ? "one" : `${floorBatch.length} ×`} ${command.replace(/Command$/, "")}`,
          bundle: floorFile,
          env: { ...env, BENCH_FLOOR_CALL: "true" },
          event: floorEvent,
        },
      );
      if (!whatIfFunctions.includes(fn)) continue;
      for (const variant of whatIfs) {
        specs.push({
          id: `${fn}-${variant.id}`,
          fn,
          kind: "what-if",
          expected: expectedOf[fn],
          label: `what-if: ${variant.label}${variant.sdkIncluded ? "" : " (SDK from node_modules)"}`,
          bundle: await whatIfBundle(fn, variant),
          env,
          event,
        });
      }
    }

    const results = new Map<string, Launch[]>(specs.map((spec) => [spec.id, []]));
    for (let round = 0; round <= rounds; round++) {
      for (const spec of specs) {
        const eventFile = spec.event === undefined ? "-" : join(scratch, `${spec.id}-${round}.json`);
        if (spec.event !== undefined) writeFileSync(eventFile, JSON.stringify(spec.event(round)));
        const result = await launch(spec, runner, eventFile);
        if (round > 0) results.get(spec.id)?.push(result);
        if (spec.event !== undefined) rmSync(eventFile, { force: true });
      }
      if (round > 0) log(`  cold start round ${round}/${rounds}`);
    }

    const variants: ColdStartVariant[] = specs.map((spec) => {
      const launches = results.get(spec.id) ?? [];
      const cold = launches.map((l) => l.importMs + l.handleMs);
      const statuses: Record<string, number> = {};
      for (const l of launches) statuses[l.status] = (statuses[l.status] ?? 0) + 1;
      const floorOf = (kind: VariantKind) =>
        results.get(specs.find((s) => s.fn === spec.fn && s.kind === kind)?.id ?? "") ?? [];
      const floor = floorOf("floor");
      const floorCall = floorOf("floor-call");
      const isFloor = spec.kind === "floor";
      return {
        id: spec.id,
        fn: spec.fn,
        kind: spec.kind,
        label: spec.label,
        bundle: spec.bundle.replace(repositoryRoot, ""),
        launches: launches.length,
        wallMs: round(median(launches.map((l) => l.wallMs)), 1),
        bootMs: round(median(launches.map((l) => l.startMs)), 1),
        importMs: round(median(launches.map((l) => l.importMs)), 1),
        handleMs: round(median(launches.map((l) => l.handleMs)), 1),
        coldMs: round(median(cold), 1),
        coldP90Ms: round(quantile(cold, 0.9), 1),
        expected: spec.expected,
        statuses,
        ...(isFloor
          ? {}
          : {
              ratioToFloor: round(
                pairedMedianRatio(
                  cold,
                  floor.map((l) => l.importMs + l.handleMs),
                ),
                3,
              ),
              wallRatioToFloor: round(
                pairedMedianRatio(
                  launches.map((l) => l.wallMs),
                  floor.map((l) => l.wallMs),
                ),
                3,
              ),
              ratioToFloorCall:
                spec.kind === "floor-call" || floorCall.length === 0
                  ? undefined
                  : round(
                      pairedMedianRatio(
                        cold,
                        floorCall.map((l) => l.importMs + l.handleMs),
                      ),
                      3,
                    ),
            }),
      };
    });
    const data: ColdStartData = {
      launchesPerVariant: rounds,
      environment:
        "fresh `node` per launch (this machine's Node, not Lambda's Node 24 on arm64), env as the CDK function sets it plus the local endpoints; no tracing SDK in the bundles (X-Ray is Lambda's active tracing, outside the function's process); every function handles one valid event against the local stand-ins (DynamoDB Local, the local event bus, fauxqs for S3, a KMS stand-in): a feed request, a stream batch, a report, a persons query, an audit read, a checkpoint run, a trace, a receipt, a receipt check, a monthly list, a statistics read",
      variants,
    };
    return coldStartReport(data);
  } finally {
    dynamodb.destroy();
    sqs.destroy();
    s3.destroy();
    await bus.stop();
    await Promise.all([dynamodbLocal.stop(), storage.stop(), kms.stop()]);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
    try {
      rmdirSync(dirname(scratch)); // .cache/bench, when no other run uses it
    } catch {
      // not empty: another benchmark run is using it
    }
  }
}

function coldStartReport(data: ColdStartData): SectionReport<ColdStartData> {
  const ms = (value: number) => fixed(value, 1);
  const table = markdownTable(
    [
      "function",
      "variant",
      "n",
      "process wall",
      "Node boot",
      "import + init",
      "first event",
      "import + first event (p50)",
      "p90",
      "÷ floor",
      "wall ÷ floor",
      "÷ floor + call",
      "answers",
    ],
    data.variants.map((v) => [
      v.fn,
      v.label,
      v.launches,
      ms(v.wallMs),
      ms(v.bootMs),
      ms(v.importMs),
      ms(v.handleMs),
      ms(v.coldMs),
      ms(v.coldP90Ms),
      v.ratioToFloor === undefined ? "–" : times(v.ratioToFloor),
      v.wallRatioToFloor === undefined ? "–" : times(v.wallRatioToFloor),
      v.ratioToFloorCall === undefined ? "–" : times(v.ratioToFloorCall),
      Object.entries(v.statuses)
        .map(([status, count]) => `${status} ×${count}`)
        .join(", "),
    ]),
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  const markdown = [
    `Median ms over ${data.launchesPerVariant} launches per variant, interleaved round-robin after one discarded round. ${data.environment}. *Node boot* = process start until the runner's first line; *import + init* = \`await import(bundle)\` (module evaluation, config, clients); *first event* = the first \`handler(event)\` call including its I/O. Ratios are paired per round (median of real ÷ floor in the same round). The goal compares *import + first event* with the floor that creates the function's SDK clients and makes its first SDK call ("÷ floor + call"): what is left is the hub's own code; "÷ floor" compares with the clients alone.`,
    "",
    table,
  ].join("\n");
  const goals: Goal[] = data.variants
    .filter((v) => v.kind === "real")
    .map((v) => {
      const floorCall = data.variants.find((f) => f.fn === v.fn && f.kind === "floor-call");
      const ratio = v.ratioToFloorCall ?? Number.NaN;
      // A launch that answered otherwise (an expired signature, a changed contract) did other work.
      const wrong = data.variants
        .filter((f) => f.fn === v.fn && f.kind !== "what-if")
        .flatMap((f) => Object.keys(f.statuses).filter((status) => status !== f.expected));
      return {
        section: "cold-start",
        goal: `${v.fn} cold start (import + init + first event)`,
        target: `≤ ${GOAL_RATIO}× floor (its SDK clients + its first SDK call)`,
        measured: `${ms(v.coldMs)} ms vs ${ms(floorCall?.coldMs ?? Number.NaN)} ms → ${times(ratio)} (vs clients only ${times(v.ratioToFloor ?? Number.NaN)})${wrong.length === 0 ? "" : `; unexpected answers: ${wrong.join(", ")}`}`,
        met: ratio <= GOAL_RATIO && wrong.length === 0,
      };
    });
  return { id: "cold-start", title: "3. Cold start", data, markdown, goals };
}
