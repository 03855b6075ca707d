import type { Finding } from "../../../findings.types.js";
import type { PackageLists } from "../data-lists.js";
import type { Dependency, ParsedManifests } from "../dependency.types.js";
import { depFinding } from "../finding.js";
import type { OpenDependency } from "../output.js";
import { classifySpec, type SpecKind } from "./version-spec.js";
import { typosquatTarget } from "./typosquat.js";

/** Every check that needs no network: install hooks, specs, sources, typosquats, known-bad names. */
export function offlineFindings(parsed: ParsedManifests, lists: PackageLists): Finding[] {
  const out: Finding[] = [];
  const locked = lockedNames(parsed.dependencies);
  for (const u of parsed.unreadable) {
    out.push(depFinding({ rule: "manifest-unreadable", severity: "medium", category: "dependencies", file: u.file, message: `The dependency manifest cannot be read: ${u.why}. Its dependencies were not checked.`, fix: "Fix the syntax so the manifest parses." }));
  }
  for (const s of parsed.installScripts) {
    out.push(depFinding({
      rule: "install-script", severity: "high", category: "install-hook", file: s.file, line: s.line, evidence: `"${s.hook}": ${JSON.stringify(s.command)}`,
      message: `package.json declares a "${s.hook}" script, which npm runs automatically on install, before anyone reviews what it does.`,
      fix: "Remove the install hook; run setup steps explicitly and document them in SKILL.md.",
      cwe: ["CWE-829"],
    }));
  }
  for (const o of parsed.sourceOptions) {
    const trusted = o.option === "--trusted-host";
    out.push(depFinding({
      rule: trusted ? "trusted-host" : "custom-index", severity: "medium", category: "dependency-source", file: o.file, line: o.line, evidence: `${o.option} ${o.value}`,
      message: trusted ? `pip is told to trust ${o.value} without TLS verification.` : `Packages are fetched from a non-default index (${o.value}), which can serve different code under familiar names.`,
      fix: trusted ? "Remove --trusted-host and use HTTPS with a valid certificate." : "Use the default PyPI index, or declare and justify the private index in SKILL.md.",
    }));
  }
  for (const d of parsed.dependencies) out.push(...dependencyFindings(d, lists, locked));
  return out;
}

/**
 * `ecosystem|folder|name` of every package a lockfile pins to an exact registry version. The
 * build installs from that lock (npm ci, hash-pinned pip), so a range beside it is not open-ended.
 */
function lockedNames(deps: Dependency[]): Set<string> {
  const out = new Set<string>();
  for (const d of deps) {
    if (d.section === "lockfile" && classifySpec(d.ecosystem, d.spec).kind === "pinned") out.add(lockKey(d));
  }
  return out;
}

/**
 * Dependencies the skill wrote with an open version that no lock beside them pins, and that an
 * install of the skill installs: build backends and Python extras / dev groups are left out.
 */
export function openDependencies(parsed: ParsedManifests): OpenDependency[] {
  const locked = lockedNames(parsed.dependencies);
  const out: OpenDependency[] = [];
  for (const d of parsed.dependencies) {
    const kind = classifySpec(d.ecosystem, d.spec).kind;
    if (!isOpen(d, kind, locked) || NOT_INSTALLED.test(d.section)) continue;
    out.push({ ecosystem: d.ecosystem, name: d.name, spec: d.spec, file: d.file, ...(d.line ? { line: d.line } : {}), bounded: kind === "range" });
  }
  return out;
}

const NOT_INSTALLED = /^(build-system\.requires$|project\.optional-dependencies\.|tool\.poetry\.(dev-dependencies$|group\.))/;
const OPEN_KINDS: ReadonlySet<SpecKind["kind"]> = new Set(["range", "wide", "missing"]);

/** A range, open-ended or missing version the skill wrote that no lock beside it pins. */
function isOpen(d: Dependency, kind: SpecKind["kind"], locked: ReadonlySet<string>): boolean {
  return OPEN_KINDS.has(kind) && d.section !== "lockfile" && !locked.has(lockKey(d));
}

function lockKey(d: Dependency): string {
  return `${d.ecosystem}|${d.file.slice(0, d.file.lastIndexOf("/") + 1)}|${d.name}`;
}

