// Runs the CLI from a private copy of dist/, so a rebuild (tsc rewriting dist/ file by file)
// during a long run cannot make a spawned process load half-written modules.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
let frozen;

/** Path of skillsign.js inside a copy of dist/ that sits beside links to the package's assets. */
export function frozenCli() {
  if (frozen) return frozen;
  for (let attempt = 1; ; attempt++) {
    const root = mkdtempSync(join(tmpdir(), "skillsign-build-"));
    cpSync(join(REPO, "dist"), join(root, "dist"), { recursive: true });
    for (const entry of readdirSync(REPO)) {
      if (["dist", "src", "test", "bench", ".git"].includes(entry)) continue;
      symlinkSync(join(REPO, entry), join(root, entry));
    }
    const cli = join(root, "dist/bin/skillsign.js");
    // Commands load lazily; `completion bash` loads every command module, so a copy taken
    // mid-rebuild fails here.
    const probe = spawnSync(process.execPath, [cli, "completion", "bash"], { encoding: "utf8" });
    if (probe.status === 0) return (frozen = cli);
    rmSync(root, { recursive: true, force: true });
    if (attempt >= 10) throw new Error(`dist/ does not load (run npx tsc -p tsconfig.json): ${probe.stderr}`);
    spawnSync("sleep", ["2"]);
  }
}
