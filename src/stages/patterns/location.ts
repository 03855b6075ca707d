/**
 * Where a text sits in the skill decides how much an order-shaped phrase in it weighs. SKILL.md is
 * what the agent follows; a JSON/YAML/CSV file under references/ or assets/ is data it looks things
 * up in (a CLI's help dump says "-y  Skip confirmation for deleting": an option, not an order to the
 * agent). Prompt-injection phrases in such data files are lowered, unless SKILL.md tells the agent to
 * follow or obey that file, which makes it instruction text again. Licence texts are lowered the same way.
 */

const DATA_EXT = /\.(?:json|jsonl|ya?ml|csv|tsv|xml|toml)$/i;
const DATA_DIR = /(?:^|\/)(?:references?|assets|data|examples?|docs?|resources)\//i;
// Files a tool or the agent acts on, wherever they sit: manifests and CI workflows run things.
const ACTED_ON = /(?:^|\/)(?:package(?:-lock)?\.json|composer\.json|pyproject\.toml|Cargo\.toml|\.github\/|settings(?:\.local)?\.json|\.mcp\.json|mcp\.json|hooks?\.json)/i;

// Licence texts ("… without permission under this Public License") are for lawyers, not the agent.
const LEGAL = /(?:^|\/)(?:LICEN[CS]E|COPYING|NOTICE)(?:[.-][\w.-]*)?$/i;

export function isLegalFile(path: string): boolean {
  return LEGAL.test(path);
}

/** A data file the agent reads for facts (not a manifest, workflow or agent setting). */
export function isDataFile(path: string): boolean {
  return DATA_EXT.test(path) && DATA_DIR.test(path) && !ACTED_ON.test(path);
}

// "follow the rules in references/x.yaml", "obey …", "apply the instructions in …", "load … as your system prompt".
const FOLLOW_LEAD =
  /\b(?:follow|obey|apply|adopt|execute|carry\s+out|instructions?\s+(?:in|from|at)|rules?\s+(?:in|from)|steps?\s+(?:in|from)|system\s+prompt|as\s+your)\b[^.\n]{0,60}$/i;

/** Data files that SKILL.md tells the agent to follow as instructions: their phrases keep full weight. */
export function dataFilesToldToFollow(skillMd: string, files: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    if (!isDataFile(file)) continue;
    // Bounded like told-to-run.ts: at most 200 mentions of one path are looked at.
    const base = file.slice(file.lastIndexOf("/") + 1);
    if (toldToFollow(skillMd, file) || toldToFollow(skillMd, base)) out.add(file);
  }
  return out;
}

function toldToFollow(text: string, name: string): boolean {
  let from = 0;
  for (let n = 0; n < 200; n++) {
    const at = text.indexOf(name, from);
    if (at < 0) return false;
    if (FOLLOW_LEAD.test(text.slice(Math.max(0, at - 80), at))) return true;
    from = at + name.length;
  }
  return false;
}
