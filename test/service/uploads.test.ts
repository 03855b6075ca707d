import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingQueue, SKILL_MD, startHarness, tarGz, type Harness } from "./helpers.js";

const FIXTURES = join(__dirname, "..", "fixtures", "skills");

describe("POST /v1/submissions: hostile and oversized uploads", () => {
  let h: Harness;
  let creator = "";
  const queue = new RecordingQueue();
  beforeAll(async () => {
    h = await startHarness(queue, { maxUploadBytes: 2 * 1024 * 1024 });
    creator = await h.token("creator", "alice");
  });
  afterAll(async () => h?.close());

  const post = (body: Buffer | string, type = "application/gzip") =>
    h.fetch("/v1/submissions", { method: "POST", token: creator, headers: { "content-type": type }, body });

  /** The refusal is JSON {error:{code,message}}, has no stack trace, and nothing was queued or left on disk. */
  async function expectRefused(res: Response, status: number, message: RegExp): Promise<void> {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(Object.keys(body)).toEqual(["error"]);
    expect(body.error.message).toMatch(message);
    expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
    expect(queue.uploads.size).toBe(0);
    expect(readdirSync(h.dir).filter((n) => n.startsWith("skillsign-upload-"))).toEqual([]);
  }

  it("refuses a body that is not gzip", async () => {
    await expectRefused(await post(Buffer.from("PK\u0003\u0004 not a tarball")), 422, /not gzip/);
  });

  it("refuses another content type with 415", async () => {
    await expectRefused(await post(JSON.stringify({ a: 1 }), "application/json"), 415, /./);
  });

  it("refuses a body over the upload limit with 413", async () => {
    await expectRefused(await post(Buffer.alloc(3 * 1024 * 1024, 1)), 413, /./);
  });

  it("stops a gzip bomb at the unpacked-size limit (413) without writing it out", async () => {
    // 200 MiB of zeros in one tar entry compresses to ~200 KiB.
    const bomb = gzipSync(Buffer.concat([tarHeader("big.bin", 200 * 1024 * 1024), Buffer.alloc(200 * 1024 * 1024)]), { level: 9 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expectRefused(await post(bomb), 413, /limit|more than/);
  });

  it("stops a bomb hidden in the archive's padding (counted while it inflates) with 413", async () => {
    const small = gunzipSync(await tarGz([{ name: "SKILL.md", content: SKILL_MD }]));
    const bomb = gzipSync(Buffer.concat([small, Buffer.alloc(300 * 1024 * 1024)]), { level: 9 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    await expectRefused(await post(bomb), 413, /unpacks to more than/);
  });

  it.each([
    ["a symlink", [{ name: "SKILL.md", content: SKILL_MD }, { name: "creds", type: "symlink" as const, linkname: "/root/.aws/credentials" }], /symbolic link/],
    ["a hard link", [{ name: "SKILL.md", content: SKILL_MD }, { name: "copy", type: "link" as const, linkname: "SKILL.md" }], /hard link/],
    ["a ../ path", [{ name: "SKILL.md", content: SKILL_MD }, { name: "../escape.sh", content: "echo" }], /escapes|PATH_TRAVERSAL/],
    ["an absolute path", [{ name: "SKILL.md", content: SKILL_MD }, { name: "/etc/cron.d/x", content: "x" }], /absolute|PATH_TRAVERSAL/],
    ["a device", [{ name: "SKILL.md", content: SKILL_MD }, { name: "tty", type: "character-device" as const }], /only regular files/],
    ["the same path twice", [{ name: "SKILL.md", content: SKILL_MD }, { name: "SKILL.md", content: "---\nname: x\n---\n" }], /twice/],
    ["no SKILL.md", [{ name: "README.md", content: "hi" }, { name: "other.md", content: "hi" }], /SKILL\.md/],
    ["names differing only in case", [{ name: "SKILL.md", content: SKILL_MD }, { name: "a.sh", content: "1" }, { name: "A.sh", content: "2" }], /letter case|CASE_COLLISION/],
  ])("refuses %s with 422", async (_name, entries, message) => {
    await expectRefused(await post(await tarGz(entries)), 422, message);
  });

  it("refuses more files than the snapshot allows (413)", async () => {
    const many = Array.from({ length: 2_001 }, (_, i) => ({ name: `f/${i}.txt`, content: "x" }));
    await expectRefused(await post(await tarGz([{ name: "SKILL.md", content: SKILL_MD }, ...many])), 413, /more than 2000 files/);
  });

  it("also takes application/x-gzip", async () => {
    const res = await post(await tarGz([{ name: "SKILL.md", content: SKILL_MD }]), "application/x-gzip");
    expect(res.status).toBe(202);
    queue.uploads.clear();
  });

  it.each([
    ["tar czf", () => execFileSync("tar", ["czf", "-", "benign-minimal"], { cwd: FIXTURES })],
    ["git archive (pax global header)", () => execFileSync("git", ["archive", "--format=tar.gz", "HEAD:test/fixtures/skills/benign-minimal"], { cwd: join(__dirname, "..", "..") })],
  ])("accepts what %s writes", async (_name, make) => {
    const res = await post(make());
    expect(res.status, await res.clone().text()).toBe(202);
    queue.uploads.clear();
  });

  it("accepts a well-formed skill (202 with an id) and queues exactly its bytes", async () => {
    const archive = await tarGz([{ name: "hello/", type: "directory" }, { name: "hello/SKILL.md", content: SKILL_MD }, { name: "hello/run.sh", content: "echo hi\n", mode: 0o755 }]);
    const res = await post(archive);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: number };
    expect(body).toEqual({ id: expect.any(Number) });
    expect(queue.uploads.get(body.id)).toEqual({ archive, submittedBy: "alice" });
    expect(readdirSync(h.dir).filter((n) => n.startsWith("skillsign-upload-"))).toEqual([]);
    queue.uploads.clear();
  });
});

/** A ustar header for one regular file of the given size (checksum filled in). */
function tarHeader(name: string, size: number): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0);
  b.write("0000644\0", 100);
  b.write("0000000\0", 108);
  b.write("0000000\0", 116);
  b.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  b.write("00000000000\0", 136);
  b.write("        ", 148);
  b.write("0", 156);
  b.write("ustar\0", 257);
  b.write("00", 263);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return b;
}
