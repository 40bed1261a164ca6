import type { StoreLeafReader } from "../../shared/adapters/dynamodb/evidence-leaves.ts";
import type { CheckpointStore } from "../../shared/adapters/dynamodb/evidence-store.ts";
import type { DeploymentId } from "../../shared/domain/catalogue/index.ts";
import {
  buildCheckpoint,
  type Checkpoint,
  inPeriod,
  verifyCheckpointSignature,
} from "../../shared/evidence/checkpoint.ts";
import { leafTime } from "../../shared/evidence/leaves.ts";
import { periodsDue } from "../../shared/evidence/periods.ts";
import type { Signer } from "../../shared/evidence/signing.ts";

/**
 * Periods one run closes at most: 4 hours of 5-minute periods. After a longer outage the next runs
 * go on where this one stopped.
 */
const MAX_PERIODS_PER_RUN = 48;

export interface CheckpointDependencies {
  readonly deployment: DeploymentId;
  readonly checkpoints: CheckpointStore;
  readonly leaves: StoreLeafReader;
  /** The deployment's signing key (in AWS, KMS: made on first use). */
  readonly signer: () => Promise<Signer>;
  readonly now: () => Date;
  readonly intervalMs: number;
  readonly settleMs: number;
}

export interface CheckpointRun {
  /** The checkpoints this run appended, oldest first. */
  readonly appended: readonly Checkpoint[];
  /** Another run appended a checkpoint of the same sequence first: this run stopped there. */
  readonly lostRace: boolean;
  /** Stored records no leaf could be made of, or whose own time lies outside the period read. */
  readonly skipped: number;
  /** How far the chain's end is behind the last instant that may be closed, in ms. */
  readonly lagMs: number;
}

/**
 * The checkpoint function's use case: closes every period due, oldest first, each over the leaves
 * the store holds for it, signed and appended to the chain. Idempotent: a run with nothing due
 * appends nothing; of two concurrent runs, one appends each sequence and the other stops.
 */
export async function makeCheckpoints(deps: CheckpointDependencies): Promise<CheckpointRun> {
  let latest = (await deps.checkpoints.latest())?.checkpoint ?? null;
  const appended: Checkpoint[] = [];
  let skipped = 0;
  let lostRace = false;
  const plan = { now: deps.now(), intervalMs: deps.intervalMs, settleMs: deps.settleMs };
  for (const period of periodsDue({ ...plan, latest, maxPeriods: MAX_PERIODS_PER_RUN })) {
    const signer = await deps.signer();
    const read = await deps.leaves.read({ from: new Date(period.from), to: new Date(period.to) });
    const leaves = read.leaves.filter((leaf) => inPeriod(period, leafTime(leaf)));
    skipped += read.unreadable + read.leaves.length - leaves.length;
    const record = await buildCheckpoint(
      {
        deployment: deps.deployment,
        previous: latest,
        ...period,
        leaves,
        createdAt: deps.now().toISOString(),
      },
      signer,
    );
    // A key that signs what its published public key does not verify must not extend the chain.
    if (!verifyCheckpointSignature(record.signed, signer.publicKeyPem)) {
      throw new Error("the signing key's signature does not verify with its public key");
    }
    if ((await deps.checkpoints.append(record)) === "taken") {
      lostRace = true;
      break;
    }
    latest = record.signed.checkpoint;
    appended.push(latest);
  }
  const closable = plan.now.getTime() - plan.settleMs;
  const lagMs = latest === null ? 0 : Math.max(0, closable - Date.parse(latest.to));
  return { appended, lostRace, skipped, lagMs };
}
