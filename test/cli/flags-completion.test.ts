// `skillsign completion bash|zsh|fish` through the real CLI; the bash script is loaded into a
// real bash and asked for completions the way readline does (COMP_WORDS/COMP_CWORD).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, makeSandbox, type Sandbox } from "../workflow/cli-harness.js";

const has = (tool: string) => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

describe("skillsign completion", { timeout: 120_000 }, () => {
  let sb: Sandbox;
  let bashFile: string;
  beforeAll(async () => {
    sb = await makeSandbox();
    const r = await cli(["completion", "bash"], sb.env);
    expect(r.code, r.stderr).toBe(0);
    bashFile = join(mkdtempSync(join(tmpdir(), "skillsign-completion-")), "skillsign.bash");
    writeFileSync(bashFile, r.stdout);
  });

  /** What bash offers for `skillsign <words…>` with the cursor on the last word. */
  function complete(words: string[]): string[] {
    const line = ["skillsign", ...words];
    const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _skillsign; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync("bash", ["-c", script, "bash", bashFile, ...line], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split("\n").filter(Boolean);
  }

  it("bash: commands, subcommands and each command's own flags", () => {
    expect(complete(["sc"])).toEqual(["scan"]);
    expect(complete([""])).toEqual(expect.arrayContaining(["scan", "submit", "ci", "review", "verify", "keys", "doctor", "completion"]));
    expect(complete(["keys", "g"])).toEqual(["generate"]);
    expect(complete(["review", ""])).toEqual(expect.arrayContaining(["list", "show", "approve", "reject", "waive"]));
    expect(complete(["scan", "--fa"])).toEqual(["--fail-on"]);
    expect(complete(["scan", "./skill", "--sa"])).toEqual(["--sandbox"]);
    expect(complete(["keys", "generate", "--o"])).toEqual(["--out"]);
    expect(complete(["ci", "--"])).toEqual(expect.arrayContaining(["--changed-since", "--sarif", "--fail-on", "--help"]));
    // After a path argument no subcommands are offered: bash falls back to file names.
    expect(complete(["scan", "./x", ""])).toEqual([]);
  });

  it("zsh loads the bash script through bashcompinit; fish gets one line per command and flag", async () => {
    const zsh = await cli(["completion", "zsh"], sb.env);
    expect(zsh.stdout).toMatch(/^#compdef skillsign\nautoload -U \+X bashcompinit && bashcompinit\n/);
    expect(spawnSync("bash", ["-n"], { input: zsh.stdout }).status).toBe(0);
    if (has("zsh")) expect(spawnSync("zsh", ["-n"], { input: zsh.stdout }).status).toBe(0);
    const fish = await cli(["completion", "fish"], sb.env);
    expect(fish.code).toBe(0);
    expect(fish.stdout).toContain("complete -c skillsign -n '__fish_use_subcommand' -a scan -d ");
    expect(fish.stdout).toMatch(/complete -c skillsign -n '__fish_seen_subcommand_from keys; and not __fish_seen_subcommand_from generate list rotate revoke' -a generate/);
    expect(fish.stdout).toMatch(/complete -c skillsign -n '__fish_seen_subcommand_from scan' -l fail-on -r -F -d /);
    if (has("fish")) expect(spawnSync("fish", ["--no-execute"], { input: fish.stdout }).status).toBe(0);
  });

  it("an unknown shell is a usage error in the one format", async () => {
    const r = await cli(["completion", "powershell"], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('skillsign: error [USAGE_ERROR]: completion: unknown shell "powershell" (shells: bash, zsh, fish)\n');
  });
});
