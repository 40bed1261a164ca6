import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

/** A TCP port that was free a moment ago on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not read a free port");
  return address.port;
}

/**
 * Polls `probe` until it returns a value other than `false`/`undefined`, or fails after `timeoutMs`
 * with the last error seen. The interval grows from 20 ms to 250 ms: fast when things are quick,
 * light when they are not.
 */
export async function waitUntil<T>(
  probe: () => Promise<T | false | undefined> | T | false | undefined,
  options: { timeoutMs: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = 20;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== false && result !== undefined) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}${cause}`);
    }
    await delay(interval);
    interval = Math.min(interval * 2, 250);
  }
}
