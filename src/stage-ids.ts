/** Every stage id, in pipeline order (trivy's const.go). `--skip` is checked against this list. */
export const STAGE_IDS = ["manifest", "patterns", "secrets", "semgrep", "dependencies", "build", "image-scan", "behavior"] as const;
export type StageId = (typeof STAGE_IDS)[number];

export function isStageId(s: string): s is StageId {
  return (STAGE_IDS as readonly string[]).includes(s);
}
