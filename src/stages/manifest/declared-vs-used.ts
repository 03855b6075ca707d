import type { Finding } from "../../findings.types.js";
import { printable } from "../../snapshot/paths.js";
import { describeHost } from "../../skill/hosts.js";
import { hostDeclared, pathDeclared, type Declared } from "./declared.js";
import { manifestFinding } from "./finding.js";
import type { UseSite } from "./manifest.types.js";

/** Variables every program may read; declaring them would be noise. */
const COMMON_ENV = new Set([
  "HOME", "PATH", "USER", "USERNAME", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "LC_ALL", "TERM", "TMPDIR", "TEMP", "TMP",
  "PWD", "NODE_ENV", "CI", "DEBUG", "TZ", "EDITOR", "VISUAL", "PAGER", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES",
  "HOSTNAME", "PYTHONPATH", "VIRTUAL_ENV", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
  "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
]);

const SAMPLE_PATH = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|examples?|testdata)\//i;

interface Gap {
  ruleId: string;
  /**
   * "inferred": the skill declares nothing for this capability, so the use becomes an inferred
   * permission (shown to the creator, signed, confirmed by the behaviour stage): advisory only.
   * "undeclared": the skill declares this capability and uses more than it declared, or the use
   * is sensitive whatever is declared (credential stores, the whole environment, persistence).
   */
  kind: "inferred" | "undeclared";
  /** Groups sites: one finding per (rule, file, subject). */
  subject: string;
  message: string;
  fix: string;
}

/** One finding per undeclared (capability, file, target), at its first line. */
export function undeclaredFindings(sites: UseSite[], declared: Declared): Finding[] {
  const groups = new Map<string, { gap: Gap; site: UseSite; count: number }>();
  for (const site of sites) {
    for (const gap of gapsFor(site, declared)) {
      const key = JSON.stringify([gap.ruleId, site.file, gap.subject, site.counterExample ?? ""]);
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { gap, site, count: 1 });
    }
  }
  return [...groups.values()].map(({ gap: found, site, count }) => {
    let gap = found;
    // Test and example files show what code does, they are not what the agent runs: note, don't block.
    // So is a SKILL.md block the text says is never run (a counter-example). Neither is inferred.
    const sample = SAMPLE_PATH.test(site.file) || site.counterExample !== undefined;
    if (gap.kind === "inferred" && !sample) return inferredFinding(gap, site, count);
    if (sample) gap = { ...gap, ruleId: gap.ruleId.replace("manifest.inferred-", "manifest.undeclared-") };
    const note = site.counterExample ? ` (in a block shown as what the skill never does: ${site.counterExample})` : " (in a test or example file)";
    return manifestFinding({
      ruleId: gap.ruleId,
      severity: sample ? "low" : "medium",
      category: "undeclared-capability",
      confidence: sample ? "low" : "medium",
      message: `${site.file}:${site.line} ${gap.message}${count > 1 ? ` (and ${count - 1} more place${count > 2 ? "s" : ""} in this file)` : ""}${sample ? note : ""}`,
      file: site.file,
      line: site.line,
      evidence: site.evidence,
      fix: gap.fix,
    });
  });
}

/** Info, never a reason for review: the creator sees what was inferred and how to declare it. */
function inferredFinding(gap: Gap, site: UseSite, count: number): Finding {
  const capability = gap.ruleId.replace(/^manifest\.inferred-/, "");
  return manifestFinding({
    ruleId: gap.ruleId,
    severity: "info",
    category: "inferred-permission",
    confidence: "high",
    message: `${site.file}:${site.line} ${gap.message}${count > 1 ? ` (and ${count - 1} more place${count > 2 ? "s" : ""} in this file)` : ""}; inferred as a ${capability} permission (signed as the skill's permissions when it declares none)`,
    file: site.file,
    line: site.line,
    evidence: site.evidence,
    fix: gap.fix,
  });
}

