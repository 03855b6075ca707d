import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findTool, findToolPath, parseVersion } from "../../src/tools/find-tool.js";

const root = mkdtempSync(join(tmpdir(), "skillsign-find-tool-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeTool(dir: string, name: string, versionLine: string, mode = 0o755): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "${versionLine}"\n`);
  chmodSync(path, mode);
  return path;
}

describe("findTool", () => {
  it("prefers $SKILLSIGN_TOOLS/bin over PATH and reads the version", async () => {
    const tools = join(root, "tools");
    const pinned = fakeTool(join(tools, "bin"), "trivy", "Version: 0.58.1");
    const onPath = fakeTool(join(root, "path-a"), "trivy", "Version: 0.40.0");
    const env = { SKILLSIGN_TOOLS: tools, PATH: join(root, "path-a") };
    expect(await findTool("trivy", { env })).toEqual({ name: "trivy", path: pinned, version: "0.58.1" });
    expect(findToolPath("trivy", { PATH: join(root, "path-a"), SKILLSIGN_TOOLS: join(root, "none") })).toBe(onPath);
  });

  it("walks PATH in order and ignores files that are not executable", async () => {
    fakeTool(join(root, "p1"), "runsc", "runsc version release-20240212.0", 0o644);
    const second = fakeTool(join(root, "p2"), "runsc", "runsc version release-20240212.0");
    const env = { PATH: `${join(root, "p1")}:${join(root, "p2")}`, SKILLSIGN_TOOLS: join(root, "none") };
    expect(await findTool("runsc", { env })).toEqual({ name: "runsc", path: second, version: "release-20240212.0" });
  });

  it("returns undefined when the tool is nowhere, and refuses paths as names", async () => {
    expect(await findTool("semgrep", { env: { PATH: join(root, "empty"), SKILLSIGN_TOOLS: join(root, "none") } })).toBeUndefined();
    expect(() => findToolPath("../bin/sh", {})).toThrow(/bare command name/);
  });

  it("parses common version outputs", () => {
    expect(parseVersion("1.150.0")).toBe("1.150.0");
    expect(parseVersion("semgrep 1.181.0\n")).toBe("1.181.0");
    expect(parseVersion("Version: 0.58.1\nVulnerability DB: ...")).toBe("0.58.1");
    expect(parseVersion("no digits here")).toBeUndefined();
  });
});
