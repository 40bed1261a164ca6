/**
 * Section 3, cold start: a fresh Node process imports a function bundle — the real one CDK ships
 * (`.cache/bundles/<fn>/index.mjs`) — and handles one event, against a floor bundle built the same
 * way that only creates the same AWS SDK clients. Every function of `hubFunctionNames` is launched:
 * ingest and publish handle one event (DynamoDB Local, where ingest stores for real, and the local
 * event bus, where publish puts for real, run once for the whole section); the others are imported
 * only (module evaluation, configuration, clients), against a floor that is imported only too.
 * Launches are interleaved round-robin across variants; the first round is a discarded warm-up.
 */
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { build } from "esbuild";
import { ulid } from "ulid";
import type { FunctionBundles } from "../infra/bundling.ts";
import { feedRequestEvent } from "../local/api-gateway-event.ts";
import { startDynamoDbLocal } from "../local/dynamodb-local.ts";
import { startLocalEventBus } from "../local/event-bus.ts";
import { localCredentials } from "../local/local-aws.ts";
import { createTableFromTemplate } from "../local/notification-table.ts";
import { loadTopology } from "../local/template-topology.ts";
import { ensureDynamoDbLocal } from "../scripts/fetch-dynamodb-local.ts";
import { notificationItems } from "../shared/adapters/dynamodb/notification-items.ts";
import { feedSourceIds, feedSources, hubEventSources } from "../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../shared/domain/notification.ts";
import { mapFeedRequest } from "../shared/sources/index.ts";
import { envNames } from "../shared/wiring/env.ts";
import { type HubFunctionName, hubFunctionNames } from "../shared/wiring/functions.ts";
import { METRICS_NAMESPACE } from "../shared/wiring/metrics.ts";
import { type BundleVariant, bundleVariants, shippedBuildOptions } from "./bundles.ts";
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

/** The functions launched with one event, each against its floor file `cold-start/floor-<fn>.ts`. */
type InvokedFunction = "ingest" | "publish";
/** The others: imported only. */
type ImportedFunction = Exclude<HubFunctionName, InvokedFunction>;

function isImportedOnly(fn: HubFunctionName): fn is ImportedFunction {
  return fn !== "ingest" && fn !== "publish";
}

interface SdkClient {
  readonly module: string;
  readonly name: string;
}
const dynamodbClient: SdkClient = { module: "@aws-sdk/client-dynamodb", name: "DynamoDBClient" };

/** The AWS SDK clients each import-only function creates (its handler.ts): its floor creates only them. */
const sdkClientsOf: Readonly<Record<ImportedFunction, readonly SdkClient[]>> = {
  reports: [dynamodbClient],
  queries: [dynamodbClient],
  audit: [dynamodbClient],
  checkpoint: [dynamodbClient, { module: "@aws-sdk/client-kms", name: "KMSClient" }],
  trace: [dynamodbClient],
  receipts: [dynamodbClient],
  "receipt-checker": [dynamodbClient],
  "monthly-list": [dynamodbClient, { module: "@aws-sdk/client-s3", name: "S3Client" }],
  stats: [dynamodbClient],
};

