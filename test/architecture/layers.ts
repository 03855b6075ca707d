import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/**
 * The layers of src/, top to bottom (docs/architecture.md draws them). A file may import its own
 * layer or any layer below it, never one above. Entries are paths relative to src/: a folder
 * ("cli/") covers everything under it, a file ("stages/index.ts") only itself; the longest
 * matching entry wins, so a folder's registry or contract file can sit apart from the folder.
 */
export const LAYERS: readonly (readonly string[])[] = [
  // The command line and the package's public barrel: they may use everything.
  ["cli/", "index.ts"],
  // The HTTP service hands uploads to the queue; the queue's workers materialise them with the
  // service's upload code and run the workflow exactly as the CLI does. One layer: they use each other.
  ["service/", "queue/"],
  // Submission, review and signing decisions; returns outcomes, never exit codes or text for a terminal.
  ["workflow/", "progress/"],
  // Runs the stages over skills (doctor inspects the same stages' readiness).
  ["pipeline/", "doctor/"],
  // The stage registry imports every stage; no stage imports the registry.
  ["stages/index.ts"],
  // Prefetch resolves dependencies with the dependencies stage's parsers for the image build.
  ["stages/", "prefetch/"],
  // The contract every stage implements.
  ["stages/stage.types.ts"],
  // Pure judgement and rendering of a finished analysis; accepted-findings baselines belong to the judgement.
  ["verdict/", "report/", "baseline/"],
  // Services the stages and the workflow use.
  ["signing/", "store/", "sandbox/", "cache/", "tools/", "permissions/"],
  ["skill/", "analysis.types.ts"],
  ["snapshot/", "config/", "version.ts"],
  // Shared leaves: they import nothing from src/ outside this layer.
  ["errors.ts", "stage-ids.ts", "redact.ts", "findings.types.ts", "findings.ts", "proc-stat.ts", "is-record.ts"],
];

export interface ImportSite {
  file: string;
  line: number;
  spec: string;
  /** The imported file, relative to the root, with a .ts extension. */
  target: string;
}

export interface Violation {
  site: ImportSite;
  message: string;
}

const STATIC = /^[ \t]*(?:import|export)[ \t]+(?:type[ \t]+)?(?:[\w$]+[ \t]*,?[ \t]*)?(?:\{[^}]*\}|\*(?:[ \t]+as[ \t]+[\w$]+)?)?[ \t]*from[ \t]*(['"])([^'"\n]+)\1/gm;
const SIDE_EFFECT = /^[ \t]*import[ \t]*(['"])([^'"\n]+)\1/gm;
const DYNAMIC = /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/** Every relative import of one file (static, export-from, side-effect and dynamic import()). */
export function importsOf(root: string, file: string): ImportSite[] {
  const text = readFileSync(join(root, file), "utf8");
  const out: ImportSite[] = [];
  for (const re of [STATIC, SIDE_EFFECT, DYNAMIC]) {
    for (const m of text.matchAll(re)) {
      const spec = m[2] ?? "";
      if (!spec.startsWith(".")) continue;
      const at = (m.index ?? 0) + m[0].lastIndexOf(spec);
      const line = text.slice(0, at).split("\n").length;
      const abs = resolve(dirname(join(root, file)), spec).replace(/\.js$/, ".ts");
      out.push({ file, line, spec, target: relative(root, abs).split(sep).join("/") });
    }
  }
  return out;
}

/** The layer index of a path under src/ (0 = top), or undefined when no entry places it. */
export function layerOf(path: string, layers: readonly (readonly string[])[] = LAYERS): number | undefined {
  let best: { len: number; layer: number } | undefined;
  layers.forEach((entries, layer) => {
    for (const e of entries) {
      const hit = e.endsWith("/") ? path.startsWith(e) : path === e;
      if (hit && (!best || e.length > best.len)) best = { len: e.length, layer };
    }
  });
  return best?.layer;
}

export function tsFiles(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) out.push(...tsFiles(root, rel));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Every upward import and every file no layer places, with file:line. */
export function checkLayers(root: string, layers: readonly (readonly string[])[] = LAYERS): Violation[] {
  const out: Violation[] = [];
  const where = "add it to LAYERS in test/architecture/layers.ts (and the picture in docs/architecture.md)";
  for (const file of tsFiles(root)) {
    const from = layerOf(file, layers);
    if (from === undefined) {
      out.push({ site: { file, line: 1, spec: "", target: file }, message: `src/${file} is in no layer: ${where}` });
      continue;
    }
    for (const site of importsOf(root, file)) {
      if (site.target.startsWith("..")) {
        out.push({ site, message: `src/${file}:${site.line} imports ${site.spec}, outside src/` });
        continue;
      }
      const to = layerOf(site.target, layers);
      if (to === undefined) out.push({ site, message: `src/${file}:${site.line} imports src/${site.target}, which is in no layer: ${where}` });
      else if (to < from) out.push({ site, message: `src/${file}:${site.line} imports ${site.spec} upward (layer ${from} [${layers[from]?.join(" ")}] -> layer ${to} [${layers[to]?.join(" ")}])` });
    }
  }
  return out;
}
