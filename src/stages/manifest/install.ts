import type { Finding } from "../../findings.types.js";
import { isRecord } from "../../is-record.js";
import { vendorBlock } from "../../skill/permissions.js";
import { manifestFinding } from "./finding.js";

const SHELL_KINDS = new Set(["shell", "exec", "sh", "bash", "script", "run", "command"]);
const DOWNLOADERS = /\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|fetch)\b|\bhttps?:\/\//i;
const PIPE_TO_SHELL = /\|\s*(?:sudo\s+)?(?:sh|bash|zsh|dash|python3?|node|perl|ruby|iex)\b/i;

/** Install steps as written in the frontmatter (metadata.openclaw / clawdbot, or top level). */
export function rawInstallSteps(data: Record<string, unknown>): Record<string, unknown>[] {
  const blocks = [vendorBlock(data.metadata), data];
  return blocks.flatMap((b) => (b && Array.isArray(b.install) ? b.install : [])).filter(isRecord);
}

/** Steps that fetch and run code from outside any package registry, or pull in another skill. */
export function installFindings(data: Record<string, unknown>, file: string): Finding[] {
  return rawInstallSteps(data).flatMap((step, i) => {
    const reason = downloadReason(step);
    if (!reason) return [];
    const kind = String(step.kind ?? "unknown");
    return [
      manifestFinding({
        ruleId: "manifest.install-downloads-code",
        severity: "high",
        category: "remote-code-download",
        confidence: "high",
        cwe: ["CWE-494"],
        message: `install step ${i + 1} (kind: ${kind}) ${reason}; that code is not part of this review`,
        file,
        line: 1,
        evidence: stepText(step),
        fix: "Install through a package manager (brew, pip, npm, apt) with a pinned version, or ship the code in the skill so it can be reviewed.",
      }),
    ];
  });
}

function downloadReason(step: Record<string, unknown>): string | undefined {
  const kind = String(step.kind ?? "").toLowerCase();
  const text = stepText(step);
  if (kind === "skill") return "installs another skill";
  if (typeof step.url === "string" && step.url.trim()) return `installs from a URL (${step.url.trim()})`;
  if (kind === "download" || kind === "url") return "downloads a file";
  if (SHELL_KINDS.has(kind) && DOWNLOADERS.test(text)) {
    return PIPE_TO_SHELL.test(text) ? "downloads a script and pipes it into an interpreter" : "runs a shell command that downloads code";
  }
  return undefined;
}

function stepText(step: Record<string, unknown>): string {
  return ["command", "run", "script", "package", "formula", "module", "url", "args", "label"]
    .map((k) => step[k])
    .flatMap((v) => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === "string") : []))
    .join(" ");
}
