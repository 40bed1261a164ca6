import { defineConfig } from "vitest/config";

/** Functions run in-process log as in Lambda; tests that check logs set their own level. */
const quietPowertools = { POWERTOOLS_LOG_LEVEL: "WARN", POWERTOOLS_METRICS_DISABLED: "true" };

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
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
      { test: { name: "infra", include: ["test/infra/**/*.test.ts"], testTimeout: 120_000 } },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          env: quietPowertools,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
