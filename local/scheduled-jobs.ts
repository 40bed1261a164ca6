/**
 * The local stand-in for the hub's schedules (EventBridge Scheduler → a function): every scheduled
 * handler of a deployment registers here as a named job with its local interval. A job runs on its
 * interval (compressed locally), when a test calls `run`, or when the CLI posts to
 * `<endpoint>/jobs/<name>` (the endpoint is in `.hub/local.json`). Runs of one job never overlap, as
 * a test or the CLI triggering a job while its timer fires must not make two runs race.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ScheduledJob {
  /** The job's name in routes and logs, e.g. `checkpoint`, `receipt-checker`, `monthly-list`. */
  readonly name: string;
  /** Interval between runs; `undefined` runs the job only when triggered. */
  readonly everyMs?: number;
  /** One run; what it returns is the trigger's JSON answer. */
  run(input: unknown): Promise<unknown>;
}

export interface LocalScheduler {
  /** Where the CLI triggers a job: `POST <endpoint>/jobs/<name>` with an optional JSON body. */
  readonly endpoint: string;
  run(name: string, input?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startLocalScheduler(jobs: readonly ScheduledJob[]): Promise<LocalScheduler> {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const running = new Map<string, Promise<unknown>>();

  /** Runs the job after any run of it in progress has ended. */
  function run(name: string, input?: unknown): Promise<unknown> {
    const job = byName.get(name);
    if (job === undefined) return Promise.reject(new Error(`no scheduled job named ${name}`));
    const previous = running.get(name) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => job.run(input));
    running.set(name, next);
    return next;
  }

  const timers = jobs.flatMap((job) =>
    job.everyMs === undefined
      ? []
      : [
          setInterval(() => {
            // A failing scheduled run is retried by the next tick, as a schedule's next invocation would.
            run(job.name).catch(() => {});
          }, job.everyMs),
        ],
  );

  const server: Server = createServer((request, response) => {
    const name = /^\/jobs\/([\w-]+)$/.exec(request.url ?? "")?.[1];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "POST" || name === undefined || !byName.has(name)) {
      reply(404, { error: { code: "job.unknown", message: `Jobs: ${[...byName.keys()].join(", ")}.` } });
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let input: unknown;
      try {
        input = text === "" ? undefined : JSON.parse(text);
      } catch {
        reply(400, { error: { code: "json.invalid", message: "The body is not JSON." } });
        return;
      }
      run(name, input).then(
        (result) => reply(200, { result: result ?? null }),
        (error: unknown) =>
          reply(500, { error: { code: "job.failed", message: (error as Error).message ?? String(error) } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    run,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled(running.values());
    },
  };
}
