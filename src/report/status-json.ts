/**
 * `status --json`, `history --json` and `review show --json` name the skill `skill`, as the
 * report's submissions and `review list` do (the store's record calls it `skillName`).
 * Machine-local fields (the owning process) and the signature envelope are left out.
 * Schema: schemas/status.schema.json.
 */
type SubmissionLike = { id: number; skillName: string; owner?: unknown; files?: unknown };
type SignatureLike = { id: number; skillName: string; envelope?: unknown };

export function submissionJson<T extends SubmissionLike>(sub: T): Record<string, unknown> {
  const { id, skillName, owner: _owner, ...rest } = sub;
  return { id, skill: skillName, ...rest };
}

export function signatureJson<T extends SignatureLike>(sig: T): Record<string, unknown> {
  const { id, skillName, envelope: _envelope, ...rest } = sig;
  return { id, skill: skillName, ...rest };
}

/** `status ID --json`: the submission and its signature (null when unsigned). */
export function statusJson<S extends SubmissionLike, G extends SignatureLike>(sub: S, signature: G | null | undefined): Record<string, unknown> {
  return { schemaVersion: 1, ...submissionJson(sub), signature: signature ? signatureJson(signature) : null };
}

/** `history SKILL --json`: every submission (without file lists) and signature of a skill. */
export function historyJson<S extends SubmissionLike, G extends SignatureLike>(skill: string, subs: readonly S[], sigs: readonly G[]): Record<string, unknown> {
  return { schemaVersion: 1, skill, submissions: subs.map(({ files: _files, ...s }) => submissionJson(s)), signatures: sigs.map((g) => signatureJson(g)) };
}
