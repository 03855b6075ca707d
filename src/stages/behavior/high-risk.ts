import { severityRank } from "../../findings.js";
import { readSnapshotText } from "../../snapshot/read.js";
import { manifestOutput } from "../manifest/output.js";
import { readOutput } from "../output.js";
import type { StageContext } from "../stage.types.js";

export interface RiskDecision {
  highRisk: boolean;
  reasons: string[];
}

const CODE_FILE = /\.(py|js|mjs|cjs|ts|sh|bash|zsh|rb|pl|ps1)$/i;
const DEP_FILE = /(^|\/)(requirements[^/]*\.txt|pyproject\.toml|setup\.py|Pipfile|Gemfile|go\.mod|Cargo\.toml)$/;
const SHELL_TOOL = /^(bash|shell|exec|execute|terminal|run|\*)(\(|$)/i;

/**
 * Decides whether a skill earns a sandboxed run. Any one signal is enough; the stage keeps its
 * own checks so it still fails closed when the manifest stage errored or was skipped.
 */
export function assessHighRisk(ctx: StageContext): RiskDecision {
  const reasons: string[] = [];
  const mdata = readOutput(ctx.results, manifestOutput);
  if (mdata?.highRisk) {
    const listed = mdata.highRiskReasons.filter((r): r is string => typeof r === "string");
    reasons.push(...(listed.length ? listed.map((r) => `manifest: ${r}`) : ["manifest: high-risk"]));
  }
  const snap = ctx.snapshot;
  const code = snap.files.filter((f) => f.path !== snap.skillMdPath && (CODE_FILE.test(f.path) || f.executable));
  if (code.length) reasons.push(`ships executable code: ${code.map((f) => f.path).slice(0, 5).join(", ")}`);
  const deps = snap.files.filter((f) => DEP_FILE.test(f.path));
  if (deps.length) reasons.push(`ships dependency manifests: ${deps.map((f) => f.path).join(", ")}`);
  if (packageJsonHasScripts(ctx)) reasons.push("package.json declares scripts");
  const perms = ctx.skill.permissions;
  const shell = perms.allowedTools.filter((t) => SHELL_TOOL.test(t));
  if (shell.length) reasons.push(`allowed-tools grants shell/exec: ${shell.join(", ")}`);
  if (perms.network.length) reasons.push(`declares network access: ${perms.network.join(", ")}`);
  if (perms.install.length) reasons.push(`declares install steps: ${perms.install.map((s) => s.kind).join(", ")}`);
  for (const [id, r] of ctx.results) {
    const serious = r.findings.filter((f) => severityRank(f.severity) >= severityRank("medium"));
    if (serious.length) reasons.push(`${id} reported ${serious.length} finding(s) of medium severity or above`);
  }
  if (!ctx.skill.parsed.ok) reasons.push("SKILL.md frontmatter could not be read");
  return { highRisk: reasons.length > 0, reasons: [...new Set(reasons)] };
}

function packageJsonHasScripts(ctx: StageContext): boolean {
  for (const f of ctx.snapshot.files) {
    if (!/(^|\/)package\.json$/.test(f.path)) continue;
    const t = readSnapshotText(ctx.snapshot, f.path);
    if (!t.ok) continue;
    try {
      const pkg = JSON.parse(t.text) as { scripts?: unknown };
      if (pkg.scripts && typeof pkg.scripts === "object" && Object.keys(pkg.scripts).length) return true;
    } catch {
      // a broken package.json is the dependencies stage's business
    }
  }
  return false;
}
