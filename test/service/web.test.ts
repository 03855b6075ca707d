import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packSkill } from "../../src/service/client/pack.js";
import { openStore } from "../../src/store/open.js";
import { startServe, waitForState, type ServeProcess } from "./serve-process.js";

const CHROMIUM = "/usr/bin/chromium";
const FIXTURE = join(__dirname, "..", "fixtures", "skills", "deps-unpinned-python");
const requireAll = process.env.SKILLSIGN_REQUIRE_SANDBOX === "1";
const haveChromium = existsSync(CHROMIUM);
if (requireAll && !haveChromium) throw new Error(`${CHROMIUM} is missing (scripts/setup installs Debian's chromium)`);

/**
 * End to end in a real browser: serve (its in-process worker runs the static stages; the sandbox
 * stages are skipped, which itself routes to review), a creator uploads over the API, a reviewer
 * signs in on the web page, reads the findings with their evidence, approves, and the creator's
 * status shows the submission signed.
 */
describe.skipIf(!haveChromium)("reviewer web page (Playwright, Debian chromium)", () => {
  let serve: ServeProcess;
  let browser: Browser;
  let creator = "";
  let reviewer = "";
  let id = 0;
  let leakyId = 0;
  // A fake GitHub token (random, valid nowhere) in a copy of the fixture: its evidence must only ever show as ********.
  const fakeToken = `ghp_${randomBytes(27).toString("base64").replace(/[^A-Za-z0-9]/g, "a").slice(0, 36)}`;
  const leakyDir = mkdtempSync(join(tmpdir(), "skillsign-web-leaky-"));
  beforeAll(async () => {
    serve = await startServe(["--skip", "build,image-scan,behavior"]);
    creator = serve.cli(["tokens", "create", "--role", "creator", "--name", "alice", "--db", serve.db]).trim();
    reviewer = serve.cli(["tokens", "create", "--role", "reviewer", "--name", "rita", "--db", serve.db]).trim();
    const up = await fetch(`${serve.url}/v1/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${creator}`, "content-type": "application/gzip" },
      body: await packSkill(FIXTURE),
    });
    expect(up.status).toBe(202);
    id = ((await up.json()) as { id: number }).id;
    const s = await waitForState(serve.url, creator, id, (x) => x.state === "done" || x.state === "failed");
    expect(s, serve.output()).toMatchObject({ state: "done", verdict: "review", signed: false });
    cpSync(FIXTURE, join(leakyDir, "skill"), { recursive: true });
    writeFileSync(join(leakyDir, "skill", "deploy.env"), `GITHUB_TOKEN=${fakeToken}\n`);
    const up2 = await fetch(`${serve.url}/v1/submissions`, {
      method: "POST",
      headers: { authorization: `Bearer ${creator}`, "content-type": "application/gzip" },
      body: await packSkill(join(leakyDir, "skill")),
    });
    leakyId = ((await up2.json()) as { id: number }).id;
    await waitForState(serve.url, creator, leakyId, (x) => x.state === "done" || x.state === "failed");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(leakyDir, { recursive: true, force: true });
    await serve?.stop();
  });

  it("a reviewer signs in, sees the flagged submission's evidence, approves it; the creator's status shows it signed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${serve.url}/ui/`);
    expect(new URL(page.url()).pathname).toBe("/ui/login");
    // A creator token does not open the reviewer page.
    await page.getByLabel("Reviewer token").fill(creator);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/not a valid reviewer token/);

    await page.getByLabel("Reviewer token").fill(reviewer);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Review queue");
    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: "skillsign_session", httpOnly: true, sameSite: "Strict", path: "/ui" })]);

    await page.getByRole("link", { name: `#${id}` }).click();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(`Submission #${id}`);
    const findings = page.locator("#findings");
    const table = (await findings.textContent()) ?? "";
    expect(table).toContain("dependencies.git-dependency");
    expect(table).toContain("pyproject.toml:10");
    expect(table).toContain("weather-sdk (git+https://git.example.invalid/weather/sdk.git)");
    expect(table).toContain("Depend on a published registry version");
    await expect(page.locator("#state").textContent()).resolves.toBe("review");

    // Sign-in from another site (no login cookie/field pair) starts no session.
    const crossSite = await fetch(`${serve.url}/ui/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `token=${encodeURIComponent(reviewer)}`,
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.getSetCookie().some((c) => c.startsWith("skillsign_session="))).toBe(false);

    // A forged form (right session cookie, no CSRF token) is refused and changes nothing.
    const forged = await fetch(`${serve.url}/ui/submissions/${id}/reject`, {
      method: "POST",
      headers: { cookie: `skillsign_session=${cookies[0]!.value}`, "content-type": "application/x-www-form-urlencoded" },
      body: "reason=forged",
      redirect: "manual",
    });
    expect(forged.status).toBe(403);

    await page.getByLabel("Why it is safe (approve and sign)").fill("git dependency is our own mirror; reviewed");
    await page.getByRole("button", { name: "Approve and sign" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toBe("Recorded: approve.");
    await expect(page.locator("#state").textContent()).resolves.toBe("approved");
    // A rejected submission whose finding is a shipped token: the page and the API show it masked.
    await page.goto(`${serve.url}/ui/submissions/${leakyId}`);
    await expect(page.locator("#state").textContent()).resolves.toBe("rejected");
    expect(await page.locator("#findings").textContent()).toContain("GITHUB_TOKEN=********");
    expect(await page.content()).not.toContain(fakeToken);
    const report = await (await fetch(`${serve.url}/v1/submissions/${leakyId}/report`, { headers: { authorization: `Bearer ${creator}` } })).text();
    expect(report).toContain("secrets.github-token");
    expect(report).not.toContain(fakeToken);
    expect(serve.output()).not.toContain(fakeToken);

    // The session is in the database as a hash only, and ends when its token is revoked.
    // (serve is another process: opening its database here does not touch its locks)
    const sdb = new Database(serve.db, { readonly: true });
    const sessions = JSON.stringify(sdb.prepare("SELECT * FROM service_sessions").all());
    sdb.close();
    expect(sessions).toContain(createHash("sha256").update(cookies[0]!.value).digest("hex"));
    expect(sessions).not.toContain(cookies[0]!.value);
    serve.cli(["tokens", "revoke", "--name", "rita", "--db", serve.db]);
    await page.goto(`${serve.url}/ui/`);
    expect(new URL(page.url()).pathname).toBe("/ui/login");
    await context.close();

    const status = (await (await fetch(`${serve.url}/v1/submissions/${id}`, { headers: { authorization: `Bearer ${creator}` } })).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ id, state: "done", verdict: "approved", signed: true, signature: { sequence: 1 } });
    const envelope = (await (await fetch(`${serve.url}/v1/submissions/${id}/signature`, { headers: { authorization: `Bearer ${creator}` } })).json()) as Record<string, unknown>;
    expect(envelope.payloadType).toBe("application/vnd.in-toto+json");

    const { store } = await openStore({ db: serve.db });
    try {
      const audit = await store.auditLog(id);
      expect(audit.filter((a) => a.action === "review-approve").map((a) => a.actor)).toEqual(["rita"]);
      expect(audit.filter((a) => a.action === "review-reject")).toEqual([]);
    } finally {
      await store.close();
    }
  });
  it("passes axe-core's accessibility rules on the sign-in, queue and submission pages", async () => {
    const axeSource = readFileSync(join(__dirname, "..", "..", "node_modules", "axe-core", "axe.min.js"), "utf8");
    const reviewer2 = serve.cli(["tokens", "create", "--role", "reviewer", "--name", "ravi", "--db", serve.db]).trim();
    // The page's CSP forbids every script; axe is injected by the test only.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const audit = async () => {
      await page.addScriptTag({ content: axeSource });
      return page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run();
        return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
    };
    await page.goto(`${serve.url}/ui/login`);
    expect(await audit()).toEqual([]);
    await page.getByLabel("Reviewer token").fill(reviewer2);
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await audit()).toEqual([]);
    await page.goto(`${serve.url}/ui/submissions/${leakyId}`);
    expect(await audit()).toEqual([]);
    // A submission waiting for review: the page with the three decision forms.
    const up = await fetch(`${serve.url}/v1/submissions`, { method: "POST", headers: { authorization: `Bearer ${creator}`, "content-type": "application/gzip" }, body: await packSkill(FIXTURE) });
    const pending = ((await up.json()) as { id: number }).id;
    await waitForState(serve.url, creator, pending, (x) => x.state === "done" || x.state === "failed");
    await page.goto(`${serve.url}/ui/submissions/${pending}`);
    await expect(page.getByRole("button", { name: "Waive" }).count()).resolves.toBe(1);
    // The same skill was approved earlier (first test): the page diffs against that version.
    expect(await page.locator("main").textContent()).toContain(`Compared with approved submission #${id}`);
    expect(await audit()).toEqual([]);
    await context.close();
  });
});