function dependencyFindings(d: Dependency, lists: PackageLists, locked: Set<string>): Finding[] {
  const out: Finding[] = [];
  const where = { file: d.file, line: d.line };
  const label = `${d.name}${d.spec ? ` (${d.spec})` : ""}`;
  const spec = classifySpec(d.ecosystem, d.spec);
  const names = spec.kind === "alias" ? [d.name, spec.target.toLowerCase()] : [d.name];
  const version = spec.kind === "pinned" ? d.spec.replace(/^[=v\s]+/, "").replace(/^==\s*/, "") : spec.kind === "alias" ? spec.spec.replace(/^[=v]+/, "") : "";

  for (const name of new Set(names)) {
    const bad = lists.malicious[d.ecosystem].get(name);
    // Release-limited entries match only an exact pin: a range such as "^1.0.33" of a package
    // that once had a hijacked release is not itself malicious.
    if (bad && (!bad.versions || bad.versions.includes(version))) {
      out.push(depFinding({ rule: "known-malicious", severity: "critical", category: "malicious-package", ...where, evidence: label,
        message: `${name} is a known malicious ${d.ecosystem} package${bad.versions ? ` (releases ${bad.versions.join(", ")})` : ""}: ${bad.reason}.`,
        fix: `Remove ${name}${bad.versions ? " or pin a release that is not affected" : ""}.`, cwe: ["CWE-506"] }));
    }
    // Typosquats are names someone typed: lockfile entries (transitive, chosen by other
    // packages) are checked against the known-malicious list only.
    const target = d.section === "lockfile" ? undefined : typosquatTarget(name, lists.popular[d.ecosystem]);
    if (target) {
      out.push(depFinding({ rule: "typosquat", severity: "high", category: "typosquat", confidence: "medium", ...where, evidence: label,
        message: `${name} looks like a misspelling of the popular ${d.ecosystem} package ${target}; look-alike names are a common way to ship malware.`,
        fix: `Use ${target} if that was meant; otherwise confirm ${name} is the intended package.`, cwe: ["CWE-506"] }));
    }
  }
  if (spec.kind === "alias") {
    out.push(depFinding({ rule: "aliased-package", severity: "medium", category: "dependency-source", ...where, evidence: label,
      message: `${d.name} is installed from a different package, ${spec.target}, under an alias; the name in the manifest is not what gets installed.`,
      fix: `Depend on ${spec.target} under its own name.` }));
  }
  if (OPEN_KINDS.has(spec.kind) && !isOpen(d, spec.kind, locked)) return out;
  switch (spec.kind) {
    case "git":
      out.push(depFinding({ rule: "git-dependency", severity: "high", category: "dependency-source", ...where, evidence: label,
        message: `${d.name} is installed from a git repository, not the registry: the code can change at any time and skips the registry's malware checks.`,
        fix: "Depend on a published registry version, or pin the exact commit hash and say why in SKILL.md.", cwe: ["CWE-829"] }));
      break;
    case "url":
      out.push(depFinding({ rule: "url-dependency", severity: spec.insecure ? "high" : "medium", category: "dependency-source", ...where, evidence: label,
        message: `${d.name} is downloaded from a URL${spec.insecure ? " over plain HTTP" : ""}, not the registry: what it serves can change after review.`,
        fix: "Depend on a published registry version.", cwe: ["CWE-494"] }));
      break;
    case "file":
      out.push(depFinding({ rule: "file-dependency", severity: "medium", category: "dependency-source", ...where, evidence: label,
        message: `${d.name} is installed from a local path (${spec.source}); code outside the skill folder is not part of what was reviewed and signed.`,
        fix: "Ship the code inside the skill, or depend on a published registry version." }));
      break;
    case "wide":
    case "missing":
      // Build backends (poetry-core, hatchling, setuptools>=61) are almost never pinned, and pip
      // fetches them only to build the project from source; lock files do not cover them.
      if (d.section === "build-system.requires") {
        out.push(depFinding({ rule: "unpinned-version", severity: "low", category: "unpinned", ...where, evidence: label,
          message: `The build backend ${d.name} has ${spec.kind === "missing" ? "no version" : `an open-ended version (${spec.spec})`}; it is fetched whenever the project is built from source.`,
          fix: `Pin the build backend (for example ${d.name}==1.2.3) if the skill is installed with pip install .` }));
        break;
      }
      out.push(depFinding({ rule: "unpinned-version", severity: "medium", category: "unpinned", ...where, evidence: label,
        message: `${d.name} has ${spec.kind === "missing" ? "no version" : `an open-ended version (${spec.spec})`}: any future release, including a malicious one, would be installed.`,
        fix: `Pin an exact version (for example ${d.ecosystem === "npm" ? `"${d.name}": "1.2.3"` : `${d.name}==1.2.3`}) or commit a lockfile.` }));
      break;
    case "range":
      out.push(depFinding({ rule: "unpinned-version", severity: "low", category: "unpinned", ...where, evidence: label,
        message: `${d.name} uses a version range (${spec.spec}): new releases within it install without review.`,
        fix: "Pin an exact version or commit a lockfile." }));
      break;
    case "pinned":
    case "alias":
      break;
  }
  return out;
}
