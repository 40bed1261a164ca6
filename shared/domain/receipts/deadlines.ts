/**
 * Receipt deadlines: when each subscribing unit must have acknowledged a notification, by its kind's
 * class (`urgent` or `routine`, in the catalogue) and the deployment's durations. Each class has two
 * deadlines: the first escalates to the region's duty unit and imc, the second to kpd.
 */
import { type HubKindId, type KindId, kinds, type ReceiptClass, receiptClasses } from "../catalogue/index.ts";

export const escalationLevels = ["first", "second"] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

/** Seconds after receipt of the notification by the hub. */
export type DeadlineSeconds = Readonly<Record<EscalationLevel, number>>;
/** The durations of each class: the deployment's configuration (the order sets none). */
export type ReceiptDeadlines = Readonly<Record<ReceiptClass, DeadlineSeconds>>;

/** The kind of the escalation a missed deadline raises. */
export const escalationKinds = {
  first: "receipt.overdue",
  second: "receipt.escalated",
} as const satisfies Record<EscalationLevel, HubKindId>;

/** Whether durations are usable: positive whole seconds, the second deadline after the first. */
export function deadlinesProblem(deadlines: ReceiptDeadlines): string | undefined {
  for (const receiptClass of receiptClasses) {
    const { first, second } = deadlines[receiptClass];
    if (!Number.isInteger(first) || !Number.isInteger(second) || first < 1)
      return `${receiptClass}: deadlines are whole seconds, at least 1`;
    if (second <= first) return `${receiptClass}: the second deadline must come after the first`;
  }
  return undefined;
}

/** When the `level` deadline of a notification of `kind` received at `receivedAt` falls. */
export function dueAt(
  kind: KindId,
  receivedAt: Date,
  level: EscalationLevel,
  deadlines: ReceiptDeadlines,
): Date {
  return new Date(receivedAt.getTime() + deadlines[kinds[kind].receipt][level] * 1000);
}

/**
 * The notifications of one class whose `level` deadline falls in a checked span: those received in
 * `[receivedFrom, receivedTo)`.
 */
export interface DeadlineWindow {
  readonly receiptClass: ReceiptClass;
  readonly level: EscalationLevel;
  readonly receivedFrom: Date;
  readonly receivedTo: Date;
}

/**
 * The windows of receipt times whose deadlines fall in `[checkedFrom, checkedTo)`: one per class
 * and level. Checking consecutive spans checks every deadline exactly once.
 */
export function deadlineWindows(
  checkedFrom: Date,
  checkedTo: Date,
  deadlines: ReceiptDeadlines,
): DeadlineWindow[] {
  if (checkedTo <= checkedFrom) return [];
  return receiptClasses.flatMap((receiptClass) =>
    escalationLevels.map((level) => {
      const offset = deadlines[receiptClass][level] * 1000;
      return {
        receiptClass,
        level,
        receivedFrom: new Date(checkedFrom.getTime() - offset),
        receivedTo: new Date(checkedTo.getTime() - offset),
      };
    }),
  );
}