/** Writes that are persistence or tampering whatever the skill declares. */
const SENSITIVE_WRITE = /^(?:crontab$|~$|\/etc(?:\/|$)|~\/\.(?:bashrc|bash_profile|profile|zshrc|zprofile|zshenv|ssh|config\/autostart|claude|gnupg|aws|kube)\b|~\/Library\/Launch(?:Agents|Daemons)\b|\/Library\/|\/usr\/|\/bin\/|\/sbin\/)/;

function gapsFor(site: UseSite, d: Declared): Gap[] {
  const target = site.target ? printable(site.target) : undefined;
  switch (site.capability) {
    case "network": {
      const host = target ?? "<host>";
      if (!d.network) return [networkGap("inferred", host, `${site.what}${target ? ` to ${describeHost(target)}` : ""}, and the skill declares no network access`)];
      if (target && !hostDeclared(target, d)) return [networkGap("undeclared", host, `${site.what} to ${describeHost(target)}, which is not among the declared hosts (${d.hosts.join(", ")})`)];
      return [];
    }
    case "exec":
      if (d.exec) return [];
      // Declaring no program at all is the common case, not a claim: the use is inferred.
      return [{
        kind: "inferred",
        ruleId: "manifest.inferred-exec",
        subject: site.what,
        message: `${site.what}, and the skill declares no programs it runs`,
        fix: "List the programs it runs in `metadata.openclaw.requires.bins`, or allow them in `allowed-tools` (e.g. `Bash(git:*)`).",
      }];
    case "env":
      return envGaps(site, target, d);
    case "write": {
      if (target && pathDeclared(target, d)) return [];
      const inferred = d.paths.length === 0 && target !== undefined && !SENSITIVE_WRITE.test(target);
      return [{
        kind: inferred ? "inferred" : "undeclared",
        ruleId: inferred ? "manifest.inferred-write" : "manifest.undeclared-write",
        subject: target ?? "",
        message: `${site.what}${target ? ` (${target})` : ""}, but the skill declares no such path`,
        fix: `Write inside the skill's working folder, or declare it: add \`metadata.openclaw.requires.paths: ["${target ?? "<path>"}"]\`.`,
      }];
    }
  }
}

function networkGap(kind: Gap["kind"], host: string, message: string): Gap {
  return {
    kind,
    ruleId: `manifest.${kind}-network`,
    subject: host,
    message,
    fix: `Declare it: add \`metadata.openclaw.requires.network: ["${host}"]\` to the frontmatter (or remove the network call).`,
  };
}

function envGaps(site: UseSite, target: string | undefined, d: Declared): Gap[] {
  const ruleId = "manifest.undeclared-env";
  if (target === "*") {
    return [{ kind: "undeclared", ruleId, subject: "*", message: `${site.what}; a skill should read only the variables it declares`, fix: "Read only the variables the skill needs and list them in `metadata.openclaw.requires.env`." }];
  }
  if (target && (target.startsWith("~") || target.startsWith("/") || target === "keychain")) {
    if (pathDeclared(target, d)) return [];
    return [{
      kind: "undeclared",
      ruleId,
      subject: target,
      message: `${site.what} (${target}), but the skill does not declare it`,
      fix: `Remove the access, or declare it and say why in the description: add \`metadata.openclaw.requires.paths: ["${target}"]\`.`,
    }];
  }
  const names = (target ?? "").split(",").map((n) => n.split(":")[0]!.trim()).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  return names
    .filter((n) => !COMMON_ENV.has(n) && !d.env.has(n))
    .map((n): Gap => ({
      // Declaring some variables claims the list is complete; declaring none is inferred.
      kind: d.env.size === 0 ? "inferred" : "undeclared",
      ruleId: d.env.size === 0 ? "manifest.inferred-env" : ruleId,
      subject: n,
      message: `${site.what} ${n}, which the skill does not declare`,
      fix: `Declare it: add \`metadata.openclaw.requires.env: ["${n}"]\` to the frontmatter.`,
    }));
}
