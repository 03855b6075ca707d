import type { Finding, Severity } from "../../findings.types.js";
import { REDACTED, redactText } from "../../redact.js";
import type { PlannedCommand } from "./plan.js";

const MAX_EVIDENCE = 300;

export type BehaviorRule =
  | "network-attempt"
  | "canary-read"
  | "canary-exfil"
  | "undeclared-exec"
  | "write-outside-workdir"
  | "persistence"
  | "resource-limit"
  | "monitor-evasion"
  | "downloaded-code-executed"
  | "installer-executed"
  | "detached-process";

const CATEGORY: Record<BehaviorRule, string> = {
  "network-attempt": "network",
  "canary-read": "credential-access",
  "canary-exfil": "exfiltration",
  "undeclared-exec": "execution",
  "write-outside-workdir": "filesystem",
  persistence: "persistence",
  "resource-limit": "resource-abuse",
  "monitor-evasion": "defense-evasion",
  "downloaded-code-executed": "execution",
  "installer-executed": "execution",
  "detached-process": "persistence",
};

const CWE: Record<BehaviorRule, string> = {
  "network-attempt": "CWE-200",
  "canary-read": "CWE-522",
  "canary-exfil": "CWE-200",
  "undeclared-exec": "CWE-78",
  "write-outside-workdir": "CWE-732",
  persistence: "CWE-506",
  "resource-limit": "CWE-400",
  "monitor-evasion": "CWE-693",
  "downloaded-code-executed": "CWE-494",
  "installer-executed": "CWE-494",
  "detached-process": "CWE-506",
};

const FIX: Record<BehaviorRule, string> = {
  "network-attempt": "Declare the hosts the skill needs (metadata requires.network) or remove the network call.",
  "canary-read": "Do not read credential files; ask the user for the specific value the skill needs and declare it (requires.env).",
  "canary-exfil": "Never send, pass on or store credentials or user input anywhere the user did not ask for.",
  "undeclared-exec": "Declare every program the skill runs (requires.bins) and do not spawn shells from code.",
  "write-outside-workdir": "Write only inside the skill's working directory or /tmp.",
  persistence: "Do not modify shell start-up files, autostart entries, cron or systemd units.",
  "resource-limit": "Keep the skill's commands bounded in time, memory and processes.",
  "monitor-evasion": "Do not rename processes or files to imitate log records, and do not flood the system with repeated calls.",
  "downloaded-code-executed": "Do not download and run code; ship the code in the skill, where it can be reviewed and signed.",
  "installer-executed": "Prefer a package manager or a pinned, checksummed download; a reviewer must vouch for the vendor's installer.",
  "detached-process": "Do not leave background processes running after the command ends.",
};

/** One raw observation; `key` de-duplicates the same behaviour seen from several commands. */
export interface Observation {
  rule: BehaviorRule;
  key: string;
  severity: Severity;
  confidence: "low" | "medium" | "high";
  message: string;
  evidence: string;
  command: PlannedCommand;
}

/**
 * Collapses observations by rule+key (keeping the most severe) and renders findings. Canary values
 * are scrubbed first: they may sit inside escaped text where the generic redactor's word
 * boundaries do not match.
 */
export function toFindings(observations: Observation[], canaryValues: readonly string[] = []): Finding[] {
  const byKey = new Map<string, { first: Observation; commands: Set<string> }>();
  const rank = ["info", "low", "medium", "high", "critical"];
  for (const o of observations) {
    const k = `${o.rule}\u0000${o.key}`;
    const seen = byKey.get(k);
    if (!seen) byKey.set(k, { first: o, commands: new Set([o.command.command]) });
    else {
      seen.commands.add(o.command.command);
      if (rank.indexOf(o.severity) > rank.indexOf(seen.first.severity)) seen.first = o;
    }
  }
  const scrub = (text: string) => redactText(scrubValues(text, canaryValues));
  return [...byKey.values()].map(({ first: o, commands }) => render(o, commands.size, scrub));
}

function render(o: Observation, count: number, scrub: (s: string) => string): Finding {
  const { file, line } = location(o.command);
  const also = count > 1 ? ` (seen in ${count} commands)` : "";
  return {
    ruleId: `behavior.${o.rule}`,
    stage: "behavior",
    severity: o.severity,
    category: CATEGORY[o.rule],
    confidence: o.confidence,
    cwe: [CWE[o.rule]],
    message: scrub(`${o.message} while running \`${o.command.command}\`${also}`),
    file,
    line,
    evidence: clip(scrub(o.evidence)),
    fix: FIX[o.rule],
  };
}

function location(c: PlannedCommand): { file?: string; line?: number } {
  const m = /^(.*):(\d+)$/.exec(c.origin);
  if (m) return { file: m[1], line: Number(m[2]) };
  const file = c.origin.split("#")[0]!;
  return file.startsWith("install:") ? {} : { file };
}

function scrubValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (v) out = out.split(v).join(REDACTED);
  return out;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > MAX_EVIDENCE ? `${one.slice(0, MAX_EVIDENCE - 1)}…` : one;
}
