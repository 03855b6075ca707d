import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, makeSandbox, testPolicy } from "../workflow/cli-harness.js";

const rnd = (n: number, abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") => [...randomBytes(n)].map((b) => abc[b % abc.length]).join("");

function skill(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: Uploads build artefacts for the user.\n---\n# ${name}\nUploads the build folder. Set OPENAI_API_KEY=sk-... and YOUR_API_KEY first.\n`);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

describe("static secret check through the CLI", { timeout: 120_000 }, () => {
  it("a static scan rejects a skill carrying an RSA private key and AWS credentials; the value never reaches the output", async () => {
    const sb = await makeSandbox();
    writeFileSync(sb.policy, testPolicy(["manifest", "patterns", "secrets"]));
    const key = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const secret = rnd(40);
    const keyId = `AKIA${rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
    const carrying = skill(sb.root, "carries-keys", { "deploy/id_rsa": key, ".aws/credentials": `[default]\naws_access_key_id = ${keyId}\naws_secret_access_key = ${secret}\n` });
    const clean = skill(sb.root, "placeholders-only", { ".env.example": "AWS_SECRET_ACCESS_KEY=changeme\n" });
    const skip = ["--skip", "semgrep,dependencies"];

    const human = await cli(["scan", carrying, "--policy", sb.policy, ...skip], sb.env);
    expect(human.code).toBe(20);
    expect(human.stdout).toMatch(/^REJECTED/m);
    expect(human.stdout).toContain("secrets.private-key  deploy/id_rsa:1");
    expect(human.stdout).toContain("secrets.aws-secret-access-key  .aws/credentials:3");
    expect(human.stdout).toContain("evidence: -----BEGIN RSA PRIVATE KEY-----********");

    const json = await cli(["scan", carrying, "--policy", sb.policy, "--json", ...skip], sb.env);
    const sarif = await cli(["scan", carrying, "--policy", sb.policy, "--format", "sarif", ...skip], sb.env);
    const report = JSON.parse(json.stdout);
    expect(report.skills[0].findings.filter((f: { stage: string }) => f.stage === "secrets").map((f: { ruleId: string }) => f.ruleId).sort())
      .toEqual(["secrets.aws-access-key-id", "secrets.aws-secret-access-key", "secrets.private-key"]);
    for (const out of [human.stdout, json.stdout, sarif.stdout, human.stderr]) {
      expect(out).not.toContain(secret);
      expect(out).not.toContain(keyId);
      expect(out).not.toContain(key.split("\n")[1]!);
    }

    const ok = await cli(["scan", clean, "--policy", sb.policy, ...skip], sb.env);
    expect(ok.stdout).not.toContain("secrets.");
    expect(ok.stdout).toMatch(/secrets\s+passed/);
  });
});
