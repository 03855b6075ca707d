// The CLI's flags through the real binary: --fail-on, --quiet, --no-color/NO_COLOR, the
// .skillsign.yaml config file, one error format, help text, sign's SKILLSIGN_SIGNING_KEY, where
// keys generate puts trust.json, and redaction that spares the tool's own text.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI, PASSPHRASE, cli, copyFixture, makeSandbox, type Sandbox } from "../workflow/cli-harness.js";

const STATIC = ["--only", "manifest,patterns"];
const ERROR_LINE = /^skillsign: error \[[A-Z_]+\]: .+\n$/;

describe("flags, config file, help and error format", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let review: string;
  let benign: string;
  beforeAll(async () => {
    sb = await makeSandbox();
    review = copyFixture(sb, "store-borderline-autorun");
    benign = copyFixture(sb, "benign-minimal");
  });
  const scan = (args: string[], env = sb.env, cwd = sb.root) => cli(["scan", ...args, ...STATIC, "--policy", sb.policy], env, cwd);

  it("--fail-on sets the lowest verdict that fails (default review); SKILLSIGN_FAIL_ON; a bad value is a usage error", async () => {
    expect((await scan([review])).code).toBe(10);
    expect((await scan([review, "--fail-on", "review"])).code).toBe(10);
    expect((await scan([review, "--fail-on", "rejected"])).code).toBe(0);
    expect((await scan([benign])).code).toBe(0);
    expect((await scan([benign, "--fail-on", "approved"])).code).toBe(1);
    expect((await scan([review], { ...sb.env, SKILLSIGN_FAIL_ON: "rejected" })).code).toBe(0);
    const bad = await scan([review, "--fail-on", "sometimes"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(ERROR_LINE);
    expect(bad.stderr).toContain("Allowed choices are approved, review, rejected");
    const ci = await cli(["ci", review, "--policy", sb.policy, "--skip", "semgrep,dependencies,build,image-scan,behavior", "--fail-on", "rejected"], sb.env);
    expect(ci.code, ci.stderr).toBe(0);
    expect(ci.stdout).toContain("REVIEW");
  });

  it("--quiet prints nothing on stdout but still writes -o and exits by the verdict", async () => {
    const out = join(sb.root, "quiet.json");
    const r = await scan([review, "--quiet", "--json", "-o", out]);
    expect(r.code).toBe(10);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).skills).toHaveLength(1);
    const q = await scan(["-q", review]);
    expect(q.stdout).toBe("");
    expect(q.code).toBe(10);
  });

  it("colour on a terminal; none with --no-color or NO_COLOR", () => {
    const env: NodeJS.ProcessEnv = { ...sb.env };
    delete env.NO_COLOR;
    delete env.CI;
    const onTty = (args: string[], e = env) => {
      const cmd = [process.execPath, CLI, "scan", review, ...STATIC, "--policy", sb.policy, ...args].map((a) => `'${a}'`).join(" ");
      return spawnSync("script", ["-qfec", cmd, "/dev/null"], { env: e, encoding: "utf8" }).stdout;
    };
    expect(onTty([])).toContain("\u001b[");
    expect(onTty(["--no-color"])).not.toContain("\u001b[");
    expect(onTty([], { ...env, NO_COLOR: "1" })).not.toContain("\u001b[");
  });

  it(".skillsign.yaml in the git root applies; CLI flags win; paths are relative to the file", async () => {
    const repo = join(sb.root, "repo");
    mkdirSync(join(repo, ".git"), { recursive: true });
    mkdirSync(join(repo, "sub/dir"), { recursive: true });
    writeFileSync(join(repo, "policy.yaml"), readFileSync(sb.policy));
    writeFileSync(join(repo, ".skillsign.yaml"), "fail-on: rejected\npolicy: policy.yaml\nskip: [semgrep]\n");
    const fromSub = await cli(["scan", review, ...STATIC], sb.env, join(repo, "sub/dir"));
    expect(fromSub.code, fromSub.stderr).toBe(0);
    expect(fromSub.stdout).toContain("REVIEW");
    expect((await cli(["scan", review, ...STATIC, "--fail-on", "review"], sb.env, join(repo, "sub/dir"))).code).toBe(10);
    // The file's policy path was resolved against the repo, not the working directory.
    const json = JSON.parse((await cli(["scan", review, ...STATIC, "--json"], sb.env, join(repo, "sub"))).stdout);
    expect(json.skills).toHaveLength(1);
    // Outside the repository (no .git above) the file is not found.
    expect((await cli(["scan", review, ...STATIC, "--policy", sb.policy], sb.env, join(sb.root, "skills"))).code).toBe(10);
  });

  it("a config file with an unknown key or a wrong type is refused with exit 2 and one clear line", async () => {
    const dir = join(sb.root, "bad-config");
    mkdirSync(dir, { recursive: true });
    const cases: [string, RegExp][] = [
      ["fail_on: rejected\n", /unknown key "fail_on" \(keys: policy, db, skip, fail-on/],
      ["skip: 3\n", /"skip" must be a list of strings, got 3/],
      ["fail-on: maybe\n", /"fail-on" must be one of approved, review, rejected/],
      ["quiet: yes please\n", /"quiet" must be true or false/],
      ["- just\n- a list\n", /must be a mapping/],
      ["policy: [unclosed\n", /not valid YAML/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(dir, ".skillsign.yaml"), text);
      const r = await cli(["scan", review, ...STATIC], sb.env, dir);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toMatch(ERROR_LINE);
      expect(r.stderr, text).toMatch(/^skillsign: error \[CONFIG_ERROR\]: .*\.skillsign\.yaml: /);
      expect(r.stderr, text).toMatch(message);
    }
    // Global flags come from the file too.
    writeFileSync(join(dir, ".skillsign.yaml"), "quiet: true\ncolor: false\n");
    const quiet = await cli(["scan", review, ...STATIC, "--policy", sb.policy], sb.env, dir);
    expect(quiet.code).toBe(10);
    expect(quiet.stdout).toBe("");
    const env = await cli(["scan", review, ...STATIC], { ...sb.env, SKILLSIGN_CONFIG: join(dir, "missing.yaml") }, sb.root);
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/SKILLSIGN_CONFIG names .*missing\.yaml, which does not exist/);
  });

  it("shared flags read one environment name each: SKILLSIGN_POLICY, SKILLSIGN_DB (the flag wins)", async () => {
    const missing = join(sb.root, "no-such-policy.yaml");
    const r = await cli(["scan", review, ...STATIC], { ...sb.env, SKILLSIGN_POLICY: missing });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(missing);
    expect((await cli(["scan", review, ...STATIC, "--policy", sb.policy], { ...sb.env, SKILLSIGN_POLICY: missing })).code).toBe(10);
    const db = join(sb.root, "env-store", "x.db");
    mkdirSync(join(sb.root, "env-store"));
    const sub = await cli(["submit", review, "--policy", sb.policy, "--skip", "semgrep,dependencies,build,image-scan,behavior"], { ...sb.env, SKILLSIGN_DB: db });
    expect(sub.code, sub.stderr).toBe(10);
    expect(existsSync(db)).toBe(true);
    expect((await cli(["review", "list"], { ...sb.env, SKILLSIGN_DB: db })).stdout).toContain("store-borderline-autorun");
  });

  it("commander's own errors use the tool's one format", async () => {
    for (const args of [["scan"], ["scan", "--bogus", "x"], ["frobnicate"], ["keys", "generate"], ["review", "show"]]) {
      const r = await cli(args, sb.env);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^skillsign: error \[USAGE_ERROR\]: /);
      expect(r.stderr, args.join(" ")).not.toMatch(/^error:/m);
    }
    expect((await cli(["keys", "generate"], sb.env)).stderr).toContain("required option '--out <dir>' not specified");
  });

  it("--help has examples, exit codes and marks required options; the top level lists every command", async () => {
    const top = await cli(["--help"], sb.env);
    expect(top.code).toBe(0);
    for (const c of ["scan", "submit", "ci", "review", "status", "history", "sign", "verify", "install", "keys", "trust", "setup", "doctor", "completion"]) {
      expect(top.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    }
    expect(top.stdout).toContain("Exit codes:");
    const scanHelp = (await cli(["scan", "--help"], sb.env)).stdout;
    expect(scanHelp).toMatch(/Examples:\n  \$ skillsign scan /);
    expect(scanHelp).toMatch(/Exit codes:\n  0 approved, 10 review, 20 rejected/);
    expect(scanHelp).toContain("--fail-on <verdict>");
    expect(scanHelp).toContain("--quiet");
    expect((await cli(["keys", "generate", "--help"], sb.env)).stdout).toMatch(/--out <dir>\s+\(required\) folder for the key files/);
    expect((await cli(["help", "review"], sb.env)).stdout).toMatch(/skillsign review approve 12/);
  });

  it("sign takes the key from SKILLSIGN_SIGNING_KEY; without either it names the option and the variable", async () => {
    const skill = copyFixture(sb, "benign-minimal", "../sign-env/benign-minimal");
    const ok = await cli(["sign", skill], sb.signingEnv);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(`${skill}.skillsig.json`)).toBe(true);
    const v = await cli(["verify", skill, "--trust", sb.trustPath], sb.env);
    expect(v.code, v.stdout).toBe(0);
    const none = await cli(["sign", skill], { ...sb.env, SKILLSIGN_KEY_PASSPHRASE: PASSPHRASE });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^skillsign: error \[USAGE_ERROR\]: required option '--key <file>' not specified/);
  });

  it("keys generate says whether verify finds its trust file; in $SKILLSIGN_HOME it does, with no --trust", async () => {
    const env = { ...sb.env, SKILLSIGN_KEY_PASSPHRASE: PASSPHRASE };
    const elsewhere = await cli(["keys", "generate", "--out", join(sb.root, "other-keys")], env);
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(elsewhere.stdout).toContain(`trust file:              ${join(sb.root, "other-keys", "trust.json")}`);
    expect(elsewhere.stdout).toContain(`verify and install read ${join(sb.home, "trust.json")} by default: pass --trust ${join(sb.root, "other-keys", "trust.json")}`);
    const home = await cli(["keys", "generate", "--out", sb.home], env);
    expect(home.stdout).toContain("verify and install use this trust file by default");
    const skill = copyFixture(sb, "benign-minimal", "../home-signed/benign-minimal");
    expect((await cli(["sign", skill, "--key", join(sb.home, "skillsign.key")], env)).code).toBe(0);
    const v = await cli(["verify", skill], sb.env);
    expect(v.stdout).toMatch(/^ok: /);
    expect(v.code).toBe(0);
    expect((await cli(["keys", "list"], sb.env)).stdout).toMatch(/^[0-9a-f]{64}  active /m);
  });

  it("redaction spares the tool's own text: doctor's fix and SKILLSIGN_DEBUG frames; outside values stay redacted", async () => {
    const env: NodeJS.ProcessEnv = { ...sb.env, PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };
    delete env.SNYK_TOKEN;
    const doctor = await cli(["doctor"], env);
    expect(doctor.stdout).toContain("export SNYK_TOKEN=<your token>");
    expect(doctor.stdout).not.toMatch(/SNYK_TOKEN=\*{8}/);
    const json = JSON.parse((await cli(["doctor", "--json"], env)).stdout);
    expect(json.components.find((c: { id: string }) => c.id === "snyk").fix).toContain("export SNYK_TOKEN=<your token>");

    const token = `ghp_${"A1b2C3d4".repeat(5)}`;
    const r = await cli(["scan", join(sb.root, "no-such", `session=${token}`)], { ...sb.env, SKILLSIGN_DEBUG: "1" });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(token);
    expect(r.stderr.split("\n")[0]).toMatch(/^skillsign: error \[[A-Z_]+\]: .*\*{8}/);
    const frames = r.stderr.split("\n").filter((l) => /^\s+at /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.join("\n")).toMatch(/\.js:\d+:\d+\)?$/m);
    expect(frames.join("\n")).not.toContain("********");
  });
});
