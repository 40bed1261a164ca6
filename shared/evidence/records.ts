/**
 * The shapes of the evidence artefacts as they are read back (a stored checkpoint, a leaf-list page,
 * an inclusion proof file), checked before any verification runs: `verifyPeriod` and
 * `verifyInclusionProof` trust the types they are given. Anything that does not parse is refused
 * whole, never half read.
 */
import * as z from "zod/mini";
import { deploymentIds, kindIds, unitIds } from "../domain/catalogue/index.ts";
import { receiptStatuses } from "../domain/receipts/receipt.ts";
import { CHECKPOINT_VERSION, type LeafListEntry, type SignedCheckpoint } from "./checkpoint.ts";
import type { InclusionProof } from "./inclusion.ts";

const sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/));
/** The UTC instants the hub writes: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
const instant = z.iso.datetime({ precision: 3 });
const count = z.int().check(z.minimum(0));

const checkpointSchema = z.strictObject({
  version: z.literal(CHECKPOINT_VERSION),
  deployment: z.enum(deploymentIds),
  sequence: count,
  from: instant,
  to: instant,
  leafCount: count,
  root: sha256Hex,
  leafList: sha256Hex,
  previous: z.nullable(sha256Hex),
  createdAt: instant,
});

const signedCheckpointSchema = z.strictObject({
  checkpoint: checkpointSchema,
  signature: z.string().check(z.minLength(1)),
});

const leafListEntrySchema = z.strictObject({ key: z.string(), hash: sha256Hex, at: instant });
const leafListSchema = z.array(leafListEntrySchema);

const leafSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("notification"),
    notification: z.catchall(z.object({ id: z.string(), receivedAt: z.string() }), z.json()),
  }),
  z.strictObject({
    type: z.literal("routing"),
    notificationId: z.string(),
    kind: z.enum(kindIds),
    units: z.array(z.enum(unitIds)),
    routedAt: z.string(),
  }),
  z.strictObject({
    type: z.literal("receipt"),
    notificationId: z.string(),
    unit: z.enum(unitIds),
    officer: z.string(),
    status: z.enum(receiptStatuses),
    acknowledgedAt: z.string(),
  }),
]);

const inclusionProofSchema = z.strictObject({
  leaf: leafSchema,
  leafIndex: count,
  auditPath: z.array(sha256Hex),
  checkpoint: signedCheckpointSchema,
});

/** The artefact is not what its schema says: named with the first problem found. */
export class MalformedEvidenceError extends Error {}

function parsed<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const result = z.safeParse(schema, value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MalformedEvidenceError(`${what}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? ""}`.trim());
}

export function parseSignedCheckpoint(value: unknown, what = "a stored checkpoint"): SignedCheckpoint {
  return parsed(signedCheckpointSchema, value, what);
}

export function parseLeafList(value: unknown, what = "a stored leaf list"): LeafListEntry[] {
  return parsed(leafListSchema, value, what);
}

export function parseInclusionProof(value: unknown, what = "an inclusion proof"): InclusionProof {
  return parsed(inclusionProofSchema, value, what);
}
