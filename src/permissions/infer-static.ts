import type { UseSite } from "./use-site.types.js";
import type { InferredUse } from "./inferred.types.js";
import { emptyInferred } from "./inferred.js";

/** Read by everything; listing them would be noise (same set the manifest stage ignores). */
const COMMON_ENV = /^(?:HOME|PATH|USER|USERNAME|LOGNAME|SHELL|LANG|LANGUAGE|LC_\w+|TERM|TMPDIR|TEMP|TMP|PWD|NODE_ENV|CI|DEBUG|TZ|EDITOR|VISUAL|PAGER|NO_COLOR|FORCE_COLOR|COLUMNS|LINES|HOSTNAME|PYTHONPATH|VIRTUAL_ENV|USERPROFILE|APPDATA|LOCALAPPDATA|XDG_\w+)$/;
const SAMPLE_PATH = /(?:^|\/)(?:tests?|__tests__|spec|fixtures?|examples?|testdata)\//i;
/** The program a spawn names first: subprocess.run(["git", …]), os.system("git …"), spawn("git", …). */
const SPAWNED = /(?:\(\s*\[\s*|(?:system|popen|exec|execSync|execFile|execFileSync|spawn|spawnSync|execa|check_output|check_call|call|run|Popen)\s*\(\s*)['"\x60]([A-Za-z0-9_.+-]+)(?=[\s'"\x60])/;
const MAX_ITEMS = 100;

/**
 * The permissions the static usage scan implies. Test and example files and SKILL.md blocks shown
 * as what the skill never does are left out: they are not what the agent runs.
 */
export function inferFromSites(sites: readonly UseSite[]): InferredUse {
  const out = emptyInferred();
  const live = sites.filter((s) => !SAMPLE_PATH.test(s.file) && s.counterExample === undefined);
  const network = new Set<string>();
  const env = new Set<string>();
  const bins = new Set<string>();
  const paths = new Set<string>();
  for (const s of live) {
    switch (s.capability) {
      case "network":
        network.add(s.target ? s.target.toLowerCase() : "*");
        break;
      case "env":
        for (const name of (s.target ?? "").split(",").map((n) => n.split(":")[0]!.trim())) {
          if (name === "*") env.add("*");
          else if (/^[~/]/.test(name) || name === "keychain") paths.add(name);
          else if (/^[A-Za-z_]\w*$/.test(name) && !COMMON_ENV.test(name)) env.add(name);
        }
        break;
      case "exec": {
        const bin = SPAWNED.exec(s.evidence)?.[1];
        bins.add(bin ? bin.replace(/^.*\//, "") : "*");
        break;
      }
      case "write":
        if (s.target) paths.add(s.target);
        break;
    }
  }
  out.network = sorted(network);
  out.env = sorted(env);
  out.bins = sorted(bins);
  out.paths = sorted(paths);
  out.sources.static = live.length > 0;
  return out;
}

export function sorted(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).slice(0, MAX_ITEMS);
}
