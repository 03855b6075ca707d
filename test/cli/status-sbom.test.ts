import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SKIP_SANDBOX } from "../sandbox/engine.js";
import { cli, copyFixture, makeSandbox, openDb, submissionId } from "../workflow/cli-harness.js";

// Real engine and Trivy: the SBOM made through the scan server is the one signed and printed.
describe.skipIf(SKIP_SANDBOX)("status --sbom", { timeout: 600_000 }, () => {
  it("prints the built image's CycloneDX SBOM, whose digest is the one in the signed statement", async () => {
    const sb = await makeSandbox();
    const skill = copyFixture(sb, "benign-minimal");
    const r = await cli(["submit", skill, "--policy", sb.policy, "--skip", "semgrep,dependencies,behavior"], sb.signingEnv);
    expect(r.code, r.stderr).toBe(0);
    const id = submissionId(r.stdout);
    const printed = await cli(["status", String(id), "--sbom"], sb.env);
    expect(printed.code, printed.stderr).toBe(0);
    const doc = JSON.parse(printed.stdout) as { bomFormat: string; components: { name: string }[] };
    expect(doc.bomFormat).toBe("CycloneDX");
    expect(doc.components.map((c) => c.name)).toContain("python3");
    const row = openDb(sb).prepare("SELECT envelope_json FROM skills_signatures WHERE submission_id = ?").get(id) as { envelope_json: string };
    const envelope = JSON.parse(row.envelope_json) as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as { predicate: { sbom?: { sha256: string } } };
    // status adds a final newline when the stored document has none
    const sha = (t: string) => createHash("sha256").update(t).digest("hex");
    expect([sha(printed.stdout), sha(printed.stdout.replace(/\n$/, ""))]).toContain(statement.predicate.sbom?.sha256);
  });
});
