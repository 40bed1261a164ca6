import { buildApp } from "fauxqs";

export interface SqsEmulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * The SQS emulator (fauxqs), listening on 127.0.0.1 only. fauxqs's own `startFauxqs` listens on
 * every interface whatever it is asked, so its app is started here on the loopback address instead.
 */
export async function startSqsEmulator(options: { port?: number; region: string }): Promise<SqsEmulator> {
  const app = buildApp({ logger: false, defaultRegion: options.region });
  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("the SQS emulator reports no port");
  const { port } = address;
  return { endpoint: `http://127.0.0.1:${port}`, port, stop: () => app.close() };
}
