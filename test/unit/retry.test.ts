import { describe, expect, it } from "vitest";
import { fullJitterBackoff } from "../../shared/retry.ts";

/** A backoff that records each delay instead of waiting it, drawing `random` each time. */
function recordedBackoff(random: () => number, policy = { baseDelayMs: 100, maxDelayMs: 1_000 }) {
  const delays: number[] = [];
  const backoff = fullJitterBackoff(policy, {
    random,
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
  return { delays, backoff };
}

describe("fullJitterBackoff", () => {
  it("doubles the ceiling with every retry, up to the maximum", async () => {
    // Prepare: the highest draw, so each delay is its ceiling
    const { delays, backoff } = recordedBackoff(() => 0.999_999);

    // Act
    for (let retry = 1; retry <= 6; retry++) await backoff(retry);

    // Assess
    expect(delays.map(Math.round)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("draws each delay anywhere from zero to the ceiling", async () => {
    // Prepare
    const draws = [0, 0.5];
    const { delays, backoff } = recordedBackoff(() => draws.shift() ?? 0);

    // Act
    await backoff(3);
    await backoff(3);

    // Assess
    expect(delays).toEqual([0, 200]);
  });

  it("waits for real by default", async () => {
    // Prepare
    const backoff = fullJitterBackoff({ baseDelayMs: 20, maxDelayMs: 20 }, { random: () => 1 });
    const started = performance.now();

    // Act
    await backoff(1);

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});
