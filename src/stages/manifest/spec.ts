import type { Finding, Severity } from "../../findings.types.js";
import { printable } from "../../snapshot/paths.js";
import { manifestFinding } from "./finding.js";

/** Limits from the Agent Skills specification (agentskills.io). */
export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 1024;
export const COMPATIBILITY_MAX = 500;
const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Validates the frontmatter fields the Agent Skills format defines. This is lint for the creator,
 * not a security review: every finding is info or low (advisory; the policy passes it) and names
 * the fix. Unreadable frontmatter is a different matter (frontmatter-problems.ts).
 */
export function specFindings(data: Record<string, unknown>, folderName: string, file: string): Finding[] {
  const out: Finding[] = [];
  const add = (ruleId: string, severity: Severity, message: string, fix: string) =>
    out.push(manifestFinding({ ruleId, severity, category: "spec", confidence: "high", message, file, line: 1, fix }));

  const name = data.name;
  if (name === undefined || name === null || name === "") {
    add("manifest.name-missing", "info", "frontmatter has no `name`", `Add \`name: ${suggestName(folderName)}\`.`);
  } else if (typeof name !== "string") {
    add("manifest.name-invalid", "info", "`name` must be a string", `Write \`name: ${suggestName(folderName)}\`.`);
  } else {
    const problem = nameProblem(name);
    if (problem) {
      add("manifest.name-invalid", "info", `name "${printable(name)}" ${problem}`, `Use 1–${NAME_MAX} lowercase letters, digits and single hyphens, e.g. \`${suggestName(name)}\`.`);
    } else if (name !== folderName) {
      add("manifest.name-mismatch", "low", `name "${name}" does not match the folder name "${printable(folderName)}"`, `Rename the folder or set \`name: ${suggestName(folderName)}\`.`);
    }
  }

  const description = data.description;
  if (description === undefined || description === null || (typeof description === "string" && description.trim() === "")) {
    add("manifest.description-missing", "info", "frontmatter has no `description`", "Add a `description` that says what the skill does and when to use it.");
  } else if (typeof description !== "string") {
    add("manifest.description-invalid", "info", "`description` must be a string", "Write the description as one plain string.");
  } else if ([...description].length > DESCRIPTION_MAX) {
    add("manifest.description-too-long", "low", `description is ${[...description].length} characters; the limit is ${DESCRIPTION_MAX}`, "Shorten the description and move details into the body.");
  }

  const compatibility = data.compatibility;
  if (compatibility !== undefined && typeof compatibility !== "string") {
    add("manifest.compatibility-invalid", "low", "`compatibility` must be a string", "Write compatibility as one plain string.");
  } else if (typeof compatibility === "string" && [...compatibility].length > COMPATIBILITY_MAX) {
    add("manifest.compatibility-too-long", "low", `compatibility is ${[...compatibility].length} characters; the limit is ${COMPATIBILITY_MAX}`, "Shorten the compatibility note.");
  }

  const tools = data["allowed-tools"];
  if (tools !== undefined && tools !== null && typeof tools !== "string" && !(Array.isArray(tools) && tools.every((t) => typeof t === "string"))) {
    add("manifest.allowed-tools-invalid", "low", "`allowed-tools` must be a space-separated string or a list of strings; it was ignored", "Write e.g. `allowed-tools: Bash(git:*) Read`.");
  }

  const metadataProblem = checkMetadata(data.metadata);
  if (metadataProblem) add("manifest.metadata-invalid", "low", metadataProblem, "Write `metadata` as a YAML map of keys.");
  return out;
}

export function nameProblem(name: string): string | undefined {
  if (name.length > NAME_MAX) return `is ${name.length} characters; the limit is ${NAME_MAX}`;
  if (/[^a-z0-9-]/.test(name)) return "may contain only lowercase letters, digits and hyphens";
  if (name.startsWith("-") || name.endsWith("-")) return "must not start or end with a hyphen";
  if (name.includes("--")) return "must not contain two hyphens in a row";
  return NAME_PATTERN.test(name) ? undefined : "is not a valid skill name";
}

function checkMetadata(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  if (typeof metadata === "string") {
    try {
      const v: unknown = JSON.parse(metadata);
      if (v !== null && typeof v === "object" && !Array.isArray(v)) return undefined;
    } catch {
      return "`metadata` is a string that is not valid JSON, so its requirements were ignored";
    }
    return "`metadata` is a JSON string but not a JSON object";
  }
  return typeof metadata === "object" && !Array.isArray(metadata) ? undefined : "`metadata` must be a map";
}

function suggestName(s: string): string {
  const cleaned = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, NAME_MAX)
    .replace(/-+$/, "");
  return cleaned || "my-skill";
}
