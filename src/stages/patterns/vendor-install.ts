import type { MatchContext } from "./context.js";
import { lineText, type ScanDoc } from "./text.js";

/**
 * A download-and-run one-liner that installs a named tool from that tool's own site
 * (`curl -fsSL https://railway.com/install.sh | sh` under "Install the Railway CLI"). That is the
 * documented installer of a third-party tool, shown to the user, not a payload hidden in the skill.
 * The same command for an unnamed "helper toolkit" from a host the text never names, over plain
 * http, to an IP address, or told to run silently keeps its full weight.
 */
export interface VendorInstall {
  tool: string;
  host: string;
}

// The URL right after the downloader (curl/wget/iwr/irm/Invoke-*), with or without a scheme.
const DOWNLOADER = /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString)\b[^\n|;&]{0,200}?\b((?:https?:\/\/)?[a-z0-9][a-z0-9.-]*\.[a-z]{2,}(?::\d+)?(?:\/[^\s'"`|;&)<>]*)?)/i;
const IP_HOST = /^\d{1,3}(?:\.\d{1,3}){3}$|^\[/;
// Host labels and path parts that name no tool.
const GENERIC = new Set([
  "www", "get", "cli", "install", "installer", "sh", "dl", "download", "downloads", "raw", "cdn", "static", "releases",
  "release", "api", "setup", "init", "app", "assets", "files", "pkg", "pkgs", "packages", "scripts", "script", "main",
  "master", "latest", "bin", "tools", "githubusercontent", "github", "gitlab", "bitbucket", "com", "org", "net", "io",
]);
const INSTALL_WORDS = /\b(?:install(?:s|ed|ing|ation)?|download(?:s|ed|ing)?|set\s*up|setup|prerequisites?|requirements?|getting\s+started|not\s+found|missing|upgrade|update)\b/i;
// Told to run it out of the user's sight: a vendor name does not excuse that.
const CONCEALED =
  /\b(?:silently|quietly|secretly|without\s+(?:telling|asking|showing|informing|notifying)|(?:do\s+not|don'?t|never)\s+(?:tell|mention|show|inform|notify|ask)|hide|hidden|in\s+the\s+background)\b/i;
// Fetched and run again and again (a loop, a service unit, cron): a beacon, not an install.
const RECURRING = /\bwhile\s+(?:true|:)|\bsleep\s+\d|\bExecStart\s*=|@reboot\b|\bcrontab\b|(?:^|\s)\*\/\d+\s+\*/i;
const CONTEXT_LINES = 6;
const WINDOW = 300;

/** The tool and host when the matched command is a named tool's installer from its own site, else undefined. */
export function vendorInstall(doc: ScanDoc, line: number, index: number): VendorInstall | undefined {
  // A window around the match, not the whole line: a 1 MB line with many matches stays linear.
  const col = index - doc.lineStarts[line - 1]!;
  const text = clipLine(lineText(doc, line), col);
  const url = DOWNLOADER.exec(text)?.[1];
  if (!url || /^http:\/\//i.test(url) || RECURRING.test(text)) return undefined;
  const [hostPort = "", ...path] = url.replace(/^https?:\/\//i, "").split("/");
  const host = hostPort.replace(/:\d+$/, "").toLowerCase();
  if (IP_HOST.test(host) || host === "localhost") return undefined;

  const context = contextText(doc, line, text.replace(url, " "));
  if (CONCEALED.test(context) || !INSTALL_WORDS.test(context)) return undefined;
  for (const tool of toolNames(host, path)) {
    if (new RegExp(`(?:^|[^a-z0-9-])${escape(tool)}(?:$|[^a-z0-9-])`, "i").test(context)) return { tool, host };
  }
  return undefined;
}

/** Candidate tool names: the host's own labels (not the TLD), and owner/repo or the first path part. */
function toolNames(host: string, path: string[]): string[] {
  const labels = host.split(".").slice(0, -1);
  const fromPath = host === "raw.githubusercontent.com" || host === "github.com" ? path.slice(0, 2) : path.slice(0, 1);
  const names = [...labels.flatMap((l) => [l, ...l.split("-")]), ...fromPath.map((p) => p.replace(/\.[a-z]+$/i, ""))];
  return [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => n.length >= 2 && !GENERIC.has(n) && /^[a-z0-9-]+$/.test(n));
}

/** The line (without its URL), the lines around it, the fence's lead-in and the headings above it. */
function contextText(doc: ScanDoc, line: number, self: string): string {
  const parts = [self];
  // The lines just above, and two below (a YAML step's `label:` or a trailing comment).
  const last = Math.min(doc.lineStarts.length, line + 2);
  // Other download commands are not context: their own URLs would vouch for this one's host.
  for (let l = Math.max(1, line - CONTEXT_LINES); l <= last; l++) {
    const t = clipLine(lineText(doc, l));
    if (l !== line && !DOWNLOADER.test(t)) parts.push(t);
  }
  const lead = doc.md?.leadIn[line - 1] ?? -1;
  if (lead >= 0 && lead + 1 < line - CONTEXT_LINES) parts.push(clipLine(lineText(doc, lead + 1)));
  parts.push(...(doc.md?.headings[line - 1] ?? []));
  return parts.join("\n");
}

/** At most WINDOW characters either side of col (the end of the line for context lines). */
function clipLine(s: string, col = s.length): string {
  return s.length <= 2 * WINDOW ? s : s.slice(Math.max(0, col - WINDOW), col + WINDOW);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A shell line that only prints the command as advice: `echo "install: curl … | sh"`, `err "…"`.
const PRINTED = /^\s*(?:echo|printf|print|say|\w*(?:err|error|warn|warning|info|log|msg|die|fail|note|hint)\w*)\s*\(?\s*["']/i;

/** The finding context for an installer match, or undefined when it is not a vendor install. */
export function installerContext(doc: ScanDoc, line: number, index: number): MatchContext | undefined {
  const v = vendorInstall(doc, line, index);
  if (!v) return undefined;
  // An install step in SKILL.md's frontmatter is run by the installer, like a shipped script.
  const ranByInstaller = doc.kind === "prose" && inFrontmatter(doc, line);
  const printed = !ranByInstaller && (doc.kind !== "code" || PRINTED.test(lineText(doc, line).slice(0, 200)));
  const where = ranByInstaller ? "run by the frontmatter's install step" : doc.kind !== "code" ? "shown in the documentation" : printed ? "printed as advice" : "run by a shipped script";
  return { kind: "vendor-install", printed, reason: `installer of ${v.tool} from its own site ${v.host}, ${where}` };
}

function inFrontmatter(doc: ScanDoc, line: number): boolean {
  if (!doc.text.startsWith("---\n")) return false;
  const end = doc.text.indexOf("\n---", 3);
  return end > 0 && doc.lineStarts[line - 1]! < end;
}
