import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { StageOutcome } from "../../src/findings.types.js";
import { editDistance, typosquatTarget } from "../../src/stages/dependencies/checks/typosquat.js";
import { classifySpec } from "../../src/stages/dependencies/checks/version-spec.js";
import { dependenciesStage } from "../../src/stages/dependencies/index.js";
import { mapSnykOutput } from "../../src/stages/dependencies/snyk/map.js";
import { fixture, makeContext } from "../helpers/stage-context.js";

const home = mkdtempSync(join(tmpdir(), "skillsign-deps-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const SNYK_FIXTURES = resolve(import.meta.dirname, "../fixtures/snyk");
const snykJson = (name: string): unknown => JSON.parse(readFileSync(join(SNYK_FIXTURES, name), "utf8"));
const ruleIds = (o: StageOutcome) => [...new Set(o.findings.map((f) => f.ruleId))].sort();
const noTools = () => {
  const empty = mkdtempSync(join(home, "no-tools-"));
  return { PATH: empty, SKILLSIGN_TOOLS: empty };
};

async function run(name: string, processEnv: NodeJS.ProcessEnv = noTools()): Promise<StageOutcome> {
  const ctx = await makeContext(fixture(name), { home, processEnv });
  const applies = dependenciesStage.appliesTo(ctx);
  if (!applies.applies) return { status: "skipped", reason: applies.reason, findings: [] };
  return dependenciesStage.run(ctx);
}

interface Case {
  fixture: string;
  want: string[];
}

const cases: Case[] = [
  { fixture: "deps-postinstall", want: ["dependencies.install-script"] },
  { fixture: "deps-typosquat", want: ["dependencies.typosquat"] },
  { fixture: "deps-git-url", want: ["dependencies.file-dependency", "dependencies.git-dependency", "dependencies.url-dependency"] },
  { fixture: "deps-clean", want: [] },
  { fixture: "deps-known-malicious", want: ["dependencies.known-malicious", "dependencies.typosquat"] },
  { fixture: "deps-unpinned-python", want: ["dependencies.custom-index", "dependencies.git-dependency", "dependencies.unpinned-version"] },
  { fixture: "deps-broken-manifest", want: ["dependencies.manifest-unreadable"] },
];

describe("dependencies stage, offline checks", () => {
  it.each(cases)("$fixture → $want", async ({ fixture: name, want }) => {
    const o = await run(name);
    expect(ruleIds(o)).toEqual(want);
    expect(o.status).toBe(want.length > 0 ? "findings" : "passed");
    expect(o.checks).toEqual({ offline: "ran", snyk: "skipped: SNYK_TOKEN not set" });
  });

  it("points at the file and line, with the hook's command as evidence", async () => {
    const [f] = (await run("deps-postinstall")).findings;
    expect(f).toMatchObject({ severity: "high", file: "package.json", line: 7, category: "install-hook" });
    expect(f!.evidence).toContain("node scripts/setup.js");
  });

  it("names what each typosquat imitates, in both ecosystems", async () => {
    const msgs = (await run("deps-typosquat")).findings.map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^package\.json:6 axois .*axios/),
        expect.stringMatching(/^package\.json:7 lodahs .*lodash/),
        expect.stringMatching(/^requirements\.txt:2 reqeusts .*requests/),
        expect.stringMatching(/^requirements\.txt:3 numpyy .*numpy/),
      ]),
    );
  });

  it("flags known-malicious names as critical, and a listed package only in its bad releases", async () => {
    const bad = (await run("deps-known-malicious")).findings.filter((f) => f.ruleId === "dependencies.known-malicious");
    expect(bad.map((f) => f.evidence).sort()).toEqual(["crossenv (6.1.1)", "ua-parser-js (0.7.29)"]);
    expect(bad.every((f) => f.severity === "critical")).toBe(true);
  });

  it("matches release-limited entries only on an exact pin", async () => {
    const { makeSkill } = await import("../helpers/hostile.js");
    const pkg = { name: "x", dependencies: { "ua-parser-js": "^1.0.33", "event-stream": "3.3.6", crossenv: "^6.0.0" } };
    const dir = makeSkill({ "package.json": JSON.stringify(pkg, null, 2) }, "deps-release-limited");
    const o = await dependenciesStage.run(await makeContext(dir, { home, processEnv: noTools() }));
    const bad = o.findings.filter((f) => f.ruleId === "dependencies.known-malicious").map((f) => f.evidence);
    expect(bad.sort()).toEqual(["crossenv (^6.0.0)", "event-stream (3.3.6)"]);
  });

  it("grades versions: open-ended or missing is medium, a compatible range is low", async () => {
    const unpinned = (await run("deps-unpinned-python")).findings.filter((f) => f.ruleId === "dependencies.unpinned-version");
    const byName = Object.fromEntries(unpinned.map((f) => [f.evidence!.split(" ")[0], f.severity]));
    expect(byName).toEqual({ requests: "medium", click: "medium", rich: "low", pydantic: "medium", typer: "low" });
  });

  it("reads pip's per-requirement options: a hash-pinned requirement is pinned, continuation lines joined", async () => {
    const { parseRequirements } = await import("../../src/stages/dependencies/parse/python.js");
    const { emptyParsed } = await import("../../src/stages/dependencies/parsed.js");
    const h1 = `sha256:${"a".repeat(64)}`;
    const h2 = `sha256:${"b".repeat(64)}`;
    const text = `six==1.16.0 --hash=${h1}\nrequests==2.31.0 \\\n    --hash=${h1} \\\n    --hash ${h2}\n# c\nidna>=3\n`;
    const parsed = emptyParsed();
    parseRequirements("requirements.txt", text, parsed);
    expect(parsed.dependencies.map((d) => [d.name, d.spec, d.line, d.hashes])).toEqual([
      ["six", "==1.16.0", 1, [h1]],
      ["requests", "==2.31.0", 2, [h1, h2]],
      ["idna", ">=3", 6, undefined],
    ]);
    const { makeSkill } = await import("../helpers/hostile.js");
    const dir = makeSkill({ "requirements.txt": text }, "deps-hash-pinned");
    const o = await dependenciesStage.run(await makeContext(dir, { home, processEnv: noTools() }));
    expect(o.findings.filter((f) => f.ruleId === "dependencies.unpinned-version").map((f) => f.evidence)).toEqual(["idna (>=3)"]);
  });

  it("skips skills with no dependency manifests", async () => {
    const o = await run("semgrep-prose-only");
    expect(o).toMatchObject({ status: "skipped", reason: "no dependency manifests" });
  });
});

