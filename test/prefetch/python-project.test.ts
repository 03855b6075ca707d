import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eggRequires, requiresDist, sdistRequirements } from "../../src/prefetch/sdist-metadata.js";
import { PrefetchError } from "../../src/prefetch/error.js";
import { poetryRange, projectRequirements } from "../../src/prefetch/python-project.js";
import { compareVersions, sameVersion, sdistVersion } from "../../src/prefetch/sdist.js";

// The TOML → requirement lines step alone (the real builds are in test/stages/build-python-project.test.ts).
const H = (c: string) => c.repeat(64);
const files = (m: Record<string, string>) => (rel: string) => m[rel];

describe("python project files → pip requirements", () => {
  it("uv.lock: registry packages hash-pinned, the virtual root and git sources left out, marker-only packages keep their marker", () => {
    const lock = `version = 1
[[package]]
name = "me"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "six" }, { name = "colorama", marker = "sys_platform == 'win32'" }]
[[package]]
name = "six"
version = "1.17.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x.invalid/six-1.17.0.tar.gz", hash = "sha256:${H("a")}" }
wheels = [{ url = "https://x.invalid/six.whl", hash = "sha256:${H("b")}" }]
[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://x.invalid/c.whl", hash = "sha256:${H("c")}" }]
`;
    const r = projectRequirements({ uvLock: "uv.lock", pyproject: "pyproject.toml" }, files({ "uv.lock": lock }));
    expect(r).toMatchObject({ locked: true, hashMode: true, skipped: [], source: "uv.lock" });
    expect(r.text.trim().split("\n")).toEqual([
      `six==1.17.0 --hash=sha256:${H("b")} --hash=sha256:${H("a")}`,
      `colorama==0.4.6 ; (sys_platform == 'win32') --hash=sha256:${H("c")}`,
    ]);
  });

  it("poetry.lock 1.x: hashes from [metadata.files]; a git package is reported as not prefetched", () => {
    const lock = `[[package]]
name = "idna"
version = "3.20"
[[package]]
name = "mylib"
version = "1.0"
[package.source]
type = "git"
url = "https://x.invalid/mylib.git"
[metadata.files]
idna = [{file = "idna-3.20-py3-none-any.whl", hash = "sha256:${H("d")}"}]
`;
    const r = projectRequirements({ poetryLock: "poetry.lock" }, files({ "poetry.lock": lock }));
    expect(r.text).toBe(`idna==3.20 --hash=sha256:${H("d")}\n`);
    expect(r.skipped).toEqual([{ line: "mylib (poetry.lock)", why: "git sources are not prefetched" }]);
  });

  it("pyproject.toml: PEP 621 and [tool.poetry] dependencies (python, optional and path ones left out); == marks pinned", () => {
    const py = `[project]
dependencies = ["six==1.17.0", "requests>=2", "x @ https://x.invalid/x.whl"]
[tool.poetry.dependencies]
python = "^3.9"
idna = "^3.7"
rich = { version = "~13.1", extras = ["jupyter"] }
extra = { version = "*", optional = true }
local = { path = "../local" }
`;
    const r = projectRequirements({ pyproject: "pyproject.toml" }, files({ "pyproject.toml": py }));
    expect(r.locked).toBe(false);
    expect(r.text.trim().split("\n")).toEqual(["six==1.17.0", "requests>=2", "idna>=3.7,<4", "rich[jupyter]>=13.1,<13.2"]);
    expect([...r.pinnedNames]).toEqual(["six"]);
    expect(r.skipped.map((s) => s.line)).toEqual(["x @ https://x.invalid/x.whl", "extra", "local"]);
  });

  it("poetry constraints become PEP 440 ranges", () => {
    expect(poetryRange("^1.2.3")).toBe(">=1.2.3,<2");
    expect(poetryRange("^0.2.3")).toBe(">=0.2.3,<0.3");
    expect(poetryRange("^0.0.3")).toBe(">=0.0.3,<0.0.4");
    expect(poetryRange("~1.2.3")).toBe(">=1.2.3,<1.3");
    expect(poetryRange("1.2.3")).toBe("==1.2.3");
    expect(poetryRange("*")).toBe("");
    expect(poetryRange(">=2,<3")).toBe(">=2,<3");
  });

  it("invalid TOML is refused with a coded error, never guessed at", () => {
    expect(() => projectRequirements({ pyproject: "pyproject.toml" }, files({ "pyproject.toml": "[project\n" }))).toThrow(PrefetchError);
  });
});

describe("sdist selection", () => {
  it("orders final releases numerically and reads only this project's sdist names", () => {
    expect(["0.9", "0.10", "0.6.2", "1"].sort(compareVersions)).toEqual(["0.6.2", "0.9", "0.10", "1"]);
    expect(sdistVersion("docopt-0.6.2.tar.gz", "docopt")).toBe("0.6.2");
    // ebooklib==0.18.0 is served as EbookLib-0.18.tar.gz (seen in the benign corpus).
    expect(sdistVersion("EbookLib-0.18.tar.gz", "ebooklib")).toBe("0.18");
    expect(sameVersion("0.18", "0.18.0")).toBe(true);
    expect(sameVersion("0.18", "0.18.1")).toBe(false);
    expect(sdistVersion("zope.interface-6.0.zip", "zope-interface")).toBe("6.0");
    expect(sdistVersion("docopt-0.6.2-py3-none-any.whl", "docopt")).toBeUndefined();
    expect(sdistVersion("docopt_ng-0.9.tar.gz", "docopt")).toBeUndefined();
  });
});

describe("an sdist's requirements, read from its metadata files (nothing run)", () => {
  it("PKG-INFO Requires-Dist (extras dropped), else egg-info/requires.txt before its first section", async () => {
    const root = mkdtempSync(join(tmpdir(), "skillsign-sdist-meta-"));
    mkdirSync(join(root, "demo-1.0", "demo.egg-info"), { recursive: true });
    writeFileSync(join(root, "demo-1.0", "PKG-INFO"), "Metadata-Version: 2.1\nName: demo\nRequires-Dist: six\nRequires-Dist: lxml; python_version >= \"3\"\nRequires-Dist: pytest; extra == \"test\"\n");
    writeFileSync(join(root, "demo-1.0", "setup.py"), "raise SystemExit('never run')\n");
    execFileSync("tar", ["-czf", join(root, "demo-1.0.tar.gz"), "-C", root, "demo-1.0"]);
    expect(await sdistRequirements(join(root, "demo-1.0.tar.gz"))).toEqual(["six", "lxml; python_version >= \"3\""]);
    expect(eggRequires("six\nlxml>=4\n\n[test]\npytest\n")).toEqual(["six", "lxml>=4"]);
    expect(requiresDist("Name: x\n")).toEqual([]);
  });
});
