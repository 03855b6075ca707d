import { createRequire } from "node:module";

type Yaml = typeof import("yaml");
let loaded: Yaml | undefined;

/**
 * The yaml library, loaded on first use: `skillsign verify` reads most SKILL.md headers without
 * it (plain-frontmatter.ts), and loading it costs ~35 ms of the light entry's cold start. yaml
 * ships CommonJS for Node, so a synchronous require returns the same module an import would.
 */
export function yamlLibrary(): Yaml {
  return (loaded ??= createRequire(import.meta.url)("yaml") as Yaml);
}
