import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FORMATS, renderReport, type ReportInput } from "../../src/report/index.js";
import { BASE_DIR, sampleReport } from "../report/sample.js";

/**
 * Golden reports: test/golden/<case>.<format>.golden. Regenerate only on purpose with
 * UPDATE_GOLDEN=1 npx vitest run test/golden, then review the diff.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const CASES: Record<string, () => ReportInput> = {
  "mixed-batch": sampleReport,
  "approved-only": () => {
    const r = sampleReport();
    return { ...r, skills: r.skills.filter((s) => s.verdict.decision === "approved"), inputErrors: [], notSelected: undefined };
  },
};

describe.each(Object.keys(CASES))("golden %s", (name) => {
  it.each(FORMATS)("%s matches its golden file", (format) => {
    const text = renderReport(CASES[name]!(), format, { baseDir: BASE_DIR, includeDurations: false, toolVersion: "0.0.0-golden" });
    const file = join(HERE, `${name}.${format}.golden`);
    if (UPDATE || !existsSync(file)) {
      if (!UPDATE) throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/golden`);
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, "utf8"));
  });
});
