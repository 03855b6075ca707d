import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildScanRoot } from "../../src/stages/semgrep/scan-root.js";

describe("semgrep scan root", () => {
  it("mirrors every target under one folder and maps output paths back", () => {
    const base = mkdtempSync(join(tmpdir(), "skillsign-scanroot-"));
    const targets = ["a", "b"].map((n) => {
      const t = join(base, "snapshots", n);
      mkdirSync(join(t, "scripts"), { recursive: true });
      writeFileSync(join(t, "scripts", "run.sh"), `echo ${n}\n`);
      return t;
    });
    const root = buildScanRoot(join(base, "state"), targets);
    expect(readFileSync(join(root.dir, "1", "scripts", "run.sh"), "utf8")).toBe("echo b\n");
    expect(statSync(join(root.dir, "0", "scripts", "run.sh")).ino).toBe(statSync(join(targets[0]!, "scripts", "run.sh")).ino);

    const out = root.restore({
      results: [{ check_id: "x", path: join(root.dir, "1", "scripts", "run.sh"), start: { line: 1, col: 1 }, end: { line: 1, col: 2 }, extra: {} }],
      errors: [{ path: join(root.dir, "0", "scripts", "run.sh") }, { message: "no path" }],
      paths: { scanned: [join(root.dir, "0", "scripts", "run.sh"), "/elsewhere/file.py"] },
    });
    expect(out.results[0]!.path).toBe(join(targets[1]!, "scripts", "run.sh"));
    expect(out.errors).toEqual([{ path: join(targets[0]!, "scripts", "run.sh") }, { message: "no path" }]);
    expect(out.paths!.scanned).toEqual([join(targets[0]!, "scripts", "run.sh"), "/elsewhere/file.py"]);

    root.remove();
    expect(existsSync(root.dir)).toBe(false);
  });

  it("mirrors .min.js and .d.ts under names semgrep scans, without clobbering a sibling, and maps them back", () => {
    const base = mkdtempSync(join(tmpdir(), "skillsign-scanroot-"));
    const t = join(base, "snapshots", "s");
    mkdirSync(t, { recursive: true });
    writeFileSync(join(t, "a.min.js"), "payload\n");
    writeFileSync(join(t, "a.min.js~.js"), "sibling\n");
    writeFileSync(join(t, "x.d.ts"), "types\n");
    const root = buildScanRoot(join(base, "state"), [t]);
    expect(readdirSync(join(root.dir, "0")).sort()).toEqual(["a.min.js~.js", "a.min.js~~.js", "x.d.ts~.ts"]);
    expect(readFileSync(join(root.dir, "0", "a.min.js~.js"), "utf8")).toBe("sibling\n");
    expect(readFileSync(join(root.dir, "0", "a.min.js~~.js"), "utf8")).toBe("payload\n");
    const alias = join(root.dir, "0", "a.min.js~~.js");
    const out = root.restore({
      results: [{ check_id: "x", path: alias, start: { line: 1, col: 1 }, end: { line: 1, col: 2 }, extra: {} }],
      errors: [{ path: join(root.dir, "0", "x.d.ts~.ts"), message: `Syntax error at line ${join(root.dir, "0", "x.d.ts~.ts")}:1` }],
      paths: { scanned: [alias, join(root.dir, "0", "a.min.js~.js")] },
    });
    expect(out.results[0]!.path).toBe(join(t, "a.min.js"));
    expect(out.errors[0]).toEqual({ path: join(t, "x.d.ts"), message: `Syntax error at line ${join(t, "x.d.ts")}:1` });
    expect(out.paths!.scanned).toEqual([join(t, "a.min.js"), join(t, "a.min.js~.js")]);
    root.remove();
  });
});
