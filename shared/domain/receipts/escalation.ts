/**
 * Who is overdue, and the escalation notification that says so. An escalation is a notification of a
 * hub kind (`receipt.overdue`, `receipt.escalated`) stored and published like any other; its upstream
 * record id is derived from the notification, the unit and the deadline, so the store keeps one per
 * missed deadline however often the checker runs.
 */
import {
  type DeploymentId,
  deployments,
  type ExtraSubscriptions,
  type HubProcessId,
  hubProcessOf,
  type KindId,
  kinds,
  kindTexts,
  subscribersOf,
  type UnitId,
} from "../catalogue/index.ts";
import type { NotificationOf } from "../notification.ts";
import { NOTIFICATION_SCHEMA_VERSION } from "../notification-version.ts";
import { dueAt, type EscalationLevel, escalationKinds, type ReceiptDeadlines } from "./deadlines.ts";

/** A notification whose deadline has come, as the store's index lists it. */
export interface DueNotification {
  readonly id: string;
  readonly kind: KindId;
  readonly receivedAt: Date;
}

/**
 * The units that owe a receipt of a notification of `kind`: those it is routed to. Escalations are
 * acknowledged too, but never escalated themselves: that would only multiply messages to the same
 * duty unit.
 */
export function unitsOwingReceipt(kind: KindId, extras: ExtraSubscriptions): UnitId[] {
  return isEscalationKind(kind) ? [] : subscribersOf(kind, extras);
}

/** The kinds of the escalations this module raises. */
export function isEscalationKind(kind: KindId): boolean {
  return hubProcessOf(kind) === ESCALATION_PROCESS;
}

export interface OverdueReceipt {
  readonly notification: DueNotification;
  readonly unit: UnitId;
  readonly level: EscalationLevel;
  readonly dueAt: Date;
  /** When the hub found it overdue. */
  readonly checkedAt: Date;
}

/**
 * The receipts of `notification` overdue at its `level` deadline when checked at `checkedAt`: each
 * unit that owes one and had not acknowledged it by then. A receipt that came after the deadline but
 * before the check is not escalated: the unit has taken the notification in, which is what the
 * escalation would ask of it.
 */
export function overdueReceipts(
  notification: DueNotification,
  level: EscalationLevel,
  acknowledgedBy: ReadonlySet<UnitId>,
  settings: { readonly extras: ExtraSubscriptions; readonly deadlines: ReceiptDeadlines },
  checkedAt: Date,
): OverdueReceipt[] {
  const due = dueAt(notification.kind, notification.receivedAt, level, settings.deadlines);
  if (due > checkedAt) return [];
  return unitsOwingReceipt(notification.kind, settings.extras)
    .filter((unit) => !acknowledgedBy.has(unit))
    .map((unit) => ({ notification, unit, level, dueAt: due, checkedAt }));
}

/** The upstream record id of the escalation of one missed deadline: the same on every run. */
export function escalationRecordId(notificationId: string, unit: UnitId, level: EscalationLevel): string {
  return `${notificationId}.${unit}.${level}`;
}

/** `upstream.recordType` of every escalation. */
export const ESCALATION_RECORD_TYPE = "receipt-check";

/** The hub process that raises escalations: their `upstream.system`. */
export const ESCALATION_PROCESS = "receipts" satisfies HubProcessId;

type EscalationKindId = (typeof escalationKinds)[EscalationLevel];
export type EscalationNotification = {
  [K in EscalationKindId]: NotificationOf<K>;
}[EscalationKindId];

/**
 * The escalation of an overdue receipt, raised in `deployment` (its region: the duty unit of that
 * region receives it): it names the unit, the notification and how late the receipt is, and no
 * person. It "occurred" at the deadline and was received when the hub checked.
 */
export function escalationOf(
  overdue: OverdueReceipt,
  deployment: DeploymentId,
  id: string,
): EscalationNotification {
  const kind = escalationKinds[overdue.level];
  const { notification } = overdue;
  return {
    schemaVersion: NOTIFICATION_SCHEMA_VERSION,
    id,
    kind,
    source: "hub",
    deployment,
    region: deployments[deployment].isoCode,
    occurredAt: overdue.dueAt.toISOString(),
    receivedAt: overdue.checkedAt.toISOString(),
    articles: [...kinds[kind].articles],
    title: { ...kindTexts[kind].title },
    subject: { persons: [] },
    facts: {
      notification: {
        id: notification.id,
        kind: notification.kind,
        receivedAt: notification.receivedAt.toISOString(),
      },
      unit: overdue.unit,
      receiptClass: kinds[notification.kind].receipt,
      dueAt: overdue.dueAt.toISOString(),
      overdueSeconds: Math.floor((overdue.checkedAt.getTime() - overdue.dueAt.getTime()) / 1000),
    },
    upstream: {
      system: ESCALATION_PROCESS,
      recordId: escalationRecordId(notification.id, overdue.unit, overdue.level),
      recordType: ESCALATION_RECORD_TYPE,
    },
  };
}
