import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, SKIP_UNNEEDED, cli, copyFixture, makeSandbox, openDb } from "./cli-harness.js";

async function until(what: string, check: () => boolean, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Sandbox = Awaited<ReturnType<typeof makeSandbox>>;

/**
 * Starts `submit` with a fake semgrep that says it started and then hangs, so a signal sent after
 * `started()` lands inside a stage. `killGroup()` removes the orphaned fake semgrep afterwards.
 */
function submitWithHangingSemgrep(sb: Sandbox, skill: string, env: NodeJS.ProcessEnv) {
  const bin = join(sb.root, "fakebin");
  const marker = join(sb.root, "semgrep-started");
  mkdirSync(bin);
  writeFileSync(join(bin, "semgrep"), `#!/bin/sh\ncase " $* " in *" --version "*) echo 1.99.0; exit 0;; esac\ntouch '${marker}'\nexec sleep 120\n`);
  chmodSync(join(bin, "semgrep"), 0o755);
  const child = spawn(process.execPath, [CLI, "submit", skill, "--policy", sb.policy, "--skip", "dependencies,build,image-scan,behavior"], {
    env: { ...env, PATH: `${bin}:/usr/bin:/bin`, SKILLSIGN_TOOLS: join(sb.root, "no-tools") },
    detached: true,
    stdio: "ignore",
  });
  const started = () => until("the semgrep stage to start", () => existsSync(marker));
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  return { child, started, killGroup };
}

describe("when submit is killed while a stage runs", () => {
  it("leaves a consistent database, and the next command marks the submission failed", async () => {
    const sb = await makeSandbox(["manifest", "patterns", "semgrep"]);
    const skill = copyFixture(sb, "store-benign-notes");
    const { child, started, killGroup } = submitWithHangingSemgrep(sb, skill, sb.signingEnv);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_c, sig) => r(sig)));
    try {
      await started();
      const db = openDb(sb);
      expect(db.prepare("SELECT id, state, owner_pid FROM submissions").all()).toEqual([{ id: 1, state: "running", owner_pid: child.pid }]);
      db.close();
      process.kill(child.pid!, "SIGKILL");
      expect(await exited).toBe("SIGKILL");
    } finally {
      killGroup();
    }

    const after = openDb(sb);
    expect(after.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(after.prepare("SELECT state FROM submissions WHERE id = 1").get()).toEqual({ state: "running" });
    expect(after.prepare("SELECT COUNT(*) AS n FROM stage_results").get()).toEqual({ n: 0 });
    after.close();

    const status = await cli(["status", "1"], sb.env);
    expect(status.code).toBe(0);
    expect(status.stderr).toContain("submission 1 failed: the process running it died during analysis");
    expect(status.stdout).toMatch(/state: +failed/);
    expect(status.stdout).toContain("Failed: process died during analysis");
    const again = await cli(["status", "1"], sb.env);
    expect(again.stderr).toBe("");

    const db = openDb(sb);
    expect(db.prepare("SELECT action, from_state, to_state, reason FROM audit_log WHERE submission_id = 1 ORDER BY id").all()).toEqual([
      expect.objectContaining({ action: "submit", to_state: "running" }),
      { action: "recover", from_state: "running", to_state: "failed", reason: "process died during analysis" },
    ]);
    db.close();

    const next = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED, "--skip", "semgrep"], sb.env);
    expect(next.code).toBe(10);
    expect(next.stdout).toMatch(/submission 2: store-benign-notes 1\.0\.0: review/);
  }, 150_000);
});

describe("when submit is interrupted with SIGTERM (a cancelled CI job)", () => {
  it("marks its submission failed at once and exits 143", async () => {
    const sb = await makeSandbox(["manifest", "patterns", "semgrep"]);
    const skill = copyFixture(sb, "store-benign-notes");
    const { child, started, killGroup } = submitWithHangingSemgrep(sb, skill, sb.env);
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      await started();
      process.kill(child.pid!, "SIGTERM");
      expect(await exited).toBe(143);
    } finally {
      killGroup();
    }
    const db = openDb(sb);
    expect(db.prepare("SELECT state, failure_reason FROM submissions").all()).toEqual([{ state: "failed", failure_reason: "interrupted by SIGTERM" }]);
    expect(db.prepare("SELECT action FROM audit_log ORDER BY id").all()).toEqual([{ action: "submit" }, { action: "fail" }]);
    db.close();
  }, 150_000);
});

describe("when someone tries to rewrite history", { timeout: 120_000 }, () => {
  it("the audit log refuses UPDATE and DELETE on a database made by the CLI", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const r = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(join(sb.home, "skillsign.db"));
    expect(() => db.prepare("UPDATE audit_log SET actor = 'mallory' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM audit_log").run()).toThrow(/append-only/);
    // Submission, verdict and the development-key signature (no key is configured), none rewritten.
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE actor = 'creator-test'").get()).toEqual({ n: 3 });
    db.close();
  });
});
