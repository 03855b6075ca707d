import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scanText } from "../../src/stages/secrets/index.js";

/** Random-looking canary bodies, built at run time so no credential-shaped string sits in the repo. */
const rnd = (n: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") =>
  [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join("");
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const pem = (type: "rsa" | "ec") =>
  generateKeyPairSync(type, type === "rsa" ? { modulusLength: 1024 } : { namedCurve: "P-256" }).privateKey.export({ type: type === "rsa" ? "pkcs1" : "sec1", format: "pem" }).toString();
const pkcs8 = () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

interface Row {
  name: string;
  file: string;
  text: string;
  want: string[];
}

const positives: Row[] = [
  { name: "RSA private key (PEM)", file: "certs/id_rsa", text: pem("rsa"), want: ["secrets.private-key"] },
  { name: "EC private key (PEM)", file: "key.pem", text: pem("ec"), want: ["secrets.private-key"] },
  { name: "OpenSSH private key", file: ".ssh/id_ed25519", text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${rnd(70)}\n${rnd(70)}\n-----END OPENSSH PRIVATE KEY-----\n`, want: ["secrets.private-key"] },
  { name: "PGP private key block", file: "sign.asc", text: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${rnd(64)}\n${rnd(64)}\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\n`, want: ["secrets.private-key"] },
  { name: "AWS key pair in a credentials file", file: "aws/credentials", text: `[default]\naws_access_key_id = AKIA${rnd(16, UPPER)}\naws_secret_access_key = ${rnd(40)}\n`, want: ["secrets.aws-access-key-id", "secrets.aws-secret-access-key"] },
  { name: "GCP service-account JSON", file: "sa.json", text: JSON.stringify({ type: "service_account", project_id: "p", private_key_id: "k", private_key: pkcs8() }, null, 2), want: ["secrets.gcp-service-account"] },
  { name: "Azure storage connection string", file: "app.config", text: `conn = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${rnd(86)}==;EndpointSuffix=core.windows.net"`, want: ["secrets.azure-storage-key"] },
  { name: "GitHub classic token", file: "scripts/push.sh", text: `TOKEN=gh${"p"}_${rnd(36)}\ncurl -H "Authorization: token $TOKEN" https://api.github.invalid`, want: ["secrets.github-token"] },
  { name: "Slack bot token", file: "bot.py", text: `client = WebClient(token="xox${"b"}-${rnd(11, "0123456789")}-${rnd(12, "0123456789")}-${rnd(24)}")`, want: ["secrets.slack-token"] },
  { name: "Stripe live key", file: "pay.js", text: `const stripe = require("stripe")("sk_${"live"}_${rnd(32)}");`, want: ["secrets.stripe-key"] },
  { name: "npm token in .npmrc", file: ".npmrc", text: `//registry.npmjs.org/:_authToken=npm_${rnd(36)}\n`, want: ["secrets.npm-token"] },
  { name: "PyPI token", file: ".pypirc", text: `[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc${rnd(60)}\n`, want: ["secrets.pypi-token"] },
  { name: "OpenAI key", file: "SKILL.md", text: `Set the key: \`OPENAI_API_KEY=sk-proj-${rnd(30)}T3BlbkFJ${rnd(30)}\``, want: ["secrets.openai-key"] },
  { name: "Anthropic key", file: "config.py", text: `API_KEY = "sk-ant-api03-${rnd(93)}AA"`, want: ["secrets.anthropic-key"] },
  { name: ".env with a random secret", file: ".env", text: `DEBUG=1\nDATABASE_PASSWORD=${rnd(20)}\n`, want: ["secrets.env-file"] },
  { name: ".netrc password", file: ".netrc", text: `machine api.example.invalid login bot password ${rnd(18)}\n`, want: ["secrets.credential-file"] },
];

const negatives: Row[] = [
  { name: "placeholder key in docs", file: "SKILL.md", text: "export OPENAI_API_KEY=sk-...\nexport ANTHROPIC_API_KEY=YOUR_API_KEY\nSTRIPE=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", want: [] },
  { name: "AWS documentation example key", file: "README.md", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", want: [] },
  { name: "elided PEM block", file: "SKILL.md", text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----", want: [] },
  { name: "PEM header without a body", file: "check.py", text: 'if text.startswith("-----BEGIN PRIVATE KEY-----"):\n    raise ValueError("no keys")', want: [] },
  { name: "public key and certificate", file: "ca.pem", text: `-----BEGIN PUBLIC KEY-----\n${rnd(64)}\n${rnd(64)}\n-----END PUBLIC KEY-----\n`, want: [] },
  { name: "env template", file: ".env.example", text: `API_KEY=${rnd(24)}\nSECRET=changeme`, want: [] },
  { name: ".env with references and placeholders", file: ".env", text: "API_TOKEN=${API_TOKEN}\nDB_PASSWORD=<your password>\nSECRET_KEY=xxxxxxxxxxxxxxxx\nAUTH_MODE=oauth", want: [] },
  { name: "token-shaped words", file: "notes.md", text: "ghp_ tokens start with ghp_; npm_ tokens with npm_. sk-ant-api03-... is an Anthropic key.", want: [] },
  { name: "hashes and uuids", file: "package-lock.json", text: `"integrity": "sha512-${rnd(86)}=="\n"id": "0f8fad5b-d9cb-469f-a165-70867728950e"`, want: [] },
  { name: "environment reads", file: "main.py", text: 'key = os.environ["OPENAI_API_KEY"]\ntoken = os.getenv("GITHUB_TOKEN")', want: [] },
];

describe("secrets stage rules", () => {
  it.each(positives)("finds $name", ({ file, text, want }) => {
    const found = scanText(file, text);
    expect([...new Set(found.map((f) => f.ruleId))].sort()).toEqual([...want].sort());
    for (const f of found) {
      expect(f.evidence).toContain("********");
      expect(f.file).toBe(file);
      expect(f.line).toBeGreaterThan(0);
    }
  });

  it.each(negatives)("ignores $name", ({ file, text }) => {
    expect(scanText(file, text)).toEqual([]);
  });

  it("never puts the secret value in a message or evidence", () => {
    const secret = rnd(40);
    const token = `gh${"p"}_${rnd(36)}`;
    const found = [...scanText("c", `aws_secret_access_key=${secret}`), ...scanText("d.sh", `T=${token}`), ...scanText(".env", `MY_TOKEN="${secret}"`)];
    expect(found).toHaveLength(3);
    const all = JSON.stringify(found);
    expect(all).not.toContain(secret);
    expect(all).not.toContain(token);
  });

  it("rates working credentials critical and lone key ids and .env values high", () => {
    const sev = (file: string, text: string) => scanText(file, text).map((f) => `${f.ruleId}:${f.severity}`);
    expect(sev("k.pem", pem("rsa"))).toEqual(["secrets.private-key:critical"]);
    expect(sev("a.txt", `id AKIA${rnd(16, UPPER)}`)).toEqual(["secrets.aws-access-key-id:high"]);
    expect(sev(".env.production", `SECRET_KEY=${rnd(32)}`)).toEqual(["secrets.env-file:high"]);
  });
});

describe("secrets stage over a snapshot", () => {
  it("reads a file with invalid UTF-8 lossily, so one bad byte does not hide a key", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { makeContext } = await import("../helpers/stage-context.js");
    const { secretsStage } = await import("../../src/stages/secrets/index.js");
    const dir = mkdtempSync(join(tmpdir(), "skillsign-secrets-"));
    writeFileSync(join(dir, "SKILL.md"), "---\nname: x\ndescription: y\n---\n# x\n");
    writeFileSync(join(dir, "notes.txt"), Buffer.concat([Buffer.from([0xff, 0xfe, 0x41, 0x0a]), Buffer.from(`token: gh${"p"}_${rnd(36)}\n`)]));
    const out = await secretsStage.run(await makeContext(dir));
    expect(out.status).toBe("findings");
    expect(out.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(["secrets.github-token notes.txt:2"]);
    expect(out.checks?.files).toMatch(/^ran: 2 text files scanned/);
  });
});
