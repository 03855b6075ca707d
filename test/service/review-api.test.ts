import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { currentProcess } from "../../src/store/liveness.js";
import { useReviewedSubmission } from "./reviewed-submission.js";

const FIXTURE = join(__dirname, "..", "fixtures", "skills", "deps-unpinned-python");

/** Reviewer routes on the real single-machine queue (static stages in-process; sandbox stages skipped -> review). */
describe("reviewer API", () => {
  const s = useReviewedSubmission("skillsign-review-api-", FIXTURE);

  const post = (path: string, body: unknown) => s.h.fetch(path, { method: "POST", token: s.reviewer, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const err = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it("shows the submission with evidence and the diff against the last approved version", async () => {
    const d = (await (await s.h.fetch(`/v1/review/submissions/${s.id}`, { token: s.reviewer })).json()) as {
      submission: Record<string, unknown>;
      findings: { ruleId: string; file: string; line: number; evidence: string; fix: string }[];
      diff: { baseline?: unknown; files: { path: string; change: string }[] };
    };
    expect(d.submission).not.toHaveProperty("owner");
    expect(d.findings).toContainEqual(expect.objectContaining({ ruleId: "dependencies.git-dependency", file: "pyproject.toml", line: 10, fix: expect.any(String) }));
    expect(d.diff.baseline).toBeUndefined();
    expect(d.diff.files.map((f) => f.change)).toEqual(d.diff.files.map(() => "added"));
  });

  it("validates input: an unknown field or a bad id is 400", async () => {
    expect((await post(`/v1/review/submissions/${s.id}/reject`, { reason: "x", extra: 1 })).status).toBe(400);
    expect((await post(`/v1/review/submissions/abc/reject`, { reason: "x" })).status).toBe(400);
    expect((await post(`/v1/review/submissions/${s.id}/reject`, {})).status).toBe(400);
  });

  it("approve on a server without a signing key is 409 NOT_CONFIGURED and changes nothing", async () => {
    const res = await post(`/v1/review/submissions/${s.id}/approve`, { note: "fine" });
    expect(res.status).toBe(409);
    expect((await err(res)).code).toBe("NOT_CONFIGURED");
    expect(((await (await s.h.fetch(`/v1/submissions/${s.id}`, { token: s.creator })).json()) as { verdict: string }).verdict).toBe("review");
  });

  it("waive and reject are recorded under the reviewer's name; deciding twice is 409", async () => {
    const w = await post(`/v1/review/submissions/${s.id}/waive`, { ruleId: "dependencies.unpinned-version", reason: "lockfile coming", expires: "2099-01-01" });
    expect(w.status, JSON.stringify(await w.clone().json())).toBe(200);
    expect(await w.json()).toMatchObject({ waiver: { ruleId: "dependencies.unpinned-version", by: "rita" } });
    const past = await post(`/v1/review/submissions/${s.id}/waive`, { ruleId: "dependencies.unpinned-version", reason: "x", expires: "2001-01-01" });
    expect(past.status).toBe(400);
    expect((await post(`/v1/review/submissions/${s.id}/reject`, { reason: "pin the git dependency" })).status).toBe(200);
    const again = await post(`/v1/review/submissions/${s.id}/reject`, { reason: "again" });
    expect(again.status).toBe(409);
    expect((await err(again)).code).toBe("INVALID_STATE");
    const audit = await s.h.service.store.auditLog(s.id);
    expect(audit.filter((a) => ["waive", "review-reject"].includes(a.action)).map((a) => [a.action, a.actor])).toEqual([
      ["waive", "rita"],
      ["review-reject", "rita"],
    ]);
    const report = (await (await s.h.fetch(`/v1/submissions/${s.id}/report`, { token: s.creator })).json()) as { creatorNotice: string; verdict: string };
    expect(report.verdict).toBe("rejected");
    expect(report.creatorNotice).toContain("pin the git dependency");
  });

  it("lists failed (dead-letter) submissions for reviewers", async () => {
    const store = s.h.service.store;
    const sub = await store.createSubmission({ path: "upload:test", skillName: "stuck-skill", source: "submit", submittedBy: "alice", owner: currentProcess() });
    await store.failSubmission(sub.id, "retries exhausted: worker lost", "test", { deadLetter: true });
    const q = (await (await s.h.fetch("/v1/review/queue", { token: s.reviewer })).json()) as { deadLetter: { id: number; deadLetter: boolean; failureReason: string }[] };
    expect(q.deadLetter).toContainEqual(expect.objectContaining({ id: sub.id, deadLetter: true, failureReason: "retries exhausted: worker lost" }));
    expect(await (await s.h.fetch(`/v1/submissions/${sub.id}`, { token: s.creator })).json()).toMatchObject({ state: "failed", deadLetter: true, verdict: null });
  });
});
