import { resolve } from "node:path";
import { UsageError } from "../errors.js";
import { isKnownRule } from "../report/rule-catalog.js";
import { permissionsHash } from "../signing/permissions-hash.js";
import { loadSkill } from "../skill/load.js";
import { takeSnapshot } from "../snapshot/snapshot.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import type { Store } from "../store/store.js";
import type { SubmissionRecord } from "../store/store.types.js";
import type { Policy } from "../verdict/policy.js";

/**
 * A waiver must name a rule the policy lets reviewers waive and a rule that exists: one the
 * submission reported, or one a stage defines (pattern database, Semgrep rules, built-in rules,
 * the policy's own overrides). A typo would otherwise be accepted and silence nothing.
 */
export async function checkWaivable(store: Store, sub: SubmissionRecord, ruleId: string, policy: Policy): Promise<void> {
  if (policy.neverWaive.includes(ruleId)) {
    throw new UsageError("NOT_WAIVABLE", `${ruleId} can never be waived (the policy lists it under neverWaive); reject the submission or fix the skill instead`);
  }
  const reported = [...new Set((await store.findings(sub.id)).map((f) => f.ruleId))].sort();
  if (reported.includes(ruleId) || isKnownRule(ruleId) || ruleId in policy.rules || ruleId in policy.confirm) return;
  const near = reported.filter((r) => r.split(".").pop() === ruleId.split(".").pop() || r.includes(ruleId) || ruleId.includes(r));
  const hint = near.length > 0 ? `did you mean ${near.join(", ")}?` : reported.length > 0 ? `submission ${sub.id} reported: ${reported.join(", ")}` : `submission ${sub.id} reported no findings`;
  throw new UsageError("UNKNOWN_RULE", `unknown rule id "${ruleId}": no stage defines it and submission ${sub.id} did not report it (${hint})`);
}

/**
 * Re-snapshots the reviewer's own checkout and refuses when it is not the content that was
 * analysed (content and permissions hashes), so a decision is never about files nobody analysed.
 */
export async function snapshotSameContent(sub: SubmissionRecord, dir: string, home: string, what: string): Promise<Snapshot> {
  const snapshot = await takeSnapshot(resolve(dir), { storeDir: resolve(home, "snapshots") });
  const skill = loadSkill(snapshot);
  if (snapshot.contentHash !== sub.contentHash || permissionsHash(skill.permissions) !== sub.permissionsHash) {
    throw new UsageError(
      "CONTENT_MISMATCH",
      `the skill at ${dir} changed since submission ${sub.id} was analysed (content ${snapshot.contentHash.slice(0, 12)}…, analysed ${(sub.contentHash ?? "none").slice(0, 12)}…); refusing to ${what} files nobody reviewed (check out the submitted version, or submit it again)`,
    );
  }
  return snapshot;
}
