import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findToolPath } from "../../src/tools/index.js";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox, openDb, submissionId } from "../workflow/cli-harness.js";

const SANDBOX_STAGES = ["--skip", "build,image-scan,behavior"];

describe("skillsign submit", { timeout: 240_000 }, () => {
  it("approves and signs a benign skill, and verify accepts the signature", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const r = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/APPROVED/);
    expect(r.stdout).toMatch(/signed \(sequence 1\)/);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(true);
    const v = await cli(["verify", skill, "--trust", sb.trustPath], sb.env);
    expect(v.stdout).toMatch(/^ok/);
    expect(v.code).toBe(0);

    const db = openDb(sb);
    const sig = db.prepare("SELECT skill_name, sequence, key_id, submission_id FROM skills_signatures").all();
    expect(sig).toEqual([expect.objectContaining({ skill_name: "store-benign-notes", sequence: 1, submission_id: submissionId(r.stdout) })]);
    // The passphrase never reaches the store or the output.
    const dump = JSON.stringify(db.prepare("SELECT * FROM audit_log").all()) + r.stdout;
    expect(dump).not.toContain("store-test-passphrase");
    db.close();
  });

  it.skipIf(!findToolPath("semgrep"))("runs every static stage for real (Semgrep included) and still approves and signs the benign skill", async () => {
    const sb = await makeSandbox(["manifest", "patterns", "semgrep", "dependencies"]);
    const skill = copyFixture(sb, "store-benign-notes");
    const r = await cli(["submit", skill, "--json", "--policy", sb.policy, ...SANDBOX_STAGES], sb.signingEnv);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    const semgrep = out.skills[0].stages.find((s: { stageId: string }) => s.stageId === "semgrep");
    expect(semgrep).toMatchObject({ status: "passed", tool: { name: "semgrep" } });
    expect(r.code).toBe(0);
    expect(out.submissions[0].signature.sequence).toBe(1);
    expect((await cli(["verify", skill, "--trust", sb.trustPath], sb.env)).code).toBe(0);
  });

  it("signs with the development key when no key is configured, and says so (issue 13)", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const r = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/signed with the DEVELOPMENT key \(sequence 1\)/);
    expect(r.stdout).toMatch(/^verify: ok: store-benign-notes is signed by trusted key/m);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(true);
    // The production default trust file does not exist and does not get the development key.
    expect(existsSync(`${sb.home}/trust.json`)).toBe(false);
  });

  it("rejects a malicious skill with every reason and fix, and status shows the creator notice again", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-malicious-installer");
    const r = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect(r.code).toBe(20);
    expect(r.stdout).toMatch(/REJECTED/);
    expect(r.stdout).toContain("patterns.curl-pipe-shell");
    expect(r.stdout).toMatch(/fix: Ship the script inside the skill/);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(false);
    const id = submissionId(r.stdout);

    const s = await cli(["status", String(id)], sb.env);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/state: +rejected/);
    expect(s.stdout).toContain('Your skill "store-malicious-installer" was rejected.');
    expect(s.stdout).toContain("SKILL.md:15");
    const j = JSON.parse((await cli(["status", String(id), "--json"], sb.env)).stdout);
    expect(j).toMatchObject({ id, state: "rejected", skill: "store-malicious-installer" });
    expect(j.creatorNotice).toMatch(/curl-pipe-shell/);
  });

  it("queues a borderline skill for review and prints JSON with the submission id", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const r = await cli(["submit", skill, "--json", "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect(r.code).toBe(10);
    const out = JSON.parse(r.stdout);
    expect(out.skills[0].verdict).toBe("review");
    expect(out.submissions).toEqual([expect.objectContaining({ state: "review", skill: "store-borderline-autorun", version: "2.1.0" })]);
    expect(out.submissions[0].signature).toBeUndefined();
  });

  it("routes to review, never approval, when a required stage is skipped or cannot run", async () => {
    const sb = await makeSandbox(["manifest", "patterns", "semgrep"]);
    const skill = copyFixture(sb, "store-benign-notes");
    const skipped = await cli(["submit", skill, "--policy", sb.policy, "--skip", "semgrep", ...SKIP_UNNEEDED], sb.signingEnv);
    expect(skipped.code).toBe(10);
    expect(skipped.stdout).toMatch(/analysis incomplete: semgrep/);
    // semgrep not on PATH: the stage errors (or reports the tool missing) and the verdict fails closed.
    const noTools = { ...sb.signingEnv, PATH: "/usr/bin:/bin", SKILLSIGN_TOOLS: "/nonexistent" };
    const missing = await cli(["submit", skill, "--policy", sb.policy, "--skip", "dependencies,build,image-scan,behavior"], noTools);
    expect(missing.code).toBe(10);
    expect(missing.stdout).toMatch(/analysis incomplete: semgrep/);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(false);
    const db = openDb(sb);
    expect(db.prepare("SELECT COUNT(*) AS n FROM skills_signatures").get()).toEqual({ n: 0 });
    db.close();
  });

  it("exits 2 with a clear message for a missing folder, a bad policy, an unreachable postgres store or a key without passphrase", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-benign-notes");
    const missing = await cli(["submit", `${sb.root}/nope`], sb.env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    const badPolicy = await cli(["submit", skill, "--policy", `${sb.root}/nope.yaml`], sb.env);
    expect(badPolicy.code).toBe(2);
    const pg = await cli(["submit", skill, "--db", "postgres://u@127.0.0.1:1/x", ...SKIP_UNNEEDED], sb.env);
    expect(pg.code).toBe(2);
    expect(pg.stderr).toMatch(/cannot open the PostgreSQL store/);
    const noPass = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], { ...sb.signingEnv, SKILLSIGN_KEY_PASSPHRASE: "" });
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toMatch(/SKILLSIGN_KEY_PASSPHRASE/);
    for (const r of [missing, badPolicy, pg, noPass]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(sb.policy, "utf8")).toContain("schemaVersion");
  });

  it("records a snapshot refusal as a failed submission and exits 2", async () => {
    const sb = await makeSandbox();
    const { symlinkSync, mkdirSync, writeFileSync } = await import("node:fs");
    const skill = `${sb.root}/skills/linky`;
    mkdirSync(skill, { recursive: true });
    writeFileSync(`${skill}/SKILL.md`, "---\nname: linky\ndescription: x\n---\nhi\n");
    symlinkSync("/etc/passwd", `${skill}/passwd`);
    const r = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env);
    expect(r.code).toBe(2);
    const db = openDb(sb);
    const row = db.prepare("SELECT state, failure_reason FROM submissions").get() as { state: string; failure_reason: string };
    expect(row.state).toBe("failed");
    expect(row.failure_reason).toMatch(/input refused/);
    db.close();
  });
});
