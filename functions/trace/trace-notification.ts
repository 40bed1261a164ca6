import type {
  RaisedEscalation,
  SoughtEscalation,
  TracedNotification,
  TraceFacts,
  TraceStore,
} from "../../shared/adapters/dynamodb/trace-store.ts";
import type { DeliveryState, Trace, TraceDeadline, UnitTrace } from "../../shared/api/trace.ts";
import {
  type ExtraSubscriptions,
  kinds,
  subscribersOf,
  type UnitId,
} from "../../shared/domain/catalogue/index.ts";
import { NotificationNotFoundError, TraceForbiddenError } from "../../shared/domain/errors.ts";
import type { FiledBy } from "../../shared/domain/notification.ts";
import {
  dueAt,
  escalationLevels,
  escalationRecordId,
  type Receipt,
  type ReceiptDeadlines,
  unitsOwingReceipt,
} from "../../shared/domain/receipts/index.ts";
import { mayTrace } from "./who-may-trace.ts";

/** Which units' dead-letter queues hold a copy of a notification, where the hub can look (the local hub). */
export interface DeadLetterCheck {
  unitsHolding(notificationId: string, units: readonly UnitId[]): Promise<ReadonlySet<UnitId>>;
}

export interface TraceDependencies {
  readonly store: TraceStore;
  /** The deployment's extra subscriptions: routing is the kind's subscribers plus these, as published. */
  readonly extraSubscriptions: ExtraSubscriptions;
  readonly deadlines: ReceiptDeadlines;
  /** Absent on AWS: the function does not read the units' dead-letter queues. */
  readonly deadLetters?: DeadLetterCheck;
  readonly now: () => Date;
}

/** The notification asked for: by its id, or by the upstream record it was stored from. */
export type TraceTarget =
  | { readonly by: "id"; readonly id: string }
  | { readonly by: "record"; readonly system: string; readonly recordId: string };

/**
 * The trace use case: find the notification (404), check that the caller may follow it (403), then
 * read its publication, receipts and escalations and say, per unit it is routed to, how far it got
 * and what is overdue.
 */
export async function traceNotification(
  caller: FiledBy,
  target: TraceTarget,
  deps: TraceDependencies,
): Promise<Trace> {
  const notification =
    target.by === "id"
      ? await deps.store.byId(target.id)
      : await deps.store.byRecord(target.system, target.recordId);
  if (notification === undefined)
    throw new NotificationNotFoundError(
      target.by === "id" ? `of id ${target.id}` : `of ${target.system} record ${target.recordId}`,
    );
  if (!mayTrace(caller.unit, notification, deps.extraSubscriptions))
    throw new TraceForbiddenError(caller.unit);

  const routed = subscribersOf(notification.kind, deps.extraSubscriptions);
  const sought: SoughtEscalation[] = unitsOwingReceipt(notification.kind, deps.extraSubscriptions).flatMap(
    (unit) => escalationLevels.map((level) => ({ unit, level })),
  );
  const [facts, deadLettered] = await Promise.all([
    deps.store.factsOf(notification, sought),
    deps.deadLetters?.unitsHolding(notification.id, routed),
  ]);
  return traceOf(notification, facts, {
    routed,
    owing: new Set(sought.map(({ unit }) => unit)),
    deadLettered,
    deadlines: deps.deadlines,
    checkedAt: deps.now(),
  });
}

interface TraceSettings {
  readonly routed: readonly UnitId[];
  readonly owing: ReadonlySet<UnitId>;
  /** `undefined`: the dead-letter queues were not looked into. */
  readonly deadLettered: ReadonlySet<UnitId> | undefined;
  readonly deadlines: ReceiptDeadlines;
  readonly checkedAt: Date;
}

const seconds = (later: Date, earlier: Date) => Math.floor((later.getTime() - earlier.getTime()) / 1000);

/** A unit's deadlines: met by a receipt in time, open until due, missed after (late by how much, escalated or not). */
function deadlinesOf(
  notification: TracedNotification,
  unit: UnitId,
  receipt: Receipt | undefined,
  escalations: ReadonlyMap<string, RaisedEscalation>,
  settings: TraceSettings,
): TraceDeadline[] {
  const receivedAt = new Date(notification.receivedAt);
  const acknowledgedAt = receipt === undefined ? undefined : new Date(receipt.received.at);
  return escalationLevels.map((level) => {
    const due = dueAt(notification.kind, receivedAt, level, settings.deadlines);
    const escalation = escalations.get(escalationRecordId(notification.id, unit, level));
    const raised = escalation === undefined ? {} : { escalation: { ...escalation } };
    const base = { level, dueAt: due.toISOString(), ...raised };
    if (acknowledgedAt !== undefined && acknowledgedAt <= due) return { ...base, state: "met" };
    const lateUntil = acknowledgedAt ?? settings.checkedAt;
    if (lateUntil < due) return { ...base, state: "open" };
    return { ...base, state: "missed", lateSeconds: seconds(lateUntil, due) };
  });
}

function deliveryOf(
  unit: UnitId,
  receipt: Receipt | undefined,
  facts: TraceFacts,
  settings: TraceSettings,
): DeliveryState {
  if (receipt !== undefined) return "acknowledged";
  if (settings.deadLettered?.has(unit) === true) return "dead-lettered";
  return facts.publication === undefined ? "pending" : "sent";
}

/** The trace of what was read: pure, so that every rule of it is tested without a store. */
export function traceOf(notification: TracedNotification, facts: TraceFacts, settings: TraceSettings): Trace {
  const receiptOf = new Map(facts.receipts.map((receipt) => [receipt.unit, receipt]));
  const units = settings.routed.map((unit): UnitTrace => {
    const receipt = receiptOf.get(unit);
    const deadlines = settings.owing.has(unit)
      ? deadlinesOf(notification, unit, receipt, facts.escalations, settings)
      : [];
    return {
      unit,
      delivery: deliveryOf(unit, receipt, facts, settings),
      ...(receipt === undefined
        ? {}
        : { received: { at: receipt.received.at, officer: receipt.received.officer } }),
      ...(receipt?.actioned === undefined
        ? {}
        : {
            actioned: {
              at: receipt.actioned.at,
              officer: receipt.actioned.officer,
              ...(receipt.actioned.reference === undefined ? {} : { reference: receipt.actioned.reference }),
            },
          }),
      deadlines,
      overdue: receipt === undefined && deadlines.some((deadline) => deadline.state === "missed"),
    };
  });
  const { publication } = facts;
  return {
    notification: {
      id: notification.id,
      kind: notification.kind,
      source: notification.source,
      upstream: notification.upstream,
      region: notification.region,
      occurredAt: notification.occurredAt,
      receivedAt: notification.receivedAt,
      ...(notification.filedBy === undefined ? {} : { filedBy: notification.filedBy }),
    },
    receiptClass: kinds[notification.kind].receipt,
    ...(publication === undefined ? {} : { publishedAt: publication.publishedAt }),
    deadLetters: settings.deadLettered === undefined ? "not-checked" : "checked",
    units,
    checkedAt: settings.checkedAt.toISOString(),
  };
}
