import { readSnapshotText } from "../snapshot/read.js";
import type { Snapshot } from "../snapshot/snapshot.types.js";
import { parseSkillMd, type ParsedSkillMd } from "./frontmatter.js";
import { emptyPermissions, normalisePermissions, type Permissions } from "./permissions.js";

export interface LoadedSkill {
  parsed: ParsedSkillMd;
  name: string;
  version: string;
  permissions: Permissions;
}

/** Reads SKILL.md from the snapshot and derives what the signature covers. */
export function loadSkill(snap: Snapshot): LoadedSkill {
  const decoded = readSnapshotText(snap, snap.skillMdPath);
  const parsed: ParsedSkillMd = decoded.ok
    ? parseSkillMd(decoded.text)
    : { ok: false, problem: "NOT_UTF8", message: `SKILL.md is not UTF-8 text (${decoded.reason === "binary" ? "it contains NUL bytes" : "invalid UTF-8 byte sequence"})`, line: 1, body: "" };
  if (!parsed.ok) return { parsed, name: "", version: "", permissions: emptyPermissions() };
  const data = parsed.data;
  const meta = (typeof data.metadata === "object" && data.metadata ? data.metadata : {}) as Record<string, unknown>;
  return {
    parsed,
    name: typeof data.name === "string" ? data.name : "",
    version: String(data.version ?? meta.version ?? ""),
    permissions: normalisePermissions(data),
  };
}
