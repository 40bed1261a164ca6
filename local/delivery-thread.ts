/**
 * The hub's delivery side (stream poller → publish function → local bus → SQS) in a worker thread of
 * its own, so that it stops queueing behind ingest on one event loop: the same poller, handler and bus
 * as before, with their settings handed over as data. The thread loads its TypeScript through tsx's
 * `tsImport` (a worker thread has no loader of its own, under tsx or vitest); it starts loading as
 * soon as it is spawned, while DynamoDB Local and synthesis are still starting.
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { BusOutage, LocalEventBusOptions } from "./event-bus.ts";

/** What the thread needs to run the delivery side: plain data, copied to it. */
export interface DeliveryConfig {
  readonly region: string;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tableName: string;
  /** The stream mapping's on-failure queue, where the publish function also parks poison records. */
  readonly failureQueueUrl: string;
  readonly bus: Omit<LocalEventBusOptions, "sqs" | "onPendingDeliveries">;
}

export type DeliveryRequest =
  | { readonly type: "start"; readonly config: DeliveryConfig }
  | { readonly type: "outage"; readonly id: number; readonly errorCode: string }
  | { readonly type: "end-outage"; readonly id: number }
  | { readonly type: "stop" };

export type DeliveryReport =
  | { readonly type: "started"; readonly busEndpoint: string }
  | { readonly type: "failed"; readonly error: string }
  | { readonly type: "refused"; readonly id: number; readonly detail: string };

export interface RunningDelivery {
  /** The local bus's endpoint (the CLI's replays go there). */
  readonly busEndpoint: string;
  /** Bus deliveries still being attempted, read synchronously from memory the thread shares. */
  pendingDeliveries(): number;
  startOutage(errorCode: string): BusOutage;
}

export interface DeliveryThread {
  /** Starts the bus, then the poller; resolves once both run. Call once. */
  start(config: DeliveryConfig): Promise<RunningDelivery>;
  /** Stops the poller, then the bus (after its deliveries settle), and ends the thread. */
  stop(): Promise<void>;
}

/** Plain JavaScript, evaluated as the worker's script: loads the TypeScript entry through tsx. */
const LOADER = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.tsxApi)
  .then(({ tsImport }) => tsImport(workerData.entry, workerData.parent))
  .catch((error) => {
    parentPort.postMessage({ type: "failed", error: String((error && error.stack) || error) });
    process.exit(1);
  });
`;

export function spawnDeliveryThread(): DeliveryThread {
  const pending = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(LOADER, {
    eval: true,
    workerData: {
      tsxApi: import.meta.resolve("tsx/esm/api"),
      entry: new URL("./delivery-worker.ts", import.meta.url).href,
      parent: import.meta.url,
      pending,
    },
  });
  const exited = once(worker, "exit");
  const refusals = new Map<number, Map<string, number>>();
  let outages = 0;
  worker.on("message", (report: DeliveryReport) => {
    if (report.type !== "refused") return;
    const counts = refusals.get(report.id);
    counts?.set(report.detail, (counts.get(report.detail) ?? 0) + 1);
  });
  // An error the thread did not catch: it ends, and `start` or `stop` says so.
  worker.on("error", (error) => console.error("the hub's delivery thread failed:", error));

  const send = (request: DeliveryRequest) => worker.postMessage(request);
  let stopped: Promise<void> | undefined;

  return {
    async start(config) {
      const answer = new Promise<DeliveryReport>((resolve) => {
        const listen = (report: DeliveryReport) => {
          if (report.type === "refused") return;
          worker.off("message", listen);
          resolve(report);
        };
        worker.on("message", listen);
      });
      send({ type: "start", config });
      const report = await Promise.race([
        answer,
        exited.then(([code]): DeliveryReport => ({ type: "failed", error: `exited (${String(code)})` })),
      ]);
      if (report.type !== "started")
        throw new Error(
          `the hub's delivery thread did not start: ${report.type === "failed" ? report.error : report.type}`,
        );
      return {
        busEndpoint: report.busEndpoint,
        pendingDeliveries: () => Atomics.load(pending, 0),
        startOutage(errorCode) {
          const id = ++outages;
          const counts = new Map<string, number>();
          refusals.set(id, counts);
          send({ type: "outage", id, errorCode });
          return { refusals: counts, end: () => send({ type: "end-outage", id }) };
        },
      };
    },
    stop() {
      stopped ??= (async () => {
        send({ type: "stop" });
        await exited;
      })();
      return stopped;
    },
  };
}
