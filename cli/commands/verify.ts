import { readFileSync, writeFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { decodeTime, isValid as isUlid } from "ulid";
import { readConfigOverrides, resolveDeploymentConfigs } from "../../infra/config/load.ts";
import { localCredentials } from "../../local/local-aws.ts";
import {
  DynamoReceiptLeafReader,
  DynamoStoreLeafReader,
  type StoreLeafReader,
} from "../../shared/adapters/dynamodb/evidence-leaves.ts";
import { DynamoCheckpointStore } from "../../shared/adapters/dynamodb/evidence-store.ts";
import { ReceivedNotificationReader } from "../../shared/adapters/dynamodb/received-notifications.ts";
import { type ExtraSubscriptions, isDeploymentId } from "../../shared/domain/catalogue/index.ts";
import type { CheckpointRecord } from "../../shared/evidence/checkpoint.ts";
import {
  type InclusionProof,
  proveInclusion,
  verifyInclusionProof,
} from "../../shared/evidence/inclusion.ts";
import { leafKey, parseLeafKey } from "../../shared/evidence/leaves.ts";
import { MalformedEvidenceError, parseInclusionProof } from "../../shared/evidence/records.ts";
import { isP256PublicKey } from "../../shared/evidence/signing.ts";
import { type PeriodReport, verifyPeriod } from "../../shared/evidence/verify-period.ts";
import { envNames } from "../../shared/wiring/env.ts";
import { defineCommand, UsageError } from "../command.ts";
import { requireLocalHub } from "../hub-config.ts";
import { requirePeriod } from "../period.ts";
import { renderTable } from "../table.ts";

const DAY_MS = 86_400_000;

/** What `hub verify --from --to` found: the report of `verifyPeriod`, and stored items it could not read. */
export interface StoredPeriodReport extends PeriodReport {
  /** Checkpoint or leaf-list items that are not what they should be (named by key and problem). */
  readonly malformed: readonly string[];
  /** Stored records no leaf can name (see `StoreLeaves.unreadable`). */
  readonly unreadable: number;
}

export interface StoredPeriodInput {
  readonly checkpoints: Pick<DynamoCheckpointStore, "overlapping">;
  readonly leaves: StoreLeafReader;
  readonly publicKeyPem: string;
  readonly from: Date;
  readonly to: Date;
  /** Leaves older than this may be gone by retention (TTL). */
  readonly expiredBefore?: Date;
}

/**
 * Recomputes every leaf of the checkpoints that overlap [from, to) from the store, and checks them,
 * the checkpoints' signatures and leaf lists, and the chain, with the public key alone.
 */
export async function verifyStoredPeriod(input: StoredPeriodInput): Promise<StoredPeriodReport> {
  const stored = await input.checkpoints.overlapping(input.from, input.to);
  const first = stored.records[0]?.signed.checkpoint;
  const last = stored.records.at(-1)?.signed.checkpoint;
  const read =
    first === undefined || last === undefined
      ? { leaves: [], unreadable: 0 }
      : await input.leaves.read({ from: new Date(first.from), to: new Date(last.to) });
  const report = verifyPeriod({
    checkpoints: stored.records,
    before: stored.before,
    leaves: read.leaves,
    publicKeyPem: input.publicKeyPem,
    expiredBefore: input.expiredBefore?.toISOString(),
  });
  const complete = stored.malformed.length === 0 && read.unreadable === 0 && stored.records.length > 0;
  return {
    ...report,
    verified: report.verified && complete,
    malformed: stored.malformed,
    unreadable: read.unreadable,
  };
}

/** One leaf of a notification as the log committed to it: proven, or why it cannot be. */
export type NotificationLeafOutcome =
  | { readonly key: string; readonly proof: InclusionProof }
  | { readonly key: string; readonly change: "altered" | "deleted"; readonly sequence: number };

export interface NotificationProofInput {
  readonly checkpoints: Pick<DynamoCheckpointStore, "overlapping">;
  /** The leaves the store holds (the notification, its routing, its acknowledgements). */
  readonly leaves: StoreLeafReader;
  /** When the notification was acknowledged: the checkpoints holding its receipt leaves lie there. */
  readonly acknowledgements: Pick<DynamoReceiptLeafReader, "acknowledgedTimesOf">;
  readonly notificationId: string;
}

/**
 * A ULID's time is when the ingest function made it, just after it stamped the notification's
 * `receivedAt`: the checkpoints that can hold its leaves lie in this window before it.
 */
const ID_AFTER_RECEIPT_MS = 60_000;

/**
 * The inclusion proof of every leaf the log committed to for one notification (its receipt, its
 * routing and its acknowledgements), rebuilt from the store; a leaf the store no longer holds as
 * committed is named instead.
 */
export async function proveStoredNotification(
  input: NotificationProofInput,
): Promise<NotificationLeafOutcome[]> {
  const { notificationId } = input;
  const minted = decodeTime(notificationId);
  const windows = [
    { from: minted - ID_AFTER_RECEIPT_MS, to: minted + 1 },
    ...(await input.acknowledgements.acknowledgedTimesOf(notificationId)).map((at) => ({
      from: at.getTime(),
      to: at.getTime() + 1,
    })),
  ];
  const bySequence = new Map<number, CheckpointRecord>();
  for (const { from, to } of windows) {
    const stored = await input.checkpoints.overlapping(new Date(from), new Date(to));
    for (const record of stored.records) bySequence.set(record.signed.checkpoint.sequence, record);
  }
  const outcomes: NotificationLeafOutcome[] = [];
  for (const [sequence, record] of [...bySequence].sort(([one], [other]) => one - other)) {
    for (const entry of record.leafList) {
      if (parseLeafKey(entry.key)?.notificationId !== notificationId) continue;
      const at = new Date(entry.at);
      const { leaves } = await input.leaves.read({ from: at, to: new Date(at.getTime() + 1) });
      const leaf = leaves.find((candidate) => leafKey(candidate) === entry.key);
      if (leaf === undefined) {
        outcomes.push({ key: entry.key, change: "deleted", sequence });
        continue;
      }
      try {
        outcomes.push({ key: entry.key, proof: proveInclusion(leaf, record.signed, record.leafList) });
      } catch {
        outcomes.push({ key: entry.key, change: "altered", sequence });
      }
    }
  }
  return outcomes;
}

// ------------------------------------------------------------------------------------------------
// The command
// ------------------------------------------------------------------------------------------------

interface VerifyTarget {
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly evidenceTableName: string;
  readonly publicKeyFile?: string;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly retentionDays?: number;
  readonly where: string;
}

interface TargetFlags {
  readonly table?: string;
  readonly "evidence-table"?: string;
  readonly deployment?: string;
  readonly config?: string;
}

/** Against AWS: the tables by flag or environment, the deployment's configuration (routing, retention). Else the local hub. */
function verifyTarget(flags: TargetFlags): VerifyTarget {
  const tableName = flags.table ?? process.env[envNames.tableName];
  const evidenceTableName = flags["evidence-table"] ?? process.env[envNames.evidenceTableName];
  if (tableName !== undefined || evidenceTableName !== undefined) {
    if (tableName === undefined || evidenceTableName === undefined)
      throw new UsageError(
        `against AWS, name both tables (--table or ${envNames.tableName}, --evidence-table or ${envNames.evidenceTableName})`,
      );
    if (!isDeploymentId(flags.deployment))
      throw new UsageError("against AWS, say which deployment (--deployment): its routing makes the leaves");
    const config = resolveDeploymentConfigs([flags.deployment], readConfigOverrides(flags.config)).get(
      flags.deployment,
    );
    if (config === undefined) throw new UsageError(`no configuration for ${flags.deployment}`);
    return {
      dynamodb: new DynamoDBClient({}),
      tableName,
      evidenceTableName,
      extraSubscriptions: config.extraSubscriptions,
      retentionDays: config.retentionDays,
      where: `${flags.deployment} (AWS)`,
    };
  }
  const local = requireLocalHub();
  return {
    dynamodb: new DynamoDBClient({
      endpoint: local.dynamodbEndpoint,
      region: local.region,
      credentials: localCredentials,
    }),
    tableName: local.tableName,
    evidenceTableName: local.evidence.tableName,
    publicKeyFile: local.evidence.publicKeyFile,
    extraSubscriptions: local.evidence.extraSubscriptions,
    where: `${local.deployment} (local)`,
  };
}

function readPublicKey(file: string | undefined): string {
  if (file === undefined)
    throw new UsageError(
      "say which public key to verify with (--public-key <pem file>, the hub publishes it)",
    );
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the public key ${file}: ${(error as Error).message}`);
  }
  if (!isP256PublicKey(pem)) throw new UsageError(`${file} is not a P-256 public key (PEM)`);
  return pem;
}

const short = (hash: string | undefined) => (hash === undefined ? "" : `${hash.slice(0, 12)}…`);

function describePeriod(report: StoredPeriodReport, where: string, asked: { from: Date; to: Date }): string {
  const lines = [
    `evidence log of ${where}`,
    report.from === null
      ? "  no checkpoint covers this period (not closed yet, or before the log began)"
      : `  period        ${report.from} – ${report.to}`,
    `  checkpoints   ${report.checkpointCount}`,
    ...(report.to !== null && Date.parse(report.to) < asked.to.getTime()
      ? [`  not closed    ${report.to} – ${asked.to.toISOString()} (no checkpoint yet: not verified)`]
      : []),
    `  leaves        ${report.leafCount} in the store${report.expired > 0 ? `, ${report.expired} expired by retention` : ""}`,
  ];
  if (report.unverifiable > 0)
    lines.push(`  unverifiable  ${report.unverifiable} (under a refused checkpoint)`);
  if (report.unreadable > 0)
    lines.push(`  unreadable    ${report.unreadable} stored notifications or receipts`);
  lines.push(`  result        ${report.verified ? "VERIFIED" : "NOT VERIFIED"}`, "");
  const problems = [
    ...report.checkpointFindings.map((f) => ["checkpoint", `#${f.sequence}`, f.problem, "", ""]),
    ...report.malformed.map((problem) => ["malformed", "", problem, "", ""]),
    ...report.leafFindings.map((f) => [
      f.change,
      `#${f.sequence}`,
      `${f.notificationId} ${f.type}`,
      short(f.committed),
      short(f.stored),
    ]),
  ];
  if (problems.length > 0)
    lines.push(renderTable(["finding", "checkpoint", "what", "committed", "stored now"], problems));
  return `${lines.join("\n")}\n`;
}

