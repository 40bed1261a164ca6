import { defineConfig } from "vitest/config";

// Test workers inherit this: the SDK's notice that its 2027 releases need Node 22 (the pinned one runs on 20).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Functions run in-process log as in Lambda; tests that check logs set their own level. */
const quietPowertools = { POWERTOOLS_LOG_LEVEL: "WARN", POWERTOOLS_METRICS_DISABLED: "true" };

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: on the 2-core machines that is one. Most files
    // wait on DynamoDB Local, the SQS emulator or a child process, so two keep both cores busy.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Property tests (1,000+ runs) and CLI processes take seconds when both cores are busy.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          env: quietPowertools,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "infra",
          include: ["test/infra/**/*.test.ts"],
          testTimeout: 120_000,
          // Files share their worker's modules, so each synthesis (test/infra/support/synth.ts) is made
          // once per worker rather than once per file. The templates are read-only to the tests.
          isolate: false,
        },
      },
      {
        test: {
          name: "soak",
          include: ["test/soak/**/*.test.ts"],
          env: quietPowertools,
          // Each file runs a whole local hub: one at a time on a 2-core machine, in one worker that
          // keeps its modules, so the deployment is synthesized for the local hub once, not per file.
          fileParallelism: false,
          isolate: false,
          // After the parallel projects (a project with one worker needs a group of its own).
          sequence: { groupOrder: 1 },
          testTimeout: 600_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          env: quietPowertools,
          // Each file runs whole local hubs: one file at a time on a 2-core machine, in one worker that
          // keeps its modules, so each deployment is synthesized for the local hubs once, not per file.
          fileParallelism: false,
          isolate: false,
          // After the parallel projects (a project with one worker needs a group of its own).
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
