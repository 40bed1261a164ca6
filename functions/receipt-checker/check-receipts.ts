import type { NotificationStore } from "../../shared/adapters/dynamodb/notification-store.ts";
import type { ExpectedReceipt } from "../../shared/adapters/dynamodb/receipt-ledger.ts";
import type { ReceiptPeriod } from "../../shared/adapters/dynamodb/received-notifications.ts";
import {
  type DeploymentId,
  type ExtraSubscriptions,
  kinds,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import {
  deadlineWindows,
  type EscalationLevel,
  type ReceiptDeadlines,
} from "../../shared/domain/receipts/deadlines.ts";
import {
  type DueNotification,
  escalationOf,
  overdueReceipts,
  unitsOwingReceipt,
} from "../../shared/domain/receipts/escalation.ts";
import { storeEach } from "../../shared/use-cases/store-notifications.ts";

export interface CheckReceiptsDependencies {
  readonly deployment: DeploymentId;
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly deadlines: ReceiptDeadlines;
  readonly cursor: {
    checkedUntil(): Promise<Date | undefined>;
    advanceTo(until: Date): Promise<void>;
  };
  readonly due: { read(period: ReceiptPeriod): AsyncIterable<DueNotification[]> };
  readonly ledger: {
    acknowledgedUnits(expected: readonly ExpectedReceipt[]): Promise<Map<string, Set<UnitId>>>;
  };
  readonly store: NotificationStore;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** One escalation of a run: `duplicate` when an earlier run had already raised it. */
export interface EscalationOutcome {
  readonly notificationId: string;
  readonly unit: UnitId;
  readonly level: EscalationLevel;
  readonly escalationId: string;
  readonly status: "stored" | "duplicate";
}

export interface CheckSummary {
  /** The deadlines checked: those that fell in `[checkedFrom, checkedUntil)`. */
  readonly checkedFrom: string;
  readonly checkedUntil: string;
  readonly escalations: EscalationOutcome[];
}

/**
 * A first run checks the deadlines of the last minute (the schedule's interval): deadlines that fell
 * before the checker ever ran are not escalated.
 */
export const FIRST_CHECK_SPAN_MS = 60_000;
/** One run checks at most an hour of deadlines; a checker that was stopped catches up run by run. */
export const MAX_CHECK_SPAN_MS = 60 * 60_000;

/**
 * The overdue checker: every deadline that fell since the last run (the cursor), for each class and
 * level, reads the notifications received in the matching window (by index), the receipts of the units
 * they were routed to, and stores one escalation per unit without a receipt — a notification the
 * normal path publishes and routes. The escalation's record id is derived from the notification, the
 * unit and the level, so a repeated check stores nothing new. The cursor moves only after every
 * escalation of the span is stored: a failed run is repeated whole by the next.
 *
 * `recheckFrom` (an operator's, or a test's) checks again from that instant, without rewinding the cursor.
 */
export async function checkReceipts(
  deps: CheckReceiptsDependencies,
  options: { readonly recheckFrom?: Date } = {},
): Promise<CheckSummary> {
  const now = deps.now();
  const from =
    options.recheckFrom ??
    (await deps.cursor.checkedUntil()) ??
    new Date(now.getTime() - FIRST_CHECK_SPAN_MS);
  const until = new Date(Math.min(now.getTime(), from.getTime() + MAX_CHECK_SPAN_MS));
  const escalations: EscalationOutcome[] = [];
  const settings = { extras: deps.extraSubscriptions, deadlines: deps.deadlines };
  for (const window of deadlineWindows(from, until, deps.deadlines)) {
    for await (const page of deps.due.read({ from: window.receivedFrom, to: window.receivedTo })) {
      const ofClass = page.filter((notification) => kinds[notification.kind].receipt === window.receiptClass);
      const expected = ofClass.flatMap((notification) =>
        unitsOwingReceipt(notification.kind, deps.extraSubscriptions).map((unit) => ({
          notificationId: notification.id,
          unit,
        })),
      );
      if (expected.length === 0) continue;
      const acknowledged = await deps.ledger.acknowledgedUnits(expected);
      const overdue = ofClass.flatMap((notification) =>
        overdueReceipts(
          notification,
          window.level,
          acknowledged.get(notification.id) ?? new Set(),
          settings,
          now,
        ),
      );
      const raised = overdue.map((receipt) => ({
        receipt,
        notification: escalationOf(receipt, deps.deployment, deps.newId()),
      }));
      for (const { item, notificationId, status } of await storeEach(raised, deps.store)) {
        escalations.push({
          notificationId: item.receipt.notification.id,
          unit: item.receipt.unit,
          level: item.receipt.level,
          escalationId: notificationId,
          status,
        });
      }
    }
  }
  if (until > from) await deps.cursor.advanceTo(until);
  return { checkedFrom: from.toISOString(), checkedUntil: until.toISOString(), escalations };
}
