import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsFiles } from "./layers.js";

const SRC = join(__dirname, "..", "..", "src");

/** The one exception: a caught SIGINT/SIGTERM/SIGHUP sets the process's 128+n exit code where it is caught. */
const EXCEPTIONS = new Set(["pipeline/stop.ts"]);

/** Lines below cli/ that decide an exit code or print a report: only cli/ turns outcomes into those. */
function cliWork(folder: string): string[] {
  return tsFiles(SRC)
    .filter((f) => f.startsWith(`${folder}/`) && !EXCEPTIONS.has(f))
    .flatMap((f) =>
      readFileSync(join(SRC, f), "utf8")
        .split("\n")
        .flatMap((l, i) => (/process\.exitCode|process\.stdout|exitCodeFor|renderReport\(/.test(l) && !/^\s*(\/\/|\*)/.test(l) ? [`src/${f}:${i + 1}: ${l.trim()}`] : [])),
    );
}

describe("the workflow returns outcomes", () => {
  it.each(["workflow", "pipeline", "service", "queue"])("src/%s/ sets no exit code, prints no report and renders nothing for stdout", (folder) => {
    expect(cliWork(folder)).toEqual([]);
  });
});
