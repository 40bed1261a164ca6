/** Order statistics and number formatting shared by the benchmark sections. */

/** The q-quantile (0 ≤ q ≤ 1) of the values, linearly interpolated between the closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? Number.NaN;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/**
 * The median over rounds of value / floor, each pair taken in the same round: a ratio that a slow
 * phase of the machine (another process, a GC) cannot skew, as it slows both alike.
 */
export function pairedMedianRatio(values: readonly number[], floors: readonly number[]): number {
  return median(
    values.flatMap((value, k) => {
      const floor = floors[k];
      return floor === undefined || floor <= 0 ? [] : [value / floor];
    }),
  );
}

export interface Spread {
  readonly n: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    n: values.length,
    min: quantile(values, 0),
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    max: quantile(values, 1),
  };
}

/** A number with a fixed count of decimals, or `–` when it is not a finite number. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "–";
}

/** Rounds for JSON output (keeps the results file readable). */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function ratio(value: number, floor: number): number {
  return floor > 0 ? value / floor : Number.NaN;
}

export const times = (value: number): string => `${fixed(value, 2)}×`;
export const percent = (value: number): string => `${fixed(value * 100, 0)} %`;
