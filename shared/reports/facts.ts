/** Small steps the report mappers share when they write a kind's facts. */
import type { RecordScope } from "../sources/kit/record-scope.ts";

/**
 * The object without its undefined properties: optional facts are left out, never stored as
 * `undefined` (the store and the JSON Schema know only absent or present).
 */
export function compact<T extends object>(value: T): T {
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) kept[key] = item;
  return kept as T;
}

/** The values of a list once each, in their first order; undefined stays undefined. */
export function distinct<T>(values: readonly T[] | undefined): T[] | undefined {
  return values === undefined ? undefined : [...new Set(values)];
}

/**
 * Requires a stated count to cover the persons listed (a count of 3 with 5 workers named is a typo
 * somewhere): a `count.below-listed` problem at `countPath` otherwise.
 */
export function countCoversList(
  scope: RecordScope,
  count: number | undefined,
  listed: readonly unknown[] | undefined,
  countPath: string,
): void {
  if (count !== undefined && listed !== undefined && count < listed.length) {
    scope.problem(
      countPath,
      "count.below-listed",
      "The count is smaller than the number of persons listed with it; give the full count.",
    );
  }
}
