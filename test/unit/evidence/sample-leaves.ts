/** Leaves for the evidence tests: notifications from the feed samples, their routings and receipts. */
import fc from "fast-check";
import { type FeedKindId, unitIds } from "../../../shared/domain/catalogue/index.ts";
import type { CanonicalNotification } from "../../../shared/domain/notification.ts";
import type { JsonValue } from "../../../shared/evidence/canonical-json.ts";
import {
  type EvidenceLeaf,
  notificationLeaf,
  type ReceiptLeaf,
  routingLeaf,
} from "../../../shared/evidence/leaves.ts";
import { notificationOf } from "../support/feeds.ts";

/** The period every test checkpoint covers: five minutes. */
export const PERIOD = { from: "2025-06-02T09:00:00.000Z", to: "2025-06-02T09:05:00.000Z" } as const;
const PERIOD_MS = Date.parse(PERIOD.to) - Date.parse(PERIOD.from);

/** The UTC instant `ms` after the period's start. */
export const at = (ms: number): string => new Date(Date.parse(PERIOD.from) + ms).toISOString();

const sampleKinds = [
  "expulsion.ordered",
  "registration.migration",
  "biometric.watchlist-hit",
] as const satisfies readonly FeedKindId[];
const samples = sampleKinds.map((kind) => notificationOf(kind));

/** A sample notification with its own id, record id and time of receipt. */
export function notificationWith(sample: number, id: string, receivedAt: string): CanonicalNotification {
  const base = samples[sample % samples.length];
  if (base === undefined) throw new Error("no sample notification");
  const notification = structuredClone(base);
  notification.id = id;
  notification.receivedAt = receivedAt;
  notification.upstream.recordId = `R-${id}`;
  return notification;
}

/** A notification, its routing and one receipt, inside the period from `offsetMs` on. */
export function leavesOfOne(sample: number, id: string, offsetMs: number): EvidenceLeaf[] {
  const notification = notificationWith(sample, id, at(offsetMs));
  const receipt: ReceiptLeaf = {
    type: "receipt",
    notificationId: id,
    unit: "imc",
    officer: "officer.one",
    status: "received",
    acknowledgedAt: at(offsetMs + 2),
  };
  return [
    notificationLeaf(notification),
    routingLeaf(notification, { "expulsion.ordered": ["criminal-police"] }, at(offsetMs + 1)),
    receipt,
  ];
}

const instant = fc.integer({ min: 0, max: PERIOD_MS - 1 }).map(at);

/** Any leaf of the period. */
export const anyLeaf: fc.Arbitrary<EvidenceLeaf> = fc.oneof(
  fc
    .tuple(fc.nat(samples.length - 1), fc.ulid(), instant)
    .map(([sample, id, receivedAt]) => notificationLeaf(notificationWith(sample, id, receivedAt))),
  fc
    .tuple(fc.nat(samples.length - 1), fc.ulid(), instant)
    .map(([sample, id, routedAt]) => routingLeaf(notificationWith(sample, id, routedAt), {}, routedAt)),
  fc.record({
    type: fc.constant("receipt" as const),
    notificationId: fc.ulid(),
    unit: fc.constantFrom(...unitIds),
    officer: fc.stringMatching(/^[\w.@-]{2,20}$/),
    status: fc.constantFrom("received", "actioned"),
    acknowledgedAt: instant,
  }),
);

type Flippable = string | number | boolean;
const isFlippable = (node: JsonValue): node is Flippable =>
  (typeof node === "string" && node !== "") || typeof node === "number" || typeof node === "boolean";

/** The JSON values directly inside an array or object. */
const childrenOf = (node: JsonValue): JsonValue[] =>
  node === null || typeof node !== "object"
    ? []
    : Object.values(node).filter((child): child is JsonValue => child !== undefined);

/** How many primitives {@link flipOneBit} can change in the value. */
export const placesIn = (node: JsonValue): number =>
  isFlippable(node) ? 1 : childrenOf(node).reduce<number>((sum, child) => sum + placesIn(child), 0);

function flipped(value: Flippable, bit: number): Flippable {
  if (typeof value === "boolean") return !value;
  if (typeof value === "string") {
    const index = bit % value.length;
    const code = value.charCodeAt(index) ^ (1 << (bit % 7));
    return value.slice(0, index) + String.fromCharCode(code) + value.slice(index + 1);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  view.setBigUint64(0, view.getBigUint64(0) ^ (1n << BigInt(bit % 52)));
  return view.getFloat64(0);
}

/**
 * The value with one bit changed: a bit of one character of a string (one of its 7 low bits, so it
 * stays valid UTF-16), of the IEEE 754 mantissa of one number, or one boolean. `choice` picks the
 * place and the bit.
 */
export function flipOneBit<T extends JsonValue>(value: T, choice: number): T {
  const places = placesIn(value);
  if (places === 0) throw new Error("nothing to flip");
  const target = choice % places;
  const bit = Math.floor(choice / places);
  let seen = 0;
  const rebuild = (node: JsonValue): JsonValue => {
    if (isFlippable(node)) return seen++ === target ? flipped(node, bit) : node;
    if (node === null || typeof node !== "object") return node;
    if (Array.isArray(node)) return node.map(rebuild);
    return Object.fromEntries(
      Object.entries(node).map(([key, child]) => [key, child === undefined ? child : rebuild(child)]),
    );
  };
  // The same shape with one primitive changed: still a T as far as the code under test can tell.
  return rebuild(value) as T;
}
