import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Docker-backed suites share one engine; keep files parallel but bounded on 2 cores.
    maxWorkers: 2,
    coverage: {
      // `npm run coverage`: in-process code only (CLI tests spawn Node, which v8 coverage does not follow).
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      // A floor, a little under what the fast in-process tests alone reached (statements 32.9%,
      // branches 28.4%, functions 31.7%, lines 34.8%; docs/architecture.md); the whole suite covers more.
      // Raise it when the figure rises; never lower it to pass.
      thresholds: { statements: 31, branches: 27, functions: 30, lines: 33 },
    },
  },
});
