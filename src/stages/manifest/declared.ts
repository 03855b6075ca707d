import type { Permissions } from "../../skill/permissions.js";
import { isShellTool, toolGrants, type ParsedTool } from "./grants.js";
import { isDeclaredHost } from "../../skill/hosts.js";

/** What the frontmatter tells the user the skill will do. */
export interface Declared {
  /** Network is declared at all (hosts, a network tool, a network binary, or a compatibility note). */
  network: boolean;
  /** Declared hosts; empty or containing "*" means any host. */
  hosts: string[];
  exec: boolean;
  env: ReadonlySet<string>;
  /** Declared paths, with $HOME written as ~. */
  paths: string[];
}

const NETWORK_BINS = new Set(["curl", "wget", "nc", "ncat", "socat", "ssh", "scp", "gh", "aws", "gcloud", "az", "http", "httpie"]);

export function declaredCapabilities(perms: Permissions, tools: ParsedTool[], compatibility: unknown): Declared {
  const grants = toolGrants(tools);
  const bins = [...perms.bins, ...perms.anyBins];
  const compat = typeof compatibility === "string" ? compatibility : "";
  return {
    network:
      perms.network.length > 0 ||
      grants.network.length > 0 ||
      bins.some((b) => NETWORK_BINS.has(b.toLowerCase())) ||
      /\b(?:network|internet|online|https?)\b/i.test(compat),
    hosts: perms.network,
    exec: bins.length > 0 || tools.some(isShellTool),
    env: new Set(perms.env),
    paths: perms.paths.map(normalisePath),
  };
}

/** True when `host` is one of the declared hosts or a subdomain of one ("*.example.com" too). */
export function hostDeclared(host: string, declared: Declared): boolean {
  if (declared.hosts.length === 0 || declared.hosts.includes("*")) return true;
  return isDeclaredHost(host, declared.hosts);
}

/** True when a declared path covers `target` (the same path or a folder above it). */
export function pathDeclared(target: string, declared: Declared): boolean {
  const t = normalisePath(target);
  return declared.paths.some((p) => t === p || t.startsWith(p.endsWith("/") ? p : `${p}/`) || (t === "~" && p.startsWith("~")));
}

export function normalisePath(p: string): string {
  return p.trim().replace(/^(?:\$HOME|\$\{HOME\})(?=\/|$)/, "~").replace(/\/+$/, "") || "/";
}
