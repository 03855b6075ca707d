import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Docker-backed suites share one engine; keep files parallel but bounded on 2 cores.
    maxWorkers: 2,
  },
});