function describeNotification(
  id: string,
  outcomes: readonly NotificationLeafOutcome[],
  publicKeyPem: string,
) {
  const rows = outcomes.map((outcome) => {
    if (!("proof" in outcome)) return [outcome.key, `#${outcome.sequence}`, outcome.change.toUpperCase()];
    const check = verifyInclusionProof(outcome.proof, publicKeyPem);
    const { sequence } = outcome.proof.checkpoint.checkpoint;
    return [outcome.key, `#${sequence}`, check.valid ? "included" : `INVALID: ${check.reason}`];
  });
  const verified = rows.length > 0 && rows.every((row) => row[2] === "included");
  const text =
    rows.length === 0
      ? `no checkpoint holds a leaf of ${id} (not closed yet, or not a notification of this hub)\n`
      : renderTable(["leaf", "checkpoint", "proof"], rows);
  return { verified, text };
}

/** A proof file: one proof, or a list of them (what `--notification --out` writes). */
function readProofs(file: string): InclusionProof[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`cannot read the proof file ${file}: ${(error as Error).message}`);
  }
  try {
    return (Array.isArray(json) ? json : [json]).map((proof, i) =>
      parseInclusionProof(proof, `${file}, proof ${i + 1}`),
    );
  } catch (error) {
    if (error instanceof MalformedEvidenceError) throw new UsageError(error.message);
    throw error;
  }
}

