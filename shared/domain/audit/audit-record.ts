/**
 * What the hub records of every query a unit makes (rules art. 11.8, 11.9: the answers are personal
 * data): who asked, when, why, what, and what the hub answered. Refused queries are recorded too.
 */
import type { DeploymentId, QueryId, UnitId } from "../catalogue/index.ts";

export type AuditOutcome = "answered" | "refused";

export interface AuditRecord {
  /** A ULID: records sort by it as they were made. */
  readonly auditId: string;
  /** When the query was made (UTC, ISO). */
  readonly at: string;
  readonly deployment: DeploymentId;
  readonly unit: UnitId;
  /** The officer: the IAM session name of the unit's role. */
  readonly officer: string;
  /** The assumed-role session ARN that signed the request. */
  readonly principal: string;
  readonly purpose: string;
  readonly query: QueryId;
  /** The query-string parameters as given. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The person keys the query concerned: the key looked up, then every key of the persons found. */
  readonly personKeys: readonly string[];
  readonly outcome: AuditOutcome;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The notifications the answer named. */
  readonly notificationIds: readonly string[];
}
