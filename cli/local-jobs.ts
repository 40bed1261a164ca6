import * as z from "zod";
import type { LocalHubConnection } from "../local/connection-file.ts";
import { UsageError } from "./command.ts";

const answerSchema = z.union([
  z.object({ result: z.unknown() }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);

/**
 * Runs a scheduled job of the local hub now (`POST <jobsEndpoint>/jobs/<name>`, as its schedule would
 * invoke the function) and resolves to what the run returned; a failed run is a `UsageError` with its
 * message (the hub refused the input, e.g. a month not over yet).
 */
export async function runLocalJob(local: LocalHubConnection, name: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${local.jobsEndpoint}/jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const answer = answerSchema.safeParse(await response.json());
  if (!answer.success)
    throw new Error(`the local hub's ${name} job answered ${response.status} with no result`);
  if ("error" in answer.data) throw new UsageError(`the ${name} job failed: ${answer.data.error.message}`);
  return answer.data.result;
}