describe("version specs and typosquat distance", () => {
  it.each([
    ["npm", "1.2.3", "pinned"], ["npm", "^1.2.3", "range"], ["npm", "~1.2.3", "range"], ["npm", ">=1.0.0 <2.0.0", "range"],
    ["npm", ">=1.0.0", "wide"], ["npm", "*", "wide"], ["npm", "latest", "wide"], ["npm", "", "missing"],
    ["npm", "github:owner/repo", "git"], ["npm", "owner/repo#main", "git"], ["npm", "https://x.invalid/a.tgz", "url"],
    ["npm", "file:../lib", "file"], ["npm", "npm:lodahs@1.0.0", "alias"],
    ["pypi", "==2.31.0", "pinned"], ["pypi", "~=2.31", "range"], ["pypi", ">=2,<3", "range"], ["pypi", ">=2", "wide"],
    ["pypi", "", "missing"], ["pypi", "git+https://x.invalid/r.git", "git"],
  ])("%s %j is %s", (eco, spec, kind) => {
    expect(classifySpec(eco as "npm" | "pypi", spec).kind).toBe(kind);
  });

  it("counts a swap of neighbours as one edit (Damerau)", () => {
    expect(editDistance("axois", "axios")).toBe(1);
    expect(editDistance("lodash", "lodash")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("never flags exact or popular names, nor short ones", () => {
    const popular = new Set(["express", "requests", "react"]);
    expect(typosquatTarget("express", popular)).toBeUndefined();
    expect(typosquatTarget("expres", popular)).toBe("express");
    expect(typosquatTarget("reqeusts", popular)).toBe("requests");
    expect(typosquatTarget("reakt", popular)).toBe("react");
    expect(typosquatTarget("rea", popular)).toBeUndefined();
    expect(typosquatTarget("left-pad", popular)).toBeUndefined();
  });
});

describe("Snyk JSON → findings (recorded outputs in Snyk's format)", () => {
  it("maps vulnerabilities, one finding per id and package version, with fix and CWE", () => {
    const m = mapSnykOutput(snykJson("vulns-found.json"));
    if (m.kind !== "results") throw new Error(`expected results, got ${m.message}`);
    expect(m.findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ["dependencies.snyk.SNYK-JS-LODASH-567746", "high"],
      ["dependencies.snyk.SNYK-JS-MINIMIST-2429795", "low"],
      ["dependencies.snyk.SNYK-JS-TABLEKIT-9999999", "critical"],
    ]);
    const [lodash, minimist, tableKit] = m.findings;
    expect(lodash).toMatchObject({ file: "package-lock.json", cwe: ["CWE-400"], fix: "Upgrade lodash to 4.17.16.", category: "vulnerable-dependency" });
    expect(lodash!.message).toContain("lodash@4.17.15 (CVE-2020-8203), introduced through deps-snyk-demo@1.0.0 > lodash@4.17.15");
    expect(minimist!.message).toContain("mkdirp@0.5.5 > minimist@1.2.5");
    expect(tableKit!.fix).toMatch(/No fixed release of table-kit/);
    expect(lodash!.references).toEqual(["https://security.snyk.io/vuln/SNYK-JS-LODASH-567746"]);
  });

  it("maps a clean project to no findings", () => {
    expect(mapSnykOutput(snykJson("clean.json"))).toEqual({ kind: "results", findings: [], projects: 1, vulnerabilities: 0 });
  });

  it("maps --all-projects output (an array) across manifests", () => {
    const m = mapSnykOutput(snykJson("all-projects.json"));
    expect(m.kind === "results" && m.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ["dependencies.snyk.SNYK-PYTHON-REQUESTS-6928867", "requirements.txt"],
    ]);
  });

  it("maps an error object to an error with its first line", () => {
    expect(mapSnykOutput(snykJson("error.json"))).toEqual({ kind: "error", message: "Authentication failed. Please check the API token on https://snyk.io" });
  });
});

/** A stand-in `snyk` on PATH that prints a recorded fixture and exits with the given code. */
function fakeSnyk(fixtureName: string, exitCode: number): string {
  const dir = mkdtempSync(join(home, "fake-snyk-"));
  mkdirSync(join(dir, "bin"));
  const argsLog = join(dir, "args.log");
  const script = [
    "#!/bin/sh",
    'if [ "$1" = "--version" ]; then echo "1.1293.1"; exit 0; fi',
    `echo "$* token=$SNYK_TOKEN cwd=$(pwd)" >> '${argsLog}'`,
    `cat '${join(SNYK_FIXTURES, fixtureName)}'`,
    `exit ${exitCode}`,
  ].join("\n");
  writeFileSync(join(dir, "bin", "snyk"), `${script}\n`);
  chmodSync(join(dir, "bin", "snyk"), 0o755);
  return join(dir, "bin");
}

describe("dependencies stage with SNYK_TOKEN (fake snyk on PATH)", () => {
  const env = (bin: string) => ({ PATH: `${bin}:/usr/bin:/bin`, SKILLSIGN_TOOLS: join(home, "none"), SNYK_TOKEN: "snyk-test-token-CANARY" });

  it("exit 1 with vulnerabilities: Snyk findings join the offline ones and the tool is recorded", async () => {
    const bin = fakeSnyk("vulns-found.json", 1);
    const o = await run("deps-postinstall", env(bin));
    expect(o.status).toBe("findings");
    expect(ruleIds(o)).toEqual([
      "dependencies.install-script",
      "dependencies.snyk.SNYK-JS-LODASH-567746",
      "dependencies.snyk.SNYK-JS-MINIMIST-2429795",
      "dependencies.snyk.SNYK-JS-TABLEKIT-9999999",
    ]);
    expect(o.tool).toEqual({ name: "snyk", version: "1.1293.1" });
    expect(o.checks?.snyk).toBe("ran: 3 vulnerabilities in 1 project(s)");
    const log = readFileSync(join(bin, "..", "args.log"), "utf8");
    expect(log).toMatch(/^test --json --all-projects token=snyk-test-token-CANARY cwd=.*snapshots/);
  });

  it("exit 0 clean: passed, snyk reported as ran", async () => {
    const o = await run("deps-clean", env(fakeSnyk("clean.json", 0)));
    expect(o.status).toBe("passed");
    expect(o.checks?.snyk).toBe("ran: 0 vulnerabilities in 1 project(s)");
  });

  it("exit 2 failure: status error with Snyk's message, offline findings kept", async () => {
    const o = await run("deps-postinstall", env(fakeSnyk("error.json", 2)));
    expect(o.status).toBe("error");
    expect(o.reason).toBe("snyk test failed (exit 2): Authentication failed. Please check the API token on https://snyk.io");
    expect(ruleIds(o)).toEqual(["dependencies.install-script"]);
  });

  it("exit 3 no supported project: snyk skipped, not an error", async () => {
    const o = await run("deps-clean", env(fakeSnyk("no-supported-projects.json", 3)));
    expect(o.status).toBe("passed");
    expect(o.checks?.snyk).toBe("skipped: no project type snyk supports");
  });

  it("token set but no snyk CLI: status error saying so", async () => {
    const o = await run("deps-clean", { ...noTools(), SNYK_TOKEN: "snyk-test-token-CANARY" });
    expect(o.status).toBe("error");
    expect(o.reason).toMatch(/snyk CLI was not found/);
    expect(o.checks?.snyk).toBe("error: snyk CLI not found");
  });
});

describe("lockfiles", () => {
  it("checks every lockfile entry against the known-malicious list, but typosquats only in what the author wrote", async () => {
    const { makeSkill } = await import("../helpers/hostile.js");
    const lock = {
      name: "deps-lock-demo",
      lockfileVersion: 3,
      packages: {
        "": { name: "deps-lock-demo", dependencies: { chalk: "5.3.0" } },
        "node_modules/chalk": { version: "5.3.0", resolved: "https://registry.npmjs.org/chalk/-/chalk-5.3.0.tgz" },
        "node_modules/lodahs": { version: "1.0.0", resolved: "https://registry.npmjs.org/lodahs/-/lodahs-1.0.0.tgz" },
        "node_modules/flatmap-stream": { version: "0.1.1", resolved: "https://registry.npmjs.org/flatmap-stream/-/flatmap-stream-0.1.1.tgz" },
        "node_modules/tool": { version: "1.0.0", resolved: "git+ssh://git@git.example.invalid/tool.git#abc123" },
        "packages/local": { version: "1.0.0" },
      },
    };
    const dir = makeSkill(
      { "package.json": JSON.stringify({ name: "x", dependencies: { chalk: "5.3.0" } }, null, 2), "package-lock.json": JSON.stringify(lock, null, 2) },
      "deps-lock-demo",
    );
    const ctx = await makeContext(dir, { home, processEnv: noTools() });
    const o = await dependenciesStage.run(ctx);
    expect(o.findings.map((f) => [f.ruleId, f.file, f.evidence])).toEqual([
      ["dependencies.known-malicious", "package-lock.json", "flatmap-stream (0.1.1)"],
      ["dependencies.git-dependency", "package-lock.json", "tool (git+ssh://git@git.example.invalid/tool.git#abc123)"],
    ]);
  });
  it("a range in package.json is not open-ended when the lock beside it pins that package; one the lock lacks still is", async () => {
    const { makeSkill } = await import("../helpers/hostile.js");
    const lock = {
      name: "x", lockfileVersion: 3,
      packages: { "": { name: "x" }, "node_modules/chalk": { version: "5.3.0", resolved: "https://registry.npmjs.org/chalk/-/chalk-5.3.0.tgz" } },
    };
    const dir = makeSkill(
      { "package.json": JSON.stringify({ name: "x", dependencies: { chalk: "^5.0.0", "is-number": "*" } }, null, 2), "package-lock.json": JSON.stringify(lock, null, 2) },
      "deps-lock-range",
    );
    const o = await dependenciesStage.run(await makeContext(dir, { home, processEnv: noTools() }));
    expect(o.findings.map((f) => [f.ruleId, f.evidence])).toEqual([["dependencies.unpinned-version", "is-number (*)"]]);
  });

  it("uv.lock and poetry.lock pin the pyproject's ranges; without the lock the same pyproject is flagged", async () => {
    for (const name of ["build-uv-lock", "build-poetry-lock"]) {
      const o = await run(name);
      // Only the build backend (poetry-core, outside any lock) is left, and only as low.
      expect(o.findings.filter((f) => f.ruleId === "dependencies.unpinned-version").map((f) => [f.evidence, f.severity]), name)
        .toEqual(name === "build-poetry-lock" ? [["poetry-core", "low"]] : []);
      expect(o.data?.manifests, name).toContain(name === "build-uv-lock" ? "uv.lock" : "poetry.lock");
    }
    const { makeSkill } = await import("../helpers/hostile.js");
    const bare = makeSkill({ "pyproject.toml": readFileSync(join(fixture("build-poetry-lock"), "pyproject.toml"), "utf8") }, "deps-poetry-unlocked");
    const o = await dependenciesStage.run(await makeContext(bare, { home, processEnv: noTools() }));
    expect(o.findings.map((f) => [f.ruleId, f.evidence, f.severity])).toEqual([["dependencies.unpinned-version", "poetry-core", "low"], ["dependencies.unpinned-version", "idna (^3.7)", "low"]]);
  });

  it("a Python lock's git, URL and private-registry entries are checked as sources; the project itself is not", async () => {
    const { makeSkill } = await import("../helpers/hostile.js");
    const uvLock = [
      "version = 1",
      "[[package]]", 'name = "me"', 'version = "0.1.0"', 'source = { editable = "." }',
      "[[package]]", 'name = "tool"', 'version = "1.0"', 'source = { git = "https://git.example.invalid/tool.git?rev=abc#abc" }',
      "[[package]]", 'name = "requests"', 'version = "2.32.3"', 'source = { registry = "https://mirror.example.invalid/simple" }',
      "[[package]]", 'name = "six"', 'version = "1.17.0"', 'source = { registry = "https://pypi.org/simple" }',
      "[[package]]", 'name = "flatmap"', 'version = "1.0"', 'source = { url = "http://files.example.invalid/flatmap-1.0.tar.gz" }',
    ].join("\n");
    const dir = makeSkill({ "pyproject.toml": '[project]\nname = "me"\nversion = "0.1.0"\ndependencies = ["six", "requests", "tool", "flatmap"]\n', "uv.lock": uvLock }, "deps-uv-sources");
    const o = await dependenciesStage.run(await makeContext(dir, { home, processEnv: noTools() }));
    const got = o.findings.map((f) => [f.ruleId, f.file, f.evidence]);
    expect(got).toContainEqual(["dependencies.git-dependency", "uv.lock", "tool (git+https://git.example.invalid/tool.git?rev=abc#abc)"]);
    expect(got).toContainEqual(["dependencies.url-dependency", "uv.lock", "requests (https://mirror.example.invalid/simple)"]);
    expect(o.findings.find((f) => f.evidence?.startsWith("flatmap (http:"))?.severity).toBe("high");
    // six is pinned by the lock; requests, tool and flatmap are not registry pins, so their missing versions still count.
    expect(got.filter((g) => g[0] === "dependencies.unpinned-version").map((g) => g[2]).sort()).toEqual(["flatmap", "requests", "tool"]);
    expect(got.some((g) => String(g[2]).startsWith("me "))).toBe(false);
  });

  it("an unparsable Python lock is reported, not skipped", async () => {
    const { makeSkill } = await import("../helpers/hostile.js");
    const dir = makeSkill({ "pyproject.toml": '[project]\nname = "me"\nversion = "0"\n', "poetry.lock": "[[package]\nname = " }, "deps-bad-lock");
    const o = await dependenciesStage.run(await makeContext(dir, { home, processEnv: noTools() }));
    expect(o.findings.map((f) => [f.ruleId, f.file])).toEqual([["dependencies.manifest-unreadable", "poetry.lock"]]);
  });
});
