import { afterEach, describe, expect, it } from "vitest";
import { type LocalScheduler, startLocalScheduler } from "../../../local/scheduled-jobs.ts";

let scheduler: LocalScheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe("the local scheduler", () => {
  it("runs a job when the CLI posts to its route, with the body as input", async () => {
    scheduler = await startLocalScheduler([{ name: "echo", run: async (input) => ({ got: input }) }]);
    const response = await fetch(`${scheduler.endpoint}/jobs/echo`, {
      method: "POST",
      body: JSON.stringify({ month: "2026-10" }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { got: { month: "2026-10" } } });
  });

  it("answers 404 with the job names for an unknown job, and 500 with the message when a run fails", async () => {
    scheduler = await startLocalScheduler([
      {
        name: "broken",
        run: async () => {
          throw new Error("store down");
        },
      },
    ]);
    const unknown = await fetch(`${scheduler.endpoint}/jobs/nope`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "job.unknown", message: "Jobs: broken." } });
    const failed = await fetch(`${scheduler.endpoint}/jobs/broken`, { method: "POST" });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: { code: "job.failed", message: "store down" } });
  });

  it("never overlaps two runs of one job", async () => {
    let active = 0;
    let most = 0;
    scheduler = await startLocalScheduler([
      {
        name: "slow",
        run: async () => {
          active += 1;
          most = Math.max(most, active);
          await new Promise<void>((resolve) => setImmediate(resolve));
          active -= 1;
        },
      },
    ]);
    await Promise.all([scheduler.run("slow"), scheduler.run("slow"), scheduler.run("slow")]);
    expect(most).toBe(1);
  });
});
