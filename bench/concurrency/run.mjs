#!/usr/bin/env node
// npm run bench:concurrency [-- --procs 8 --each 25 --sign]
// Exits non-zero when any submission is lost, duplicated, mis-routed or the audit log disagrees.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runConcurrency } from "./concurrency.mjs";

const { values } = parseArgs({
  options: { procs: { type: "string", default: "8" }, each: { type: "string", default: "25" }, sign: { type: "boolean", default: true } },
});
const procs = Number(values.procs);
const each = Number(values.each);

let signingEnv = {};
if (values.sign) {
  const { generateKeyPair } = await import("../../dist/src/signing/index.js");
  const passphrase = "bench-passphrase";
  const key = await generateKeyPair(join(mkdtempSync(join(tmpdir(), "skillsign-conc-key-")), "keys"), { passphrase, scryptN: 2 ** 10 });
  signingEnv = { SKILLSIGN_SIGNING_KEY: key.keyPath, SKILLSIGN_KEY_PASSPHRASE: passphrase };
}

const r = await runConcurrency({ procs, each, signingEnv });
const n = procs * each;
console.log(`${procs} concurrent submit processes x ${each} submissions = ${n} in ${(r.elapsedMs / 1000).toFixed(1)} s (${(n / (r.elapsedMs / 1000)).toFixed(1)} submissions/s)`);
console.log(`store: ${join(r.home, "skillsign.db")}`);
if (r.problems.length) {
  console.error(`FAILED: ${r.problems.length} problem(s)`);
  for (const p of r.problems.slice(0, 50)) console.error(`  ${p}`);
  process.exit(1);
}
console.log("OK: every submission recorded once, states as expected, audit log consistent, sequences contiguous, integrity_check ok");
