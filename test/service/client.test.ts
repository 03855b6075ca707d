import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, startServe, type ServeProcess } from "./serve-process.js";

const FIXTURE = join(__dirname, "..", "fixtures", "skills", "deps-unpinned-python");

/** The creator's and reviewer's commands against a real `skillsign serve` (static stages; sandbox stages skipped -> review). */
describe("submit --server and review --server", () => {
  let serve: ServeProcess;
  let creator = "";
  let reviewer = "";
  beforeAll(async () => {
    serve = await startServe(["--skip", "build,image-scan,behavior"]);
    creator = serve.cli(["tokens", "create", "--role", "creator", "--name", "alice", "--db", serve.db]).trim();
    reviewer = serve.cli(["tokens", "create", "--role", "reviewer", "--name", "rita", "--db", serve.db]).trim();
  }, 60_000);
  afterAll(async () => serve?.stop());

  const run = (args: string[], token: string) => {
    const r = spawnSync("node", [CLI, ...args], { env: { ...serve.env, SKILLSIGN_TOKEN: token }, encoding: "utf8", timeout: 180_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("uploads, waits for the verdict and exits like local submit (10 = review); a reviewer rejects it over the API", () => {
    const sub = run(["submit", "--server", serve.url, FIXTURE], creator);
    expect(sub.code, sub.err).toBe(10);
    const m = /^submission (\d+): deps-unpinned-python: review$/m.exec(sub.out);
    expect(m, sub.out).not.toBeNull();
    const id = m![1]!;

    const list = run(["review", "list", "--json", "--server", serve.url], reviewer);
    expect(list.code, list.err).toBe(0);
    expect((JSON.parse(list.out) as { review: { id: number }[] }).review.map((r) => String(r.id))).toContain(id);
    const text = run(["review", "list", "--server", serve.url], reviewer);
    expect(text.out).toMatch(new RegExp(`^#${id}  deps-unpinned-python .* by alice$`, "m"));
    expect(text.out).toMatch(/^ {4}high dependencies\.git-dependency pyproject\.toml:10$/m);
    const show = run(["review", "show", id, "--server", serve.url], reviewer);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain("dependencies.git-dependency");
    expect(show.out).toContain("pyproject.toml:10");

    // A creator's token cannot decide: the server's 403 comes back as a usage error.
    const denied = run(["review", "reject", id, "--reason", "self-service", "--server", serve.url], creator);
    expect(denied.code).toBe(2);
    expect(denied.err).toMatch(/HTTP 403 FORBIDDEN/);

    const rej = run(["review", "reject", id, "--reason", "pin your dependencies", "--server", serve.url], reviewer);
    expect(rej.code, rej.err).toBe(0);
    expect(rej.out).toBe(`submission ${id} rejected\n`);

    const again = run(["submit", "--server", serve.url, "--no-wait", "--json", FIXTURE], creator);
    expect(again.code, again.err).toBe(0);
    expect(JSON.parse(again.out).submissions[0]).toMatchObject({ state: expect.stringMatching(/queued|running|done/) });
  });

  it("refuses a hostile folder before uploading (same snapshot rules as the server), and a missing token", () => {
    const hostile = run(["submit", "--server", serve.url, join(__dirname, "..", "fixtures", "skills", "hostile-missing-skill-md")], creator);
    expect(hostile.code).toBe(2);
    expect(hostile.err).toMatch(/SKILL\.md/);
    const noToken = run(["submit", "--server", serve.url, FIXTURE], "");
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/needs an API token \(--token TOKEN, or the SKILLSIGN_TOKEN variable/);
  });
});
