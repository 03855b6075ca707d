#!/usr/bin/env node
// Markdown for docs/detection.md from run.mjs results: per mode the verdicts per label, the issue-10
// rates against targets, top causes, the peer comparison, and the commit and exact command measured.
//   node bench/corpus/table.mjs bench/out/corpus/latest-static+compare.json [more.json] [--write docs/detection.md]
// --write replaces the text between <!-- corpus-table:start --> and <!-- corpus-table:end -->.
import { readFileSync, writeFileSync } from "node:fs";
import { fmtPct, targetLine } from "./summary.mjs";

const args = process.argv.slice(2);
const target = args.includes("--write") ? args[args.indexOf("--write") + 1] : undefined;
const files = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--write");
const out = [];
for (const f of files) {
  const r = JSON.parse(readFileSync(f, "utf8"));
  out.push(`### Measured at \`${r.commit.slice(0, 12)}\`${r.dirty ? " (with uncommitted changes in src/)" : ""}, ${r.at.slice(0, 16).replace("T", " ")} UTC`, "",
    `Command: \`${r.command}\` — ${r.cpus} cores, load average ${r.loadavg.join(" / ")} at the start.`, "");
  for (const m of r.modes) {
    out.push(`**${m.mode}** — ${m.skills} skills, ${(m.wallMs / 1000).toFixed(1)} s, ${m.skillsPerSecond.toFixed(2)} skills/s`, "",
      "| label | n | approved | review | rejected |", "|---|---:|---:|---:|---:|");
    for (const [label, v] of Object.entries(m.byLabel)) out.push(`| ${label} | ${v.n} | ${v.approved} | ${v.review} | ${v.rejected} |`);
    out.push("", "| measure | value | target | |", "|---|---:|---:|---|");
    for (const t of targetLine(m.rates)) out.push(`| ${t.label} | ${fmtPct(t.value)} | ${t.max !== undefined ? "≤ " + fmtPct(t.max) : "≥ " + fmtPct(t.min)} | ${t.ok} |`);
    for (const [k, list] of Object.entries(m.causes)) out.push("", `Top causes of review/reject (${k}; skills): ${list.slice(0, 8).map(([c, n]) => `\`${c}\` ${n}`).join(", ")}`);
    if (Object.keys(m.stageErrors).length) out.push("", `Stage errors: ${Object.entries(m.stageErrors).map(([k, n]) => `${k} (${n})`).join("; ")}`);
    out.push("");
  }
  if (r.peer) {
    out.push(`**skill-scanner ${r.peer.version}** (\`scan-all\`, static) on the same folders in the same run: ${r.peer.skills} skills, ${(r.peer.wallMs / 1000).toFixed(1)} s, ${r.peer.skillsPerSecond.toFixed(2)} skills/s; skillsign static is **${r.peer.speedRatio?.toFixed(2)}×** faster.`, "",
      "| label | n | flagged (is_safe=false) | max severity high/critical |", "|---|---:|---:|---:|");
    for (const [label, v] of Object.entries(r.peer.byLabel)) out.push(`| ${label} | ${v.n} | ${v.flagged} | ${v.highOrCritical} |`);
    out.push("");
  }
}
const md = out.join("\n");
if (!target) { console.log(md); process.exit(0); }
const doc = readFileSync(target, "utf8");
const [a, b] = ["<!-- corpus-table:start -->", "<!-- corpus-table:end -->"];
if (!doc.includes(a) || !doc.includes(b)) { console.error(`table: ${target} lacks the ${a} / ${b} markers`); process.exit(2); }
writeFileSync(target, `${doc.slice(0, doc.indexOf(a) + a.length)}\n${md}\n${doc.slice(doc.indexOf(b))}`);
console.log(`table: wrote ${target}`);
