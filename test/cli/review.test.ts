import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SKIP_UNNEEDED, cli, copyFixture, makeSandbox, openDb, submissionId } from "../workflow/cli-harness.js";

describe("skillsign review", { timeout: 240_000 }, () => {
  it("queues a borderline skill; approve needs a reviewer and a key, then signs and verify passes", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const sub = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.signingEnv);
    expect(sub.code).toBe(10);
    const id = submissionId(sub.stdout);

    const list = await cli(["review", "list"], sb.env);
    expect(list.stdout).toContain(`#${id}  store-borderline-autorun 2.1.0`);
    expect(list.stdout).toContain("patterns.skip-user-confirmation");
    const listJson = JSON.parse((await cli(["review", "list", "--json"], sb.env)).stdout);
    expect(listJson).toEqual([expect.objectContaining({ id, state: "review" })]);
    expect(listJson[0].decidingFindings[0].ruleId).toBe("patterns.skip-user-confirmation");

    const noReviewer = await cli(["review", "approve", String(id), "--note", "fine"], sb.signingEnv);
    expect(noReviewer.code).toBe(2);
    expect(noReviewer.stderr).toMatch(/--reviewer NAME or set SKILLSIGN_REVIEWER/);
    const noKey = await cli(["review", "approve", String(id), "--note", "fine", "--reviewer", "rita"], sb.env);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/SKILLSIGN_SIGNING_KEY/);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(false);

    const ok = await cli(["review", "approve", String(id), "--note", "runs only the toc script"], { ...sb.signingEnv, SKILLSIGN_REVIEWER: "rita" });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/approved by rita; signed \(sequence 1\)/);
    const v = await cli(["verify", skill, "--trust", sb.trustPath, "--json"], sb.env);
    expect(v.code).toBe(0);
    const envelope = JSON.parse(readFileSync(`${skill}.skillsig.json`, "utf8"));
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    expect(statement.predicate.approval).toMatchObject({ kind: "reviewer", by: "rita" });

    const again = await cli(["review", "approve", String(id), "--note", "x", "--reviewer", "rita"], sb.signingEnv);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is approved, not waiting for review/);

    const db = openDb(sb);
    const audit = db.prepare("SELECT actor, action, from_state, to_state FROM audit_log WHERE submission_id = ? ORDER BY id").all(id);
    expect(audit).toEqual([
      { actor: "creator-test", action: "submit", from_state: null, to_state: "running" },
      { actor: "creator-test", action: "analyse", from_state: "running", to_state: "review" },
      { actor: "rita", action: "review-approve", from_state: "review", to_state: "approved" },
      { actor: "rita", action: "sign", from_state: null, to_state: null },
    ]);
    expect(db.prepare("SELECT reviewer, decision, note FROM reviews").all()).toEqual([{ reviewer: "rita", decision: "approve", note: "runs only the toc script" }]);
    db.close();
  });

  it("refuses to sign when the folder changed after analysis", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const id = submissionId((await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env)).stdout);
    appendFileSync(join(skill, "scripts/toc.py"), "\nimport os\n");
    const r = await cli(["review", "approve", String(id), "--note", "ok", "--reviewer", "rita"], sb.signingEnv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/changed since submission/);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(false);
  });

  it("shows the diff against the last approved version, including a new network permission", async () => {
    const sb = await makeSandbox(["manifest", "patterns", "semgrep"]);
    const skill = copyFixture(sb, "store-benign-notes");
    // v1 approved (semgrep skipped here but the first policy does not require it).
    const loose = join(sb.root, "loose.yaml");
    writeFileSync(loose, readFileSync(sb.policy, "utf8").replace("required: [manifest, patterns, semgrep]", "required: [manifest, patterns]"));
    const v1 = await cli(["submit", skill, "--policy", loose, ...SKIP_UNNEEDED], sb.env);
    expect(v1.code).toBe(0);
    const md = readFileSync(join(skill, "SKILL.md"), "utf8")
      .replace("version: 1.0.0", "version: 1.1.0")
      .replace("      bins: [python3]", "      bins: [python3]\n      network: [sync.notes.invalid]");
    writeFileSync(join(skill, "SKILL.md"), md);
    writeFileSync(join(skill, "scripts/sync.py"), "print('sync')\n");
    const v2 = await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env);
    expect(v2.code).toBe(10);
    const id = submissionId(v2.stdout);

    const show = await cli(["review", "show", String(id)], sb.env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Changes since approved submission #${submissionId(v1.stdout)} (version 1.0.0)`);
    expect(show.stdout).toContain("permissions.network: +sync.notes.invalid");
    expect(show.stdout).toMatch(/added +scripts\/sync\.py/);
    expect(show.stdout).toMatch(/changed +SKILL\.md \(content, size\)/);
    expect(show.stdout).toMatch(/analysis incomplete: semgrep/);
    const j = JSON.parse((await cli(["review", "show", String(id), "--json"], sb.env)).stdout);
    expect(j.diff.permissions).toEqual([{ field: "network", added: ["sync.notes.invalid"], removed: [] }]);
    expect(j.diff.files).toEqual([
      { path: "SKILL.md", change: "changed", what: ["content", "size"] },
      { path: "scripts/sync.py", change: "added" },
    ]);
    expect(j.submission.permissions.network).toEqual(["sync.notes.invalid"]);
  });

  it("rejects with a reason the creator sees in status", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const id = submissionId((await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env)).stdout);
    const r = await cli(["review", "reject", String(id), "--reason", "ask before editing README", "--reviewer", "rita"], sb.env);
    expect(r.code).toBe(0);
    const s = await cli(["status", String(id)], sb.env);
    expect(s.stdout).toMatch(/state: +rejected/);
    expect(s.stdout).toContain("rejected by reviewer rita: ask before editing README");
    expect(s.stdout).toContain("patterns.skip-user-confirmation");
  });

  it("waives a rule for later submissions of the skill until the waiver expires", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "store-borderline-autorun");
    const id = submissionId((await cli(["submit", skill, "--policy", sb.policy, ...SKIP_UNNEEDED], sb.env)).stdout);
    const past = await cli(["review", "waive", String(id), "patterns.skip-user-confirmation", "--reason", "x", "--expires", "2001-01-01", "--reviewer", "rita"], sb.env);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/in the past/);
    const bad = await cli(["review", "waive", String(id), "r", "--reason", "x", "--expires", "soon", "--reviewer", "rita"], sb.env);
    expect(bad.code).toBe(2);

    const w = await cli(["review", "waive", String(id), "patterns.skip-user-confirmation", "--reason", "the toc script is harmless", "--expires", "2099-01-01", "--reviewer", "rita"], sb.env);
    expect(w.code).toBe(0);
    const next = await cli(["submit", skill, "--policy", sb.policy, "--json", ...SKIP_UNNEEDED], sb.signingEnv);
    expect(next.code).toBe(0);
    const out = JSON.parse(next.stdout);
    expect(out.skills[0].reasons).toEqual([expect.objectContaining({ kind: "waived", ruleId: "patterns.skip-user-confirmation" })]);
    expect(out.submissions[0].signature.sequence).toBe(1);
    const db = openDb(sb);
    expect(db.prepare("SELECT actor, action FROM audit_log WHERE action = 'waive'").all()).toEqual([{ actor: "rita", action: "waive" }]);
    db.close();
  });

  it("reports an unknown submission id as a usage error", async () => {
    const sb = await makeSandbox();
    for (const args of [["review", "show", "999"], ["status", "999"], ["review", "show", "abc"]]) {
      const r = await cli(args, sb.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no submission with id 999|not a submission id/);
    }
  });
});
