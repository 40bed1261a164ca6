/**
 * `.hub/local.json`: how to reach the local hub that `npm start` runs (its URLs, the unit queues,
 * this run's signing keys of the feeds and credentials of the unit roles). The hub writes it, the CLI
 * reads it; one schema for both.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import * as z from "zod";
import { deploymentIds, feedSourceIds, kindIds, unitIds } from "../shared/domain/catalogue/index.ts";

export const LOCAL_HUB_FILE = ".hub/local.json";

const localHubConnectionSchema = z.object({
  apiUrl: z.url(),
  deployment: z.enum(deploymentIds),
  region: z.string(),
  sqsEndpoint: z.url(),
  dynamodbEndpoint: z.url(),
  /** The notification table on DynamoDB Local and the local event bus: `hub republish` reads one, puts on the other. */
  tableName: z.string(),
  busEndpoint: z.url(),
  busName: z.string(),
  /** The local scheduler: `POST <jobsEndpoint>/jobs/<name>` runs a scheduled job now. */
  jobsEndpoint: z.url(),
  /** The evidence log: its checkpoint table, the public key file `hub verify` checks with, the routing of its leaves. */
  evidence: z.object({
    tableName: z.string(),
    publicKeyFile: z.string(),
    extraSubscriptions: z.partialRecord(z.enum(kindIds), z.array(z.enum(unitIds)).readonly()),
  }),
  /** The monthly lists' bucket in the S3 stand-in (path-style at `endpoint`): `hub lists` fetches from it. */
  lists: z.object({ endpoint: z.url(), bucket: z.string() }),
  queues: z.partialRecord(z.enum(unitIds), z.object({ url: z.url(), dlqUrl: z.url() })),
  secrets: z.partialRecord(z.enum(feedSourceIds), z.string()),
  /**
   * Per unit role, and for the auditor role (`auditor`), its credentials for this run: requests to the
   * IAM-authorised routes (`/v1/reports`, the queries; `/v1/audit`) are signed with them (SigV4).
   */
  credentials: z.partialRecord(
    z.enum([...unitIds, "auditor"]),
    z.object({ accessKeyId: z.string(), secretAccessKey: z.string() }),
  ),
});
export type LocalHubConnection = z.infer<typeof localHubConnectionSchema>;

/** The file exists but does not describe a local hub (hand-edited, or from another version). */
export class InvalidConnectionFileError extends Error {}

/** The connection in `path`, or `undefined` when no local hub has written one there. */
export function readConnectionFile(path = LOCAL_HUB_FILE): LocalHubConnection | undefined {
  const file = resolve(path);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidConnectionFileError(`${path} is not a local hub file: ${(error as Error).message}`);
  }
  const parsed = localHubConnectionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : `${issue.path.join(".")}: `;
    throw new InvalidConnectionFileError(`${path} is not a local hub file: ${where}${issue?.message ?? ""}`);
  }
  return parsed.data;
}

/**
 * Writes the connection atomically (a temporary file renamed over the old one, so a reader never
 * sees half a file), readable by its owner only: it holds signing keys and credentials.
 */
export function writeConnectionFile(connection: LocalHubConnection, path = LOCAL_HUB_FILE): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(localHubConnectionSchema.parse(connection), null, 2)}\n`, {
    mode: 0o600,
  });
  // `mode` applies only when the file is created: a temporary file left by a crashed run keeps its own.
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
