import { once } from "node:events";
import { Worker } from "node:worker_threads";

export interface SqsEmulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The emulator's thread: fauxqs's app on 127.0.0.1 (its own `startFauxqs` listens on every interface
 * whatever it is asked). Plain JavaScript, evaluated as the worker's script: a worker thread runs no
 * TypeScript loader. It posts its port, or why it could not start, and stops when told to.
 */
const EMULATOR_THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.fauxqsUrl)
  .then(async ({ buildApp }) => {
    const app = buildApp({ logger: false, defaultRegion: workerData.region });
    await app.listen({ port: workerData.port, host: "127.0.0.1" });
    parentPort.once("message", () => app.close().finally(() => process.exit(0)));
    parentPort.postMessage({ port: app.server.address().port });
  })
  .catch((error) => parentPort.postMessage({ error: String((error && error.stack) || error) }));
`;

type EmulatorThreadMessage = { readonly port: number } | { readonly error: string };

/**
 * The SQS and S3 emulator (fauxqs), listening on 127.0.0.1 only, in a worker thread of its own: like
 * DynamoDB Local in its JVM, the stand-in for an AWS service runs beside the hub's code, not on its
 * event loop, so its parsing, checksums and long polls take the other core instead of the hub's.
 */
export async function startSqsEmulator(options: { port?: number; region: string }): Promise<SqsEmulator> {
  const worker = new Worker(EMULATOR_THREAD, {
    eval: true,
    workerData: {
      fauxqsUrl: import.meta.resolve("fauxqs"),
      region: options.region,
      port: options.port ?? 0,
    },
  });
  const exited = once(worker, "exit");
  const started = (await Promise.race([
    once(worker, "message"),
    exited.then(([code]) => [{ error: `the SQS emulator's thread exited (${String(code)})` }]),
  ])) as [EmulatorThreadMessage];
  const [message] = started;
  if ("error" in message) {
    await worker.terminate();
    throw new Error(`the SQS emulator did not start: ${message.error}`);
  }
  const { port } = message;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      worker.postMessage("stop");
      await exited;
    },
  };
}
