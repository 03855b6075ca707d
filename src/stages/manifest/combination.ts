import type { Finding } from "../../findings.types.js";
import type { Declared } from "./declared.js";
import { manifestFinding } from "./finding.js";
import type { ToolGrants } from "./grants.js";
import type { Capability } from "./manifest.types.js";

/**
 * Network + file write + process execution together is everything a download-and-run
 * payload needs. Each leg counts whether it is granted, declared or seen in the code.
 */
export function dangerousCombination(
  grants: ToolGrants,
  declared: Declared,
  uses: Record<Capability, boolean>,
  shipsShellScripts: boolean,
  file: string,
): Finding | undefined {
  const network = grants.network.length > 0 || declared.network || uses.network;
  const write = grants.write.length > 0 || uses.write;
  const exec = grants.shell.length > 0 || uses.exec || shipsShellScripts;
  if (!(network && write && exec)) return undefined;
  const why = [
    `network (${grants.network.length > 0 ? grants.network.join(", ") : declared.network ? "declared" : "used in code"})`,
    `file write (${grants.write.length > 0 ? grants.write.join(", ") : "writes outside the skill in code"})`,
    `execution (${grants.shell.length > 0 ? grants.shell.join(", ") : uses.exec ? "spawns processes in code" : "ships shell scripts"})`,
  ];
  return manifestFinding({
    ruleId: "manifest.dangerous-combination",
    severity: "high",
    category: "excessive-permissions",
    confidence: "medium",
    cwe: ["CWE-250"],
    message: `the skill combines ${why.join(" + ")}: together they let it download and run arbitrary code`,
    file,
    line: 1,
    fix: "Drop the capability the skill does not need, or narrow each one (specific hosts, paths and commands).",
  });
}
