import type { UnitId } from "../shared/domain/catalogue/index.ts";
import type { EventPattern } from "./event-pattern.ts";

/** A queue as the template declares it, by its logical id. */
export interface QueueSpec {
  readonly logicalId: string;
  readonly visibilityTimeoutSeconds?: number;
  readonly retentionSeconds?: number;
  readonly redrive?: { readonly deadLetterLogicalId: string; readonly maxReceiveCount: number };
}

export interface RuleTargetSpec {
  readonly id: string;
  readonly queueLogicalId: string;
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  readonly deadLetterLogicalId?: string;
}

export interface RuleSpec {
  readonly logicalId: string;
  readonly pattern: EventPattern;
  readonly targets: readonly RuleTargetSpec[];
}

/**
 * What the local hub builds, read from the synthesized template of one deployment: the queues, the
 * rules of the bus with their targets, and which queues belong to which unit.
 */
export interface HubTopology {
  readonly deployment: string;
  readonly queues: readonly QueueSpec[];
  readonly rules: readonly RuleSpec[];
  readonly units: Partial<
    Record<UnitId, { readonly queueLogicalId: string; readonly deadLetterLogicalId: string }>
  >;
  /** The stream's on-failure destination. */
  readonly publishFailureQueueLogicalId?: string;
}
