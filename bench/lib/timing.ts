/**
 * Micro-benchmark timing: a warm-up (which also calibrates how many calls fill one sample), then
 * many samples of many calls each. A sample's value is its time per unit (per record); the result is
 * the median of the samples, with the 10th and 90th percentiles to show the noise.
 */
import { quantile } from "./stats.ts";

export interface TimingPlan {
  /** Calls made before sampling (JIT warm-up), for at least this long. */
  readonly warmupMs: number;
  /** Target duration of one sample. */
  readonly sampleMs: number;
  readonly samples: number;
}

export interface Timing {
  /** Median time per unit (µs). */
  readonly medianUs: number;
  readonly p10Us: number;
  readonly p90Us: number;
  readonly samples: number;
  readonly callsPerSample: number;
  /** Every sample, in order (µs per unit); with `timeSuite`, sample k of every entry was taken in round k. */
  readonly perUnitUs: readonly number[];
}

/** Results are folded into this so that no call can be optimised away. */
let sink = 0;
const fold = (value: unknown): void => {
  sink = (sink + (value === undefined || value === null ? 0 : 1)) | 0;
};
/** Read once at the end of a run (printed in the results' metadata) so `sink` is observably used. */
export const timingSink = (): number => sink;

function summarise(perUnitUs: number[], callsPerSample: number): Timing {
  return {
    medianUs: quantile(perUnitUs, 0.5),
    p10Us: quantile(perUnitUs, 0.1),
    p90Us: quantile(perUnitUs, 0.9),
    samples: perUnitUs.length,
    callsPerSample,
    perUnitUs,
  };
}

/** One measurement of a suite: a call, sync or async, and how many units (records) one call handles. */
export interface SuiteEntry {
  readonly name: string;
  readonly unitsPerCall: number;
  readonly call: (i: number) => unknown;
  /** When true, each call's result is awaited. */
  readonly async?: boolean;
}

async function runCalls(entry: SuiteEntry, from: number, count: number): Promise<void> {
  if (entry.async === true) {
    for (let c = 0; c < count; c++) fold(await entry.call(from + c));
  } else {
    for (let c = 0; c < count; c++) fold(entry.call(from + c));
  }
}

/**
 * Times several calls side by side: each is warmed up and calibrated, then the samples are taken
 * round-robin (one sample of each call in turn), so that a GC pause, a JIT tier-up or a noisy
 * neighbour spreads over all of them instead of skewing one.
 */
export async function timeSuite(
  entries: readonly SuiteEntry[],
  plan: TimingPlan,
): Promise<Record<string, Timing>> {
  const state = entries.map((entry) => ({ entry, calls: 0, callsPerSample: 1, perUnitUs: [] as number[] }));
  for (const s of state) {
    const start = performance.now();
    while (performance.now() - start < plan.warmupMs || s.calls < 3) {
      await runCalls(s.entry, s.calls, 1);
      s.calls += 1;
    }
    const perCallMs = (performance.now() - start) / s.calls;
    s.callsPerSample = Math.max(1, Math.round(plan.sampleMs / perCallMs));
  }
  for (let sample = 0; sample < plan.samples; sample++) {
    for (const s of state) {
      const start = performance.now();
      await runCalls(s.entry, s.calls, s.callsPerSample);
      s.perUnitUs.push(((performance.now() - start) * 1000) / (s.callsPerSample * s.entry.unitsPerCall));
      s.calls += s.callsPerSample;
    }
  }
  return Object.fromEntries(state.map((s) => [s.entry.name, summarise(s.perUnitUs, s.callsPerSample)]));
}

/** Times one call alone: a suite of one. */
export async function timeCall(entry: SuiteEntry, plan: TimingPlan): Promise<Timing> {
  const timing = (await timeSuite([entry], plan))[entry.name];
  if (timing === undefined) throw new Error(`no timing for ${entry.name}`);
  return timing;
}

/** Runs every entry for about `ms` in total, round-robin: a mixed warm-up, as production traffic is. */
export async function warmUp(entries: readonly SuiteEntry[], ms: number): Promise<void> {
  const start = performance.now();
  let i = 0;
  while (performance.now() - start < ms) {
    for (const entry of entries) await runCalls(entry, i, 2);
    i += 2;
  }
}
