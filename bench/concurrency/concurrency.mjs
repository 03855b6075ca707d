// Concurrent `skillsign submit` processes against one SQLite store, then a consistency check.
// Used by bench/concurrency/run.mjs (8 x 25) and test/store/concurrency.test.ts (a smaller run).
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { frozenCli } from "./frozen-build.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FIXTURES = join(REPO, "test/fixtures/skills");

/** What each fixture must end as (the static stages under the test policy). */
export const MIX = [
  { fixture: "store-benign-notes", state: "approved", exit: 0 },
  { fixture: "store-borderline-autorun", state: "review", exit: 10 },
  { fixture: "store-malicious-installer", state: "rejected", exit: 20 },
];

const POLICY = `schemaVersion: 1
required: [manifest, patterns]
findings:
  critical: { high: reject, medium: review, low: review }
  high:     { high: review, medium: review, low: review }
  medium:   { high: review, medium: review, low: review }
  low:      { high: pass,   medium: pass,   low: pass }
  info:     { high: pass,   medium: pass,   low: pass }
`;

function run(args, env) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [frozenCli(), ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/**
 * Starts `procs` workers at once; each runs `each` submit commands one after another, cycling
 * through MIX. Approved ones are always signed (with `signingEnv`'s key, or else with the development key a
 * keyless submit creates under SKILLSIGN_HOME), which exercises sequence numbers.
 */
export async function runConcurrency({ procs, each, signingEnv = {} }) {
  const root = mkdtempSync(join(tmpdir(), "skillsign-conc-"));
  const home = join(root, "home");
  const policy = join(root, "policy.yaml");
  writeFileSync(policy, POLICY);
  const env = { ...process.env, ...signingEnv, SKILLSIGN_HOME: home, CI: "1", NO_COLOR: "1" };
  const started = Date.now();
  const problems = [];
  const submitted = [];
  await Promise.all(
    Array.from({ length: procs }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        const mix = MIX[(w + i) % MIX.length];
        const dir = join(root, "skills", `w${w}`, `${i}`, mix.fixture);
        cpSync(join(FIXTURES, mix.fixture), dir, { recursive: true });
        const r = await run(
          ["submit", dir, "--policy", policy, "--json", "--skip", "semgrep,dependencies,build,image-scan,behavior"],
          { ...env, SKILLSIGN_ACTOR: `worker-${w}` },
        );
        if (r.code !== mix.exit) problems.push(`worker ${w} #${i} ${mix.fixture}: exit ${r.code} (want ${mix.exit}): ${r.stderr.trim()}`);
        try {
          for (const s of JSON.parse(r.stdout).submissions) submitted.push({ id: s.id, fixture: mix.fixture, want: mix.state, worker: w });
        } catch {
          problems.push(`worker ${w} #${i}: output is not JSON: ${r.stdout.slice(0, 200)}`);
        }
      }
    }),
  );
  const elapsedMs = Date.now() - started;
  problems.push(...checkStore(join(home, "skillsign.db"), submitted, procs * each, true));
  return { root, home, elapsedMs, submitted, problems };
}

/** Every submission recorded exactly once, in its expected state, with a consistent audit trail. */
export function checkStore(file, submitted, expected, signed) {
  const problems = [];
  const db = new Database(file, { readonly: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") problems.push(`integrity_check: ${integrity}`);
    const rows = db.prepare("SELECT id, skill_name, state FROM submissions ORDER BY id").all();
    if (rows.length !== expected) problems.push(`${rows.length} submissions recorded, want ${expected}`);
    const ids = new Set(submitted.map((s) => s.id));
    if (ids.size !== submitted.length) problems.push("a submission id was reported twice");
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const s of submitted) {
      const row = byId.get(s.id);
      if (!row) problems.push(`submission ${s.id} reported but not stored`);
      else if (row.state !== s.want) problems.push(`submission ${s.id} (${s.fixture}) is ${row.state}, want ${s.want}`);
    }
    const audit = db.prepare("SELECT submission_id AS id, action, to_state FROM audit_log ORDER BY id").all();
    const perSub = new Map();
    for (const a of audit) perSub.set(a.id, [...(perSub.get(a.id) ?? []), a]);
    for (const r of rows) {
      const trail = perSub.get(r.id) ?? [];
      const actions = trail.map((a) => a.action).join(",");
      const want = r.state === "approved" && signed ? "submit,analyse,sign" : "submit,analyse";
      if (actions !== want) problems.push(`audit trail of ${r.id} is "${actions}", want "${want}"`);
      const last = trail.filter((a) => a.to_state).at(-1);
      if (last?.to_state !== r.state) problems.push(`audit log ends ${r.id} in ${last?.to_state}, row says ${r.state}`);
    }
    const findings = db.prepare("SELECT s.skill_name AS skill, COUNT(f.id) AS n FROM submissions s LEFT JOIN findings f ON f.submission_id = s.id GROUP BY s.id").all();
    const counts = new Map();
    for (const f of findings) counts.set(f.skill, new Set([...(counts.get(f.skill) ?? []), f.n]));
    for (const [skill, ns] of counts) if (ns.size !== 1) problems.push(`${skill}: findings per submission differ (${[...ns].join(", ")}): rows lost or duplicated`);
    if (signed) {
      const seqs = db.prepare("SELECT sequence FROM skills_signatures WHERE skill_name = 'store-benign-notes' ORDER BY sequence").all().map((r) => r.sequence);
      const approved = rows.filter((r) => r.state === "approved").length;
      const contiguous = seqs.every((s, i) => s === i + 1);
      if (seqs.length !== approved || !contiguous) problems.push(`signature sequences ${seqs.join(",")} for ${approved} approvals: want 1..${approved}`);
    }
  } finally {
    db.close();
  }
  return problems;
}
