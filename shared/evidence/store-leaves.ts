/**
 * The leaves of stored records: one function for the checkpoint function (what it commits to) and
 * for `hub verify` (what the store holds now), so that both read a record the same way.
 */
import { type ExtraSubscriptions, isKindId } from "../domain/catalogue/index.ts";
import type { JsonValue } from "./canonical-json.ts";
import { type EvidenceLeaf, notificationLeaf, routingLeaf, type StoredNotification } from "./leaves.ts";

function isJsonObject(value: JsonValue): value is { readonly [key: string]: JsonValue | undefined } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The stored notification, or undefined when the text is not JSON naming an id and a time of receipt. */
export function readStoredNotification(text: string): StoredNotification | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  const { id, receivedAt } = value;
  return typeof id === "string" && typeof receivedAt === "string" ? { ...value, id, receivedAt } : undefined;
}

/**
 * The leaves of one stored notification: the notification as stored and its routing (its kind's
 * subscribers and the deployment's extras, at its receipt). A notification whose kind is unknown was
 * never routed (the publish function parks it), so it has no routing leaf.
 */
export function leavesOfStoredNotification(
  notification: StoredNotification,
  extras: ExtraSubscriptions,
): EvidenceLeaf[] {
  const { id, kind, receivedAt } = notification;
  const leaves: EvidenceLeaf[] = [notificationLeaf(notification)];
  if (isKindId(kind)) leaves.push(routingLeaf({ id, kind }, extras, receivedAt));
  return leaves;
}
