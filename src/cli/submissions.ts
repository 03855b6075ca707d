import { isAbsolute, relative } from "node:path";
import type { ProcessedSkill } from "../workflow/process-skills.js";
import type { SubmitRun } from "../workflow/submit.js";

/** One line per submission: id, state, and where the signature went. */
export function submissionLines(processed: readonly ProcessedSkill[], signing: SubmitRun["signing"] = { kind: "none" }): string[] {
  return processed.map((p) => {
    const s = p.submission;
    const what = p.kind === "analysed" ? `${s.skillName}${s.version ? ` ${s.version}` : ""}` : s.path;
    const where = p.kind === "analysed" && p.signatureWriteError ? ` (stored; could not write it beside the folder: ${p.signatureWriteError})` : ` -> ${p.kind === "analysed" ? p.signaturePath : ""}`;
    const key = signing.kind === "development" ? " with the DEVELOPMENT key" : "";
    const signed = p.kind === "analysed" && p.signature ? `; signed${key} (sequence ${p.signature.sequence})${where}` : "";
    const unsigned = p.kind === "analysed" && s.state === "approved" && !p.signature ? "; not signed (no SKILLSIGN_SIGNING_KEY configured)" : "";
    return `submission ${s.id}: ${what}: ${s.state}${signed}${unsigned}`;
  });
}

/** After a development-key run: the verify each signature passed, and how to get a real key. */
export function developmentKeyLines(run: Pick<SubmitRun, "signing" | "verified">, cwd = process.cwd()): string[] {
  const s = run.signing;
  if (s.kind !== "development") return [];
  const trust = shortPath(s.trustPath, cwd);
  const lines = [
    "",
    `Signed with the development key ${s.keyId.slice(0, 16)}… (${s.created ? "created now in" : "from"} ${s.dir}; label "development").`,
    "It is trusted only by its own trust file, never by $SKILLSIGN_HOME/trust.json or a production trust file.",
  ];
  for (const v of run.verified) {
    const dir = shortPath(v.path, cwd);
    lines.push(`verify: ${v.result.reason}: ${v.result.message}`, `  (again: skillsign verify ${dir} --trust ${trust})`);
  }
  lines.push(
    "Real keys: `skillsign keys generate --out DIR` (passphrase in SKILLSIGN_KEY_PASSPHRASE), then set",
    "SKILLSIGN_SIGNING_KEY=DIR/skillsign.key and give runtimes DIR/trust.json (docs/trust.md).",
  );
  return lines;
}

/** Relative to the working folder when below it, else absolute. */
function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/** What `--json` adds to the shared report: the submissions as recorded. */
export function submissionsJson(processed: readonly ProcessedSkill[]): object[] {
  return processed.map((p) => ({
    id: p.submission.id,
    path: p.submission.path,
    skill: p.submission.skillName,
    version: p.submission.version,
    state: p.submission.state,
    ...(p.kind === "analysed" && p.signature
      ? { signature: { sequence: p.signature.sequence, keyId: p.signature.keyId, path: p.signaturePath ?? null, ...(p.signatureWriteError ? { writeError: p.signatureWriteError } : {}) } }
      : {}),
    ...(p.submission.creatorNotice ? { creatorNotice: p.submission.creatorNotice } : {}),
    ...(p.submission.failureReason ? { failureReason: p.submission.failureReason } : {}),
  }));
}
