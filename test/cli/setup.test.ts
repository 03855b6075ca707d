import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDist } from "../helpers/build.js";
import { REPO_ROOT } from "../helpers/hostile.js";
import { packageRootForNobody, removeReadableCopy } from "../helpers/readable-copy.js";

const BIN = join(REPO_ROOT, "dist/bin/skillsign.js");
const HAS_SETPRIV = spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0 && process.getuid?.() === 0;

function setup(args: string[], asNobody = false) {
  const argv = asNobody
    ? ["setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", process.execPath, join(packageRootForNobody(), "dist/bin/skillsign.js"), "setup", ...args]]
    : [process.execPath, [BIN, "setup", ...args]];
  // nobody cannot enter a clone in a private (0700) folder: it runs a readable copy from the temp dir.
  return spawnSync(argv[0] as string, argv[1] as string[], { encoding: "utf8", cwd: asNobody ? tmpdir() : REPO_ROOT, timeout: 60_000 });
}

describe("skillsign setup", { timeout: 120_000 }, () => {
  beforeAll(() => ensureDist());
  afterAll(() => removeReadableCopy());

  it("runs scripts/setup and streams its output (--print-base-tag needs no root)", () => {
    const r = setup(["--print-base-tag"]);
    const tag = /^SKILLSIGN_BASE_TAG=(\S+)$/m.exec(readFileSync(join(REPO_ROOT, "docker/base-image.env"), "utf8"))![1];
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(tag);
  });

  it("passes the script's usage error through as exit 2", () => {
    const r = setup(["--no-such-option"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown argument '--no-such-option'");
  });

  it.skipIf(!HAS_SETPRIV)("refuses to run without root, with a clear message and exit 2 (no stack trace)", () => {
    const r = setup(["--only", "trivy"], true);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^skillsign: error \[USAGE_ERROR\]: setup needs root: .*Run: sudo skillsign setup\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs independent components in parallel, a dependent one after its prerequisite, and collects failures", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillsign-schedule-"));
    const script = `
      set -uo pipefail
      SKILLSIGN_SETUP_LOG_DIR=${dir}/logs
      source scripts/lib/common.sh; source scripts/lib/schedule.sh
      ONLY=() SKIP=(e)
      declare -A COMPONENT_DEPS=([c]=a)
      setup_a() { sleep 1; touch ${dir}/a.done; status_line ok a "slept"; }
      setup_b() { sleep 1; status_line ok b "slept"; }
      setup_c() { [[ -f ${dir}/a.done ]] || { fail c "a not finished" "fix the scheduler"; return 1; }; sleep 1; status_line installed c "after a"; }
      setup_d() { sleep 1; fail d "broken on purpose" "nothing"; }
      setup_e() { status_line ok e "must not run"; }
      t0=$(now_ms); run_components a b c d e
      echo "elapsed=$(( $(now_ms) - t0 )) failures=\${SETUP_FAILURES[*]}"`;
    const r = spawnSync("bash", ["-c", script], { cwd: REPO_ROOT, encoding: "utf8", timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^\[skipped\] +e +\(--skip\)$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[1]).sort()).toEqual(["a", "b", "d"]);
    expect(lines[4]).toMatch(/^\[installed\] +c +after a$/);
    const [, ms, failures] = /^elapsed=(\d+) failures=(.*)$/.exec(lines[5]!)!;
    // Four 1-second components: ~2 s in parallel (a, b, d together, then c), 4 s one after another.
    expect(Number(ms)).toBeLessThan(3_500);
    expect(failures).toBe("d");
  });
});

