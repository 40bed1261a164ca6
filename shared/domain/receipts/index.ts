/**
 * Receipts: deadlines, who is overdue, escalations. `escalation.ts` builds canonical notifications
 * and so loads their schema: a function that needs only the deadlines or the receipt's shape imports
 * `deadlines.ts` or `receipt.ts` directly and keeps its bundle small.
 */
export * from "./deadlines.ts";
export * from "./escalation.ts";
export * from "./receipt.ts";
