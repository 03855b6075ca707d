import type { Ecosystem } from "../dependency.types.js";

/** What a version spec lets the package manager install. */
export type SpecKind =
  | { kind: "pinned" }
  | { kind: "range"; spec: string }
  | { kind: "wide"; spec: string }
  | { kind: "missing" }
  | { kind: "git"; source: string }
  | { kind: "url"; source: string; insecure: boolean }
  | { kind: "file"; source: string }
  | { kind: "alias"; target: string; spec: string };

const GIT = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:)|\.git(#.*|@.*)?$/i;
const GITHUB_SHORTHAND = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(#.*)?$/;

export function classifySpec(ecosystem: Ecosystem, raw: string): SpecKind {
  const spec = raw.trim();
  if (GIT.test(spec) || /^(hg|svn|bzr)\+/i.test(spec)) return { kind: "git", source: spec };
  if (/^https?:\/\//i.test(spec)) return { kind: "url", source: spec, insecure: /^http:/i.test(spec) };
  if (/^(file:|link:|\.{0,2}\/|~\/)/.test(spec)) return { kind: "file", source: spec };
  return ecosystem === "npm" ? classifyNpm(spec) : classifyPep440(spec);
}

function classifyNpm(spec: string): SpecKind {
  if (spec.startsWith("npm:")) {
    const body = spec.slice(4);
    const at = body.lastIndexOf("@");
    return at > 0 ? { kind: "alias", target: body.slice(0, at), spec: body.slice(at + 1) } : { kind: "alias", target: body, spec: "" };
  }
  if (spec.startsWith("workspace:")) return { kind: "pinned" };
  if (GITHUB_SHORTHAND.test(spec)) return { kind: "git", source: spec };
  if (spec === "" || spec === "*" || /^x$/i.test(spec)) return spec === "" ? { kind: "missing" } : { kind: "wide", spec };
  // A dist-tag such as "latest" or "next" follows whatever is published next.
  if (/^[A-Za-z][A-Za-z0-9._-]*$/.test(spec)) return { kind: "wide", spec };
  if (/^=?v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(spec)) return { kind: "pinned" };
  if (spec.includes("||")) return spec.split("||").some((p) => isOpenEnded(p.trim())) ? { kind: "wide", spec } : { kind: "range", spec };
  return isOpenEnded(spec) ? { kind: "wide", spec } : { kind: "range", spec };
}

/** ">=1.2", ">1" with no upper bound, or a bare "1.x"-less major wildcard. */
function isOpenEnded(part: string): boolean {
  if (/^(\*|x|X)$/.test(part)) return true;
  const hasLower = /(^|\s)>=?\s*\d/.test(part);
  const hasUpper = /(^|\s)<=?\s*\d/.test(part) || /\s-\s/.test(part);
  return hasLower && !hasUpper;
}

function classifyPep440(spec: string): SpecKind {
  if (spec === "") return { kind: "missing" };
  if (spec === "*") return { kind: "wide", spec };
  const clauses = spec.split(",").map((c) => c.trim()).filter(Boolean);
  if (clauses.some((c) => /^===?\s*[^*\s]+$/.test(c))) return { kind: "pinned" };
  // Poetry-style caret/tilde or a bare version ("1.2.3" in Poetry means exactly that).
  if (/^\d+(\.\d+)*$/.test(spec)) return { kind: "pinned" };
  const hasUpper = clauses.some((c) => /^(<|<=|~=|==\s*\S*\*|\^|~(?!=))/.test(c));
  return hasUpper ? { kind: "range", spec } : { kind: "wide", spec };
}
