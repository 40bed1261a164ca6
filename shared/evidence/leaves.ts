/**
 * The leaves of the evidence log: what the hub received (the stored notification), where it routed
 * it (the units a publication went to) and who acknowledged it. Each leaf is hashed over the RFC 8785
 * text of the leaf itself, `type` included, so that a leaf of one type can never pass for another.
 */
import {
  type ExtraSubscriptions,
  type KindId,
  subscribersOf,
  type UnitId,
} from "../domain/catalogue/index.ts";
import type { CanonicalNotification } from "../domain/notification.ts";
import type { Receipt, ReceiptStatus } from "../domain/receipts/receipt.ts";
import { canonicalBytes, type JsonValue } from "./canonical-json.ts";
import { hex } from "./digest.ts";
import { leafHash } from "./merkle.ts";

/**
 * A notification as the store holds it: its JSON, whatever it says now. The log names it by `id` and
 * places it by `receivedAt`; the rest it hashes without reading, so that a changed field is a changed
 * leaf rather than a notification the log cannot read.
 */
export type StoredNotification = { readonly id: string; readonly receivedAt: string } & {
  readonly [field: string]: JsonValue | undefined;
};

/** A notification as the store holds it (the canonical notification, unchanged). */
export type NotificationLeaf = {
  readonly type: "notification";
  readonly notification: StoredNotification;
};

/**
 * The routing of a notification: the units its kind goes to. The hub routes on receipt (the table's
 * stream puts it on the bus within seconds, and the bus's rules are the catalogue's subscriptions), so
 * `routedAt` is the notification's `receivedAt`; a replay (`hub republish`) is not a new leaf.
 */
export type RoutingLeaf = {
  readonly type: "routing";
  readonly notificationId: string;
  readonly kind: KindId;
  /** Sorted, so that the leaf does not depend on the order subscriptions were configured in. */
  readonly units: readonly UnitId[];
  /** UTC instant of the routing: the notification's receipt. */
  readonly routedAt: string;
};

/** A unit's acknowledgement of a notification (POST /v1/receipts): one leaf per fact, `received` and `actioned`. */
export type ReceiptLeaf = {
  readonly type: "receipt";
  readonly notificationId: string;
  readonly unit: UnitId;
  /** The officer who stated the fact: the session name of the unit's assumed role. */
  readonly officer: string;
  /** Which fact of the receipt. */
  readonly status: ReceiptStatus;
  /** UTC instant of the acknowledgement. */
  readonly acknowledgedAt: string;
};

export type EvidenceLeaf = NotificationLeaf | RoutingLeaf | ReceiptLeaf;
export type LeafType = EvidenceLeaf["type"];
export const leafTypes = ["notification", "routing", "receipt"] as const satisfies readonly LeafType[];

export function notificationLeaf(notification: StoredNotification): NotificationLeaf {
  return { type: "notification", notification };
}

/** The routing leaf of a notification: the kind's subscribers in the catalogue plus the deployment's extras. */
export function routingLeaf(
  notification: Pick<CanonicalNotification, "id" | "kind">,
  extras: ExtraSubscriptions,
  routedAt: string,
): RoutingLeaf {
  return {
    type: "routing",
    notificationId: notification.id,
    kind: notification.kind,
    units: subscribersOf(notification.kind, extras).sort(),
    routedAt,
  };
}

/**
 * The leaf of one fact of a unit's receipt as the ledger holds it: who stated it and when. Undefined
 * when the receipt does not state it (`actioned` not yet).
 */
export function receiptLeaf(receipt: Receipt, status: ReceiptStatus): ReceiptLeaf | undefined {
  const fact = status === "received" ? receipt.received : receipt.actioned;
  return fact === undefined
    ? undefined
    : {
        type: "receipt",
        notificationId: receipt.notificationId,
        unit: receipt.unit,
        officer: fact.officer,
        status,
        acknowledgedAt: fact.at,
      };
}

/** When the leaf happened (UTC instant): the checkpoint whose period holds this instant commits to it. */
export function leafTime(leaf: EvidenceLeaf): string {
  switch (leaf.type) {
    case "notification":
      return leaf.notification.receivedAt;
    case "routing":
      return leaf.routedAt;
    case "receipt":
      return leaf.acknowledgedAt;
  }
}

/**
 * The leaf's identity in the log, which orders the leaves of a checkpoint:
 * `<notification id>/notification`, `<id>/routing/<routedAt>`,
 * `<id>/receipt/<unit>/<status>/<acknowledgedAt>` (an `actioned` that comes first is received at the
 * same instant: the status tells the two facts apart). The notification id comes first: ULIDs sort by
 * time of receipt, so a checkpoint's leaves read in the order the notifications arrived, each with its
 * routings and receipts next to it.
 */
export function leafKey(leaf: EvidenceLeaf): string {
  switch (leaf.type) {
    case "notification":
      return `${leaf.notification.id}/notification`;
    case "routing":
      return `${leaf.notificationId}/routing/${leaf.routedAt}`;
    case "receipt":
      return `${leaf.notificationId}/receipt/${leaf.unit}/${leaf.status}/${leaf.acknowledgedAt}`;
  }
}

/** The notification id and leaf type a {@link leafKey} names. */
export function parseLeafKey(key: string): { notificationId: string; type: LeafType } | undefined {
  const [notificationId = "", type] = key.split("/");
  const known = leafTypes.find((candidate) => candidate === type);
  return known === undefined || notificationId === "" ? undefined : { notificationId, type: known };
}

/** The leaf's hash in the tree: SHA-256(0x00 ‖ RFC 8785 text of the leaf), lower-case hex. */
export function hashLeaf(leaf: EvidenceLeaf): string {
  return hex(leafHash(canonicalBytes(leaf)));
}
