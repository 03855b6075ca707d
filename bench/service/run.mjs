#!/usr/bin/env node
// node bench/service/run.mjs [--workers 1,2,4] [--skills 40] [--skip build,image-scan,behavior] [--pg URL]
// Throughput of N `skillsign worker` processes on this machine, fed through the PostgreSQL job
// queue: submissions/min for each N, and where the time went (mean ms per stage per submission).
// Needs the PostgreSQL that scripts/setup starts (role skillsign may create databases); run
// `npx tsc -p tsconfig.json` first. Each N gets a fresh database; the same skills for every N.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { frozenCli } from "../concurrency/frozen-build.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "1,2,4" },
    skills: { type: "string", default: "40" },
    skip: { type: "string", default: "build,image-scan,behavior" },
    pg: { type: "string", default: process.env.SKILLSIGN_TEST_PG_URL ?? "postgresql://skillsign:skillsign@127.0.0.1:5432/skillsign_test" },
  },
});
const counts = values.workers.split(",").map(Number);
const total = Number(values.skills);
const skip = values.skip ? ["--skip", values.skip] : [];
const cli = frozenCli();
const dist = join(dirname(cli), "..");
const { openQueue } = await import(join(dist, "src/queue/index.js"));
const { PgStore } = await import(join(dist, "src/store/index.js"));
const { generateKeyPair } = await import(join(dist, "src/signing/index.js"));

// A fixed mix: benign and malicious fixtures in turn.
const FIX = join(REPO, "test/fixtures/skills");
const names = readdirSync(FIX).filter((n) => /^(benign-|malicious-|store-)/.test(n) && !n.includes("password-zip")).sort();
const benign = names.filter((n) => !n.startsWith("malicious-"));
const bad = names.filter((n) => n.startsWith("malicious-"));
const picks = Array.from({ length: total }, (_, i) => (i % 2 ? bad : benign)[Math.floor(i / 2) % (i % 2 ? bad : benign).length]);
// Every run submits fresh copies with a nonce file, so no stage cache (outcomes, built images,
// Trivy's analysis) makes a later N look faster: each N measures new submissions.
function tarballs(run) {
  const dir = mkdtempSync(join(tmpdir(), "skillsign-svc-skills-"));
  return picks.map((n, i) => {
    const copy = join(dir, String(i), n);
    cpSync(join(FIX, n), copy, { recursive: true });
    writeFileSync(join(copy, "bench-nonce.txt"), `run ${run} copy ${i} ${randomBytes(8).toString("hex")}\n`);
    return execFileSync("tar", ["-czf", "-", "-C", dirname(copy), n]);
  });
}

// The default policy requires every stage (a skipped one routes to review); require the ones that run.
const STAGES = ["manifest", "patterns", "secrets", "semgrep", "dependencies", "build", "image-scan", "behavior"];
const skipped = new Set(values.skip.split(",").filter(Boolean));
const policy = join(mkdtempSync(join(tmpdir(), "skillsign-svc-policy-")), "policy.yaml");
const defaults = readFileSync(join(REPO, "policy.yaml"), "utf8");
writeFileSync(policy, defaults.replace(/^required:.*$/m, `required: [${STAGES.filter((s) => !skipped.has(s)).join(", ")}]`));

const passphrase = "bench-passphrase";
const key = await generateKeyPair(join(mkdtempSync(join(tmpdir(), "skillsign-svc-key-")), "keys"), { passphrase, scryptN: 2 ** 10 });
const env = { ...process.env, SKILLSIGN_SIGNING_KEY: key.keyPath, SKILLSIGN_KEY_PASSPHRASE: passphrase, SKILLSIGN_HOME: mkdtempSync(join(tmpdir(), "skillsign-svc-home-")) };

async function admin(sql) {
  const c = new pg.Client({ connectionString: values.pg });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function runOnce(n) {
  const db = `skillsign_bench_${n}_${randomBytes(3).toString("hex")}`;
  await admin(`CREATE DATABASE ${db}`);
  const url = new URL(values.pg);
  url.pathname = `/${db}`;
  const queue = await openQueue(url.toString());
  const ids = [];
  for (const t of tarballs(n)) ids.push(await queue.submit({ archive: t, submittedBy: "bench" }));
  const started = Date.now();
  const workers = Array.from({ length: n }, () => spawn(process.execPath, [cli, "worker", "--db", url.toString(), "--policy", policy, ...skip], { env, stdio: "ignore" }));
  for (;;) {
    const states = await Promise.all(ids.map((id) => queue.status(id)));
    if (states.every((s) => s && (s.state === "done" || s.state === "failed"))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const elapsed = Date.now() - started;
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => w.on("close", r))));
  const store = await new PgStore(url.toString()).init();
  const split = {};
  const verdicts = {};
  for (const id of ids) {
    const s = await store.getSubmission(id);
    verdicts[s.state] = (verdicts[s.state] ?? 0) + 1;
    for (const r of await store.stageResults(id)) split[r.stageId] = (split[r.stageId] ?? 0) + r.durationMs;
  }
  await store.close();
  await queue.close();
  await admin(`DROP DATABASE ${db} WITH (FORCE)`);
  const perStage = Object.fromEntries(Object.entries(split).filter(([, v]) => v > 0).map(([k, v]) => [k, Math.round(v / ids.length)]));
  // Worker time per submission not spent in a stage: start-up, claim, unpacking, routing, recording, signing.
  perStage.other = Math.max(0, Math.round((elapsed * n) / ids.length - Object.values(perStage).reduce((a, b) => a + b, 0)));
  return { workers: n, submissions: ids.length, seconds: elapsed / 1000, perMinute: (ids.length / elapsed) * 60_000, verdicts, perStage };
}

const rows = [];
for (const n of counts) {
  const r = await runOnce(n);
  rows.push(r);
  console.log(`${n} worker(s): ${r.submissions} submissions in ${r.seconds.toFixed(1)} s = ${r.perMinute.toFixed(1)} submissions/min; ${JSON.stringify(r.verdicts)}; mean ms per stage: ${JSON.stringify(r.perStage)}`);
}
console.log(JSON.stringify({ skip: values.skip, cores: (await import("node:os")).cpus().length, rows }, null, 2));