/** The floor of an import-only function: a module that creates its SDK clients and exports a handler. */
function importOnlyFloorSource(clients: readonly SdkClient[]): string {
  return [
    ...clients.map((client) => `import { ${client.name} } from "${client.module}";`),
    `export const clients = [${clients.map((client) => `new ${client.name}({})`).join(", ")}];`,
    "export async function handler() { return {}; }",
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
}

interface Launch {
  readonly wallMs: number;
  readonly startMs: number;
  readonly importMs: number;
  readonly handleMs: number;
  readonly status: string;
}

export interface ColdStartVariant extends Pick<LaunchSpec, "id" | "fn" | "kind" | "label" | "bundle"> {
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
  const dynamodbLocal = await startDynamoDbLocal();
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
  const busName = `order195-hub-${DEPLOYMENT}`;
  const bus = await startLocalEventBus({
    busName,
    region: REGION,
    account: "000000000000",
    rules: [],
    admittedSources: hubEventSources,
    sqs,
  });
  try {
    const table = `bench-cold-${runId}`;
    await createTableFromTemplate(dynamodb, (await loadTopology(DEPLOYMENT)).table, table);

    // Floor bundles: the same esbuild options as the shipped ones; the what-if bundles from section 2's options.
    const floorBundle = async (fn: InvokedFunction) => {
      const outfile = join(scratch, `floor-${fn}`, "index.mjs");
      const entry = fileURLToPath(new URL(`./cold-start/floor-${fn}.ts`, import.meta.url));
      await build({
        ...shippedBuildOptions(fn),
        entryPoints: [entry],
        outfile,
        write: true,
        metafile: false,
      });
      return outfile;
    };
    const importOnlyFloorBundle = async (fn: ImportedFunction) => {
      const outfile = join(scratch, `floor-${fn}`, "index.mjs");
      const { entryPoints: _entry, ...options } = shippedBuildOptions(fn);
      await build({
        ...options,
        stdin: {
          contents: importOnlyFloorSource(sdkClientsOf[fn]),
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
      ...benchEnvironment,
    };
    const functionEnv = (fn: HubFunctionName, env: Record<string, string>) => ({
      ...common,
      AWS_LAMBDA_FUNCTION_NAME: `order195-hub-${fn}`,
      POWERTOOLS_SERVICE_NAME: fn,
      ...env,
    });
    const ingestEnv = functionEnv("ingest", {
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbLocal.endpoint,
      [envNames.deployment]: DEPLOYMENT,
      [envNames.tableName]: table,
      [envNames.retentionDays]: "30",
      [envNames.webhookSecrets]: JSON.stringify(Object.fromEntries(feedSourceIds.map((s) => [s, [key]]))),
    });
    const publishEnv = functionEnv("publish", {
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbLocal.endpoint,
      [envNames.eventBusName]: busName,
      [envNames.tableName]: table,
      // Its events are all publishable: the parking queue is never called.
      [envNames.failureQueueUrl]: "http://127.0.0.1:9/000000000000/stream-failures",
    });

    // One environment for every import-only function: each reads its own variables (the rest are ignored).
    const importOnlyEnv: Record<string, string> = {
      AWS_ENDPOINT_URL_DYNAMODB: dynamodbLocal.endpoint,
      [envNames.deployment]: DEPLOYMENT,
      [envNames.tableName]: table,
      [envNames.retentionDays]: "30",
      [envNames.reportsPerUnitPerMinute]: "600",
      [envNames.auditTableName]: `${table}-audit`,
      [envNames.auditRetentionDays]: "1825",
      [envNames.evidenceTableName]: `${table}-evidence`,
      [envNames.evidenceKeyId]: "alias/bench-evidence",
      [envNames.checkpointIntervalSeconds]: "300",
      [envNames.checkpointSettleSeconds]: "60",
      [envNames.listsBucket]: "bench-lists",
      [envNames.receiptDeadlines]: JSON.stringify({
        urgent: { first: 3_600, second: 7_200 },
        routine: { first: 86_400, second: 172_800 },
      }),
    };

    const notificationOf = (launchId: string): CanonicalNotification => {
      const { body } = feedBody("kqp", 1, `cold-${runId}-${launchId}`);
      const mapped = mapFeedRequest("kqp", JSON.parse(body), {
        deployment: DEPLOYMENT,
        receivedAt: new Date(),
        newId: () => ulid(),
      });
      const first = mapped.ok ? mapped.records[0] : undefined;
      if (first === undefined) throw new Error("the cold-start fixture does not map");
      return first.notification;
    };
    const ingestEvent = (id: string) => () => {
      const { source, body } = feedBody("kqp", 1, `cold-${runId}-${id}-${ulid()}`);
      return feedRequestEvent(source, body, signedHeaders(key, body, `msg_${ulid()}`));
    };
    const streamEvent = () => {
      const notification = notificationOf(ulid());
      const item: Record<string, AttributeValue> = notificationItems(notification, 30).notification;
      return {
        Records: [
          {
            eventID: ulid(),
            eventName: "INSERT",
            eventVersion: "1.1",
            eventSource: "aws:dynamodb",
            awsRegion: REGION,
            eventSourceARN: `arn:aws:dynamodb:${REGION}:000000000000:table/${table}/stream/2026-01-01T00:00:00.000`,
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
    };
    const ingestFloorEvent = () => ({
      table,
      item: { ...notificationItems(notificationOf(ulid()), 30).notification, pk: { S: `FLOOR#${ulid()}` } },
    });
    const publishFloorEvent = () => {
      const notification = notificationOf(ulid());
      return {
        entry: {
          EventBusName: busName,
          Source: feedSources.kqp.eventSource,
          DetailType: notification.kind,
          Detail: JSON.stringify(notification),
        },
      };
    };

    /** A function's variants: as shipped, the two floors, the what-ifs (launched in this order). */
    const variantsOf = async (
      fn: InvokedFunction,
      env: Record<string, string>,
      events: { readonly real: LaunchSpec["event"]; readonly whatIf: LaunchSpec["event"] },
      floor: { readonly event: LaunchSpec["event"]; readonly client: string; readonly call: string },
    ): Promise<LaunchSpec[]> => {
      const floorFile = await floorBundle(fn);
      const specs: LaunchSpec[] = [
        {
          id: fn,
          fn,
          kind: "real",
          label: `${fn} bundle as shipped`,
          bundle: join(bundles[fn].directory, "index.mjs"),
          env,
          event: events.real,
        },
        {
          id: `${fn}-floor`,
          fn,
          kind: "floor",
          label: `floor: ${floor.client} only`,
          bundle: floorFile,
          env: { ...env, BENCH_FLOOR_CALL: "false" },
          event: floor.event,
        },
        {
          id: `${fn}-floor-call`,
          fn,
          kind: "floor-call",
          label: `floor + one ${floor.call}`,
          bundle: floorFile,
          env: { ...env, BENCH_FLOOR_CALL: "true" },
          event: floor.event,
        },
      ];
      for (const variant of whatIfs) {
        specs.push({
          id: `${fn}-${variant.id}`,
          fn,
          kind: "what-if",
          label: `what-if: ${variant.label}${variant.sdkIncluded ? "" : " (SDK from node_modules)"}`,
          bundle: await whatIfBundle(fn, variant),
          env,
          event: events.whatIf,
        });
      }
      return specs;
    };
    const specs: LaunchSpec[] = [
      ...(await variantsOf(
        "ingest",
        ingestEnv,
        { real: ingestEvent("real"), whatIf: ingestEvent("what-if") },
        { event: ingestFloorEvent, client: "DynamoDBClient", call: "PutItem" },
      )),
      ...(await variantsOf(
        "publish",
        publishEnv,
        { real: streamEvent, whatIf: streamEvent },
        {
          event: publishFloorEvent,
          client: "EventBridgeClient, SQSClient, DynamoDBClient",
          call: "PutEvents",
        },
      )),
    ];
    for (const fn of hubFunctionNames.filter(isImportedOnly)) {
      const env = functionEnv(fn, importOnlyEnv);
      specs.push(
        {
          id: fn,
          fn,
          kind: "real",
          label: `${fn} bundle as shipped (import only)`,
          bundle: join(bundles[fn].directory, "index.mjs"),
          env,
        },
        {
          id: `${fn}-floor`,
          fn,
          kind: "floor",
          label: `floor: ${sdkClientsOf[fn].map((client) => client.name).join(", ")} only (import only)`,
          bundle: await importOnlyFloorBundle(fn),
          env,
        },
      );
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
        "fresh `node` per launch (this machine's Node, not Lambda's Node 24 on arm64), env as the CDK function sets it plus the local endpoints; no tracing SDK in the bundles (X-Ray is Lambda's active tracing, outside the function's process); ingest stores into DynamoDB Local, publish puts to the local event bus; the other functions are imported only (no event), as are their floors",
      variants,
    };
    return coldStartReport(data);
  } finally {
    dynamodb.destroy();
    sqs.destroy();
    await bus.stop();
    await dynamodbLocal.stop();
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
    `Median ms over ${data.launchesPerVariant} launches per variant, interleaved round-robin after one discarded round. ${data.environment}. *Node boot* = process start until the runner's first line; *import + init* = \`await import(bundle)\` (module evaluation, config, clients); *first event* = the first \`handler(event)\` call including its I/O. Ratios are paired per round (median of real ÷ floor in the same round). The goal compares *import + first event* with the floor that only creates the function's SDK clients (for import-only functions: *import + init* with the floor's import); "÷ floor + call" compares with a floor that also makes the same first SDK call (PutItem / PutEvents), i.e. the part of the cold start that is the hub's own code.`,
    "",
    table,
  ].join("\n");
  const goals: Goal[] = data.variants
    .filter((v) => v.kind === "real")
    .map((v) => {
      const floor = data.variants.find((f) => f.fn === v.fn && f.kind === "floor");
      const ratio = v.ratioToFloor ?? Number.NaN;
      const withCall =
        v.ratioToFloorCall === undefined ? "" : `; vs floor + first SDK call ${times(v.ratioToFloorCall)}`;
      return {
        section: "cold-start",
        goal: `${v.fn} cold start (import + init${v.handleMs > 0 ? " + first event" : ", no event"})`,
        target: `≤ ${GOAL_RATIO}× floor (bundle with only its SDK clients)`,
        measured: `${ms(v.coldMs)} ms vs ${ms(floor?.coldMs ?? Number.NaN)} ms → ${times(ratio)} (process wall ${times(v.wallRatioToFloor ?? Number.NaN)}${withCall})`,
        met: ratio <= GOAL_RATIO,
      };
    });
  return { id: "cold-start", title: "3. Cold start", data, markdown, goals };
}
