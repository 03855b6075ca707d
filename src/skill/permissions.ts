/**
 * The normalised permissions a skill asks for. This exact object (RFC 8785 canonical JSON)
 * is what the permissions hash covers, so every list is sorted and de-duplicated and
 * absent facts are empty lists, never missing keys.
 */
export interface Permissions {
  schemaVersion: 1;
  allowedTools: string[];
  bins: string[];
  anyBins: string[];
  env: string[];
  paths: string[];
  network: string[];
  install: InstallStep[];
  /**
   * Set only in a signature, when the skill declared none of bins/anyBins/env/paths/network and
   * the pipeline signed what it inferred instead (docs/signature-format.md). Never parsed from SKILL.md.
   */
  inferred?: true;
}

export interface InstallStep {
  kind: string;
  package: string;
  bins: string[];
  label: string;
}

/** Vendor keys under `metadata` that carry OpenClaw/ClawHub-style requirements. */
const VENDOR_KEYS = ["openclaw", "clawdbot", "clawdis"];

export function emptyPermissions(): Permissions {
  return { schemaVersion: 1, allowedTools: [], bins: [], anyBins: [], env: [], paths: [], network: [], install: [] };
}

export function normalisePermissions(frontmatter: Record<string, unknown>): Permissions {
  const p = emptyPermissions();
  p.allowedTools = uniqueSorted(parseAllowedTools(frontmatter["allowed-tools"] ?? frontmatter["allowed_tools"]));
  const requirements = [vendorBlock(frontmatter.metadata), asRecord(frontmatter)].filter((b): b is Record<string, unknown> => !!b);
  const bins: string[] = [];
  const anyBins: string[] = [];
  const env: string[] = [];
  const paths: string[] = [];
  const network: string[] = [];
  const install: InstallStep[] = [];
  for (const block of requirements) {
    const requires = asRecord(block.requires) ?? {};
    bins.push(...strings(requires.bins));
    anyBins.push(...strings(requires.anyBins));
    env.push(...strings(requires.env), ...strings(block.primaryEnv));
    paths.push(...strings(requires.paths));
    network.push(...networkHosts(requires.network), ...networkHosts(block.network));
    for (const step of Array.isArray(block.install) ? block.install : []) {
      const s = asRecord(step);
      if (!s) continue;
      install.push({
        kind: str(s.kind) || "unknown",
        package: str(s.package) || str(s.formula) || str(s.module) || str(s.url) || str(s.command),
        bins: uniqueSorted(strings(s.bins)),
        label: str(s.label),
      });
    }
  }
  p.bins = uniqueSorted(bins);
  p.anyBins = uniqueSorted(anyBins);
  p.env = uniqueSorted(env);
  p.paths = uniqueSorted(paths);
  p.network = uniqueSorted(network);
  p.install = dedupeInstall(install);
  return p;
}

/**
 * `allowed-tools` appears as a space-delimited string (the spec), a YAML list, or a
 * comma-separated string. Separators inside parentheses belong to the tool's argument
 * pattern, e.g. `Bash(git status:*)`.
 */
export function parseAllowedTools(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === "string" ? splitTools(v) : []));
  if (typeof value === "string") return splitTools(value);
  return [];
}

function splitTools(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "," || /\s/.test(ch))) {
      if (current) out.push(current);
      current = "";
    } else current += ch;
  }
  if (current) out.push(current);
  return out.map((t) => t.trim()).filter(Boolean);
}

/** `metadata` may be a map or, in older ClawHub skills, a JSON string. */
export function vendorBlock(metadata: unknown): Record<string, unknown> | undefined {
  let m: unknown = metadata;
  if (typeof m === "string") {
    try {
      m = JSON.parse(m);
    } catch {
      return undefined;
    }
  }
  const rec = asRecord(m);
  if (!rec) return undefined;
  for (const key of VENDOR_KEYS) {
    const block = asRecord(rec[key]);
    if (block) return block;
  }
  return undefined;
}

function networkHosts(v: unknown): string[] {
  if (v === true) return ["*"];
  return strings(v).map((h) => h.toLowerCase());
}

function dedupeInstall(steps: InstallStep[]): InstallStep[] {
  const byKey = new Map<string, InstallStep>();
  for (const s of steps) byKey.set(JSON.stringify([s.kind, s.package, s.bins, s.label]), s);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function strings(v: unknown): string[] {
  if (typeof v === "string") return v.trim() ? [v.trim()] : [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string").map((x) => x.trim()).filter(Boolean);
  return [];
}

function str(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

/** Sorted by UTF-8 bytes, like every list the signature covers. */
function uniqueSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
