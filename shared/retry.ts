/**
 * The hub's one backoff between retries: exponential with full jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter"), so that many clients retrying at once spread out instead of
 * hitting a throttled service in waves. No dependency: the adapters and the local hub share it.
 */

export interface BackoffPolicy {
  /** Retry n waits a random time below `baseDelayMs · 2^(n-1)`… */
  readonly baseDelayMs: number;
  /** …and below this, however many retries came before. */
  readonly maxDelayMs: number;
}

/** Waits before retry `retry` (1 for the first retry). */
export type Backoff = (retry: number) => Promise<void>;

export interface BackoffEnvironment {
  /** A number in [0, 1), as `Math.random` gives. */
  readonly random?: () => number;
  /** Waits that many milliseconds (tests pass one that records the delay and resolves at once). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function fullJitterBackoff(policy: BackoffPolicy, environment: BackoffEnvironment = {}): Backoff {
  const { random = Math.random, sleep = sleepFor } = environment;
  return (retry) => sleep(random() * Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs));
}
