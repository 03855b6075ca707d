import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";
import { createToken, type Role } from "../../src/service/auth/tokens.js";
import { openServiceDb } from "../../src/service/db/service-db.js";
import type { SubmissionQueue, SubmissionStatus } from "../../src/service/queue-port.js";
import { startService, type RunningService, type StartOptions } from "../../src/service/server.js";

export interface TarEntry {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "fifo" | "character-device";
  content?: string | Buffer;
  mode?: number;
  linkname?: string;
  size?: number;
}

/** Builds a tar.gz in memory, including entries a well-behaved tar would never write. */
export async function tarGz(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: Buffer) => void chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    pack.on("end", () => res());
    pack.on("error", rej);
  });
  for (const e of entries) {
    const content = typeof e.content === "string" ? Buffer.from(e.content) : e.content;
    await new Promise<void>((res, rej) =>
      pack.entry({ name: e.name, type: e.type ?? "file", mode: e.mode ?? 0o644, linkname: e.linkname, size: e.size ?? content?.length ?? 0 }, content, (err) => (err ? rej(err) : res())),
    );
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

export const SKILL_MD = "---\nname: hello-skill\ndescription: Says hello to the user when asked to greet someone.\n---\n\n# Hello\n\nGreet the user by name.\n";

/**
 * A queue that only records what the service hands it (a test double, used where only the
 * service's own behaviour is under test; review-api, client, web and postgres tests use the real queue).
 */
export class RecordingQueue implements SubmissionQueue {
  readonly uploads = new Map<number, { archive: Buffer; submittedBy: string }>();
  readonly states = new Map<number, Partial<SubmissionStatus>>();
  private next = 1;
  async submit(input: { archive: Buffer; submittedBy: string }): Promise<number> {
    const id = this.next++;
    this.uploads.set(id, input);
    return id;
  }
  async status(id: number): Promise<SubmissionStatus | null> {
    const u = this.uploads.get(id);
    if (!u) return null;
    return { id, state: "queued", verdict: null, submittedBy: u.submittedBy, skillName: "hello-skill", deadLetter: false, failureReason: null, ...this.states.get(id) };
  }
  async upload(id: number): Promise<Buffer | null> {
    return this.uploads.get(id)?.archive ?? null;
  }
  async close(): Promise<void> {}
}

export interface Harness {
  dir: string;
  db: string;
  service: RunningService;
  logs: string[];
  token(role: Role, name: string): Promise<string>;
  fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, over a fresh SQLite store in a temp dir. */
export async function startHarness(queue: SubmissionQueue, o: Partial<StartOptions> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-service-test-"));
  const db = o.db ?? join(dir, "store.db");
  const logs: string[] = [];
  const service = await startService({ listen: "127.0.0.1:0", db, queue, home: join(dir, "home"), tmpDir: dir, env: {}, log: (l) => logs.push(l), ...o });
  return {
    dir,
    db,
    service,
    logs,
    token: async (role, name) => {
      const sdb = await openServiceDb(db);
      try {
        return (await createToken(sdb, { role, name })).token;
      } finally {
        await sdb.close();
      }
    },
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      return fetch(service.url + path, { ...init, headers });
    },
    close: async () => {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The raw bytes of database files, read by another process: opening and closing a SQLite file in
 * the process that has it open drops that process's POSIX locks on it (the server runs in-process).
 */
export function dbBytes(dir: string, files: string[]): string {
  return execFileSync("cat", files.map((f) => join(dir, f)), { maxBuffer: 256 * 1024 * 1024 }).toString("latin1");
}
