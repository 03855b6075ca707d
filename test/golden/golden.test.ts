import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORMATS, renderReport, type ReportInput } from "../../src/report/index.js";
import { fixtureRun, GOLDEN_RUNS } from "./fixture-run.js";

/**
 * Golden reports: test/golden/<case>.<format>.golden, rendered from real static scans of the
 * fixtures (fixture-run.ts). Regenerate on purpose only with `npm run goldens`, then review the diff.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

describe.each(Object.keys(GOLDEN_RUNS))("golden %s", { timeout: 300_000 }, (name) => {
  let run: { report: ReportInput; baseDir: string; cleanup: () => void };
  beforeAll(async () => {
    run = await fixtureRun(GOLDEN_RUNS[name]!);
  }, 300_000);
  afterAll(() => run?.cleanup());

  it.each(FORMATS)("%s matches its golden file", (format) => {
    const text = renderReport(run.report, format, { baseDir: run.baseDir, includeDurations: false, toolVersion: "0.0.0-golden" });
    const file = join(HERE, `${name}.${format}.golden`);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`missing golden file ${file}: run npm run goldens`);
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, "utf8"));
  });
});
