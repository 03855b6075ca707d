import { posix } from "node:path";

/**
 * A tool's own folder in the home directory (`~/.product-manager-skills/last-update-check`,
 * `~/.config/railway/…`) is where real skills keep caches and state. When the skill declares no
 * paths, such a write is inferred as the skill's permission (low, shown and signed), like the hosts
 * and programs it uses. The folder must be named after the skill or a program its command runs:
 * a dropper's hidden staging folder (`~/.x11-cache/`) is not, and the places that hold
 * credentials, agent configuration or code that runs later are never the skill's own.
 */

// Agent configuration, credentials, and folders whose contents run later or change other programs.
const NEVER_OWN =
  /^(?:\.ssh|\.gnupg|\.aws|\.azure|\.kube|\.docker|\.gcloud|\.config\/(?:gcloud|gh|git|autostart|systemd|environment\.d|fish|containers|pip|npm|Code|cursor|claude|codex)|\.claude|\.cursor|\.codex|\.gemini|\.continue|\.windsurf|\.codeium|\.aider|\.vscode|\.local\/bin|\.local\/share\/(?:systemd|applications|keyrings)|\.password-store|\.mozilla|\.pki|\.git|\.npm-global|\.cargo\/bin|\.pip|\.m2|\.gradle|\.bundle|\.terraform\.d)(?:\/|$)/i;
// Words too common to tie a folder to a skill.
const GENERIC = new Set(["skill", "skills", "agent", "agents", "config", "configs", "cache", "local", "share", "data", "tool", "tools", "helper", "helpers", "claude", "code", "update", "check", "script", "scripts", "main", "python", "python3", "node", "bash"]);

/** The dot-folder (or XDG folder) a home path sits in, relative to home: ".product-manager-skills", ".config/railway". */
function ownFolder(rel: string, isDir: boolean): string | undefined {
  // A file right in home (~/.npmrc, ~/.gitconfig) configures other programs: only folders count.
  const tail = isDir ? "(?:\\/|$)" : "\\/";
  const xdg = new RegExp(`^((?:\\.config|\\.local\\/share|\\.local\\/state)\\/[^/]+)${tail}`).exec(rel);
  if (xdg) return xdg[1];
  return new RegExp(`^(\\.[^/.][^/]*)${tail}`).exec(rel)?.[1];
}

function words(name: string): string[] {
  return name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 4 && !GENERIC.has(w));
}

/**
 * True when `path` lies in a home folder named after the skill (its project folder's name, the
 * skill's cleaned name) or after a program the command runs. `isDir`: the write created `path` as a folder.
 */
export function isOwnHomeFolder(path: string, home: string, work: string, programs: readonly string[], isDir = false): boolean {
  const p = posix.normalize(path);
  if (!p.startsWith(`${home}/`)) return false;
  const rel = p.slice(home.length + 1);
  if (NEVER_OWN.test(rel)) return false;
  const folder = ownFolder(rel, isDir);
  if (!folder) return false;
  const mine = new Set([...words(posix.basename(work)), ...programs.flatMap((prog) => words(posix.basename(prog)))]);
  return words(posix.basename(folder)).some((w) => mine.has(w));
}
