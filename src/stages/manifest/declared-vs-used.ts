import type { Finding } from "../../findings.types.js";
import { printable } from "../../snapshot/paths.js";
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
  return [...groups.values()].map(({ gap, site, count }) => {
    // Test and example files show what code does, they are not what the agent runs: note, don't block.
    // So is a SKILL.md block the text says is never run (a counter-example).
    const sample = SAMPLE_PATH.test(site.file) || site.counterExample !== undefined;
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

function gapsFor(site: UseSite, d: Declared): Gap[] {
  const target = site.target ? printable(site.target) : undefined;
  switch (site.capability) {
    case "network": {
      const host = target ?? "<host>";
      if (!d.network) return [networkGap(host, `${site.what}${target ? ` to ${target}` : ""}, but the skill declares no network access`)];
      if (target && !hostDeclared(target, d)) return [networkGap(host, `${site.what} to ${target}, which is not among the declared hosts (${d.hosts.join(", ")})`)];
      return [];
    }
    case "exec":
      if (d.exec) return [];
      return [{
        ruleId: "manifest.undeclared-exec",
        subject: site.what,
        message: `${site.what}, but the skill declares no programs it runs`,
        fix: "List the programs it runs in `metadata.openclaw.requires.bins`, or allow them in `allowed-tools` (e.g. `Bash(git:*)`).",
      }];
    case "env":
      return envGaps(site, target, d);
    case "write":
      if (target && pathDeclared(target, d)) return [];
      return [{
        ruleId: "manifest.undeclared-write",
        subject: target ?? "",
        message: `${site.what}${target ? ` (${target})` : ""}, but the skill declares no such path`,
        fix: `Write inside the skill's working folder, or declare it: add \`metadata.openclaw.requires.paths: ["${target ?? "<path>"}"]\`.`,
      }];
  }
}

function networkGap(host: string, message: string): Gap {
  return {
    ruleId: "manifest.undeclared-network",
    subject: host,
    message,
    fix: `Declare it: add \`metadata.openclaw.requires.network: ["${host}"]\` to the frontmatter (or remove the network call).`,
  };
}

function envGaps(site: UseSite, target: string | undefined, d: Declared): Gap[] {
  const ruleId = "manifest.undeclared-env";
  if (target === "*") {
    return [{ ruleId, subject: "*", message: `${site.what}; a skill should read only the variables it declares`, fix: "Read only the variables the skill needs and list them in `metadata.openclaw.requires.env`." }];
  }
  if (target && (target.startsWith("~") || target.startsWith("/") || target === "keychain")) {
    if (pathDeclared(target, d)) return [];
    return [{
      ruleId,
      subject: target,
      message: `${site.what} (${target}), but the skill does not declare it`,
      fix: `Remove the access, or declare it and say why in the description: add \`metadata.openclaw.requires.paths: ["${target}"]\`.`,
    }];
  }
  const names = (target ?? "").split(",").map((n) => n.split(":")[0]!.trim()).filter((n) => /^[A-Za-z_]\w*$/.test(n));
  return names
    .filter((n) => !COMMON_ENV.has(n) && !d.env.has(n))
    .map((n) => ({
      ruleId,
      subject: n,
      message: `${site.what} ${n}, which the skill does not declare`,
      fix: `Declare it: add \`metadata.openclaw.requires.env: ["${n}"]\` to the frontmatter.`,
    }));
}