export const verifyCommand = defineCommand({
  name: "verify",
  options: {
    from: { type: "string", description: "checkpoints from this time: ISO date or date-time" },
    to: { type: "string", description: "checkpoints before this time: ISO date or date-time" },
    notification: { type: "string", description: "prove one notification's leaves (its id)" },
    out: { type: "string", description: "with --notification: write the proofs to this file" },
    proof: { type: "string", description: "check a proof file offline, with the public key alone" },
    "public-key": {
      type: "string",
      description: "the hub's public key (PEM); default: the local hub's key file",
    },
    json: { type: "boolean", description: "print the report as JSON" },
    deployment: { type: "string", description: "against AWS: the deployment" },
    config: { type: "string", description: "against AWS: the hub configuration file (its routing)" },
    table: { type: "string", description: `against AWS: the notification table (or ${envNames.tableName})` },
    "evidence-table": {
      type: "string",
      description: `against AWS: the evidence table (or ${envNames.evidenceTableName})`,
    },
  },
  summary: "Check the evidence log: a period against the store, or one notification's inclusion proofs",
  usage:
    "hub verify --from <time> --to <time> | --notification <id> [--out proofs.json] | --proof proofs.json --public-key key.pem  [--json]",
  async run({ values, out }) {
    if (values.proof !== undefined) {
      const publicKeyPem = readPublicKey(values["public-key"]);
      const checks = readProofs(values.proof).map((proof) => ({
        key: leafKey(proof.leaf),
        sequence: proof.checkpoint.checkpoint.sequence,
        ...verifyInclusionProof(proof, publicKeyPem),
      }));
      if (values.json === true) out.write(`${JSON.stringify(checks, null, 2)}\n`);
      else
        out.write(
          renderTable(
            ["leaf", "checkpoint", "proof"],
            checks.map((c) => [c.key, `#${c.sequence}`, c.valid ? "valid" : `INVALID: ${c.reason}`]),
          ),
        );
      return checks.every((check) => check.valid) ? 0 : 1;
    }
    const byPeriod = values.from !== undefined || values.to !== undefined;
    if (byPeriod === (values.notification !== undefined))
      throw new UsageError("say what to verify: --from and --to, or --notification <id>, or --proof <file>");
    if (values.notification !== undefined && !isUlid(values.notification))
      throw new UsageError(`'${values.notification}' is not a notification id (a ULID)`);
    const period = byPeriod ? requirePeriod(values) : undefined;
    const target = verifyTarget(values);
    try {
      const publicKeyPem = readPublicKey(values["public-key"] ?? target.publicKeyFile);
      const checkpoints = new DynamoCheckpointStore(target.dynamodb, target.evidenceTableName);
      const acknowledgements = new DynamoReceiptLeafReader(target.dynamodb, target.tableName);
      const leaves = new DynamoStoreLeafReader(
        new ReceivedNotificationReader(target.dynamodb, target.tableName),
        target.extraSubscriptions,
        acknowledgements,
      );
      if (period !== undefined) {
        const report = await verifyStoredPeriod({
          checkpoints,
          leaves,
          publicKeyPem,
          ...period,
          expiredBefore:
            target.retentionDays === undefined
              ? undefined
              : new Date(Date.now() - target.retentionDays * DAY_MS),
        });
        out.write(
          values.json === true
            ? `${JSON.stringify(report, null, 2)}\n`
            : describePeriod(report, target.where, period),
        );
        return report.verified ? 0 : 1;
      }
      const notificationId = values.notification ?? "";
      const outcomes = await proveStoredNotification({
        checkpoints,
        leaves,
        acknowledgements,
        notificationId,
      });
      const proofs = outcomes.flatMap((outcome) => ("proof" in outcome ? [outcome.proof] : []));
      if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(proofs, null, 2)}\n`);
      const described = describeNotification(notificationId, outcomes, publicKeyPem);
      out.write(values.json === true ? `${JSON.stringify(outcomes, null, 2)}\n` : described.text);
      if (values.out !== undefined && values.json !== true)
        out.write(`${proofs.length} proof(s) written to ${values.out}: check them with hub verify --proof\n`);
      return described.verified ? 0 : 1;
    } finally {
      target.dynamodb.destroy();
    }
  },
});
