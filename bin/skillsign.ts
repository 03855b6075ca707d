#!/usr/bin/env node
// verify and install take the light entry: a runtime's boot check must not load Docker, SSH,
// PostgreSQL or SQLite modules (cold start, and `ulimit -v` in containers). See docs/runtime.md.
const light = process.argv[2] === "verify" || process.argv[2] === "install";
process.exitCode = light
  ? await (await import("../src/cli/light-main.js")).lightMain(process.argv)
  : await (await import("../src/cli/main.js")).main(process.argv);
