import { type KindId, kindIds, kinds } from "./kinds.ts";
import { type UnitId, unitIds } from "./units.ts";

/** Subscriptions a deployment adds on top of the order's defaults (it can never remove one). */
export type ExtraSubscriptions = Partial<Record<KindId, readonly UnitId[]>>;

/** The units that receive a kind: the order's defaults, then any extras, without repeats. */
export function subscribersOf(kind: KindId, extras: ExtraSubscriptions = {}): UnitId[] {
  return [...new Set<UnitId>([...kinds[kind].subscribers, ...(extras[kind] ?? [])])];
}

/**
 * Per unit, the kinds it receives, in catalogue order; units that receive nothing are left out.
 * This is the one routing rule: the CDK event rules, the local bus and the routing docs derive from it.
 */
export function kindsByUnit(extras: ExtraSubscriptions = {}): Map<UnitId, KindId[]> {
  const table = new Map<UnitId, KindId[]>();
  for (const unit of unitIds) {
    const received = kindIds.filter((kind) => subscribersOf(kind, extras).includes(unit));
    if (received.length > 0) table.set(unit, received);
  }
  return table;
}
