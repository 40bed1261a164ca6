/**
 * A unit's acknowledgement of a notification routed to it: `received` (taken in) or `actioned`
 * (acted upon, with an optional short reference such as a case number). `actioned` implies received;
 * each fact is recorded once, by the first acknowledgement that states it, so repeating one changes
 * nothing and `received` after `actioned` changes nothing.
 */
import type { UnitId } from "../catalogue/index.ts";

export const receiptStatuses = ["received", "actioned"] as const;
export type ReceiptStatus = (typeof receiptStatuses)[number];

/** Who stated a fact and when: the officer is the session name of the unit's role, from IAM. */
export interface Acknowledgement {
  /** UTC instant. */
  readonly at: string;
  readonly officer: string;
  readonly principal: string;
}

export interface Receipt {
  readonly notificationId: string;
  readonly unit: UnitId;
  /** When `actioned` came first, the same acknowledgement: acting on it is taking it in. */
  readonly received: Acknowledgement;
  readonly actioned?: Acknowledgement & { readonly reference?: string };
}

/** What an acknowledgement did: stated a new fact, or repeated what was known. */
export const receiptOutcomes = ["recorded", "unchanged"] as const;
export type ReceiptOutcome = (typeof receiptOutcomes)[number];
