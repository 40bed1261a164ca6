/**
 * Who may read a notification's trace (docs/decisions/notification-trace.md): a unit it is routed to,
 * the unit that filed it, and the units that follow receipts up (those the escalations of overdue
 * receipts are routed to: the duty unit, imc, kpd), since an escalation names a notification they
 * were not sent. A trace names units, officers and times, never the persons a notification is about.
 */
import {
  type ExtraSubscriptions,
  type KindId,
  subscribersOf,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import { escalationKinds, escalationLevels } from "../../shared/domain/receipts/index.ts";

/** The units that receive the escalations of overdue receipts, so follow any notification up. */
export function receiptSupervisors(extras: ExtraSubscriptions): Set<UnitId> {
  return new Set(escalationLevels.flatMap((level) => subscribersOf(escalationKinds[level], extras)));
}

export function mayTrace(
  unit: UnitId,
  notification: { readonly kind: KindId; readonly filedBy?: { readonly unit: UnitId } },
  extras: ExtraSubscriptions,
): boolean {
  return (
    subscribersOf(notification.kind, extras).includes(unit) ||
    notification.filedBy?.unit === unit ||
    receiptSupervisors(extras).has(unit)
  );
}
