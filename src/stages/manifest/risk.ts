import type { LoadedSkill } from "../../skill/load.js";
import type { Snapshot } from "../../snapshot/snapshot.types.js";
import { isExecutableCode } from "./code-sources.js";
import type { ToolGrants } from "./grants.js";
import { CAPABILITIES, type UseSite } from "./manifest.types.js";

const MAX_LISTED = 3;

/**
 * A skill is high-risk when it can act, not only advise: it ships code, gets a shell,
 * reaches the network, installs things, or its code touches the outside. The behaviour
 * stage runs only for these. An unreadable frontmatter is high-risk (fail closed).
 */
export function assessRisk(snap: Snapshot, skill: LoadedSkill, grants: ToolGrants, sites: UseSite[]): string[] {
  const reasons: string[] = [];
  const code = snap.files.filter((f) => f.path !== snap.skillMdPath && isExecutableCode(f.path, f.executable)).map((f) => f.path);
  if (code.length > 0) reasons.push(`ships executable code: ${list(code)}`);
  if (grants.shell.length > 0) reasons.push(`allowed-tools grants shell access: ${list(grants.shell)}`);
  const perms = skill.permissions;
  if (perms.network.length > 0) reasons.push(`declares network access: ${list(perms.network)}`);
  if (perms.install.length > 0) reasons.push(`declares install steps: ${list(perms.install.map((s) => s.kind))}`);
  for (const cap of CAPABILITIES) {
    const at = sites.filter((s) => s.capability === cap).map((s) => `${s.file}:${s.line}`);
    if (at.length > 0) reasons.push(`code uses ${cap}: ${list(at)}`);
  }
  if (!skill.parsed.ok) reasons.push("SKILL.md frontmatter could not be read, so what the skill declares is unknown");
  return reasons;
}

function list(xs: string[]): string {
  const unique = [...new Set(xs)];
  return unique.length <= MAX_LISTED ? unique.join(", ") : `${unique.slice(0, MAX_LISTED).join(", ")} and ${unique.length - MAX_LISTED} more`;
}
