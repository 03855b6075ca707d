#!/usr/bin/env node
// verify and install take the light entry: a runtime's boot check must not load Docker, SSH,
// PostgreSQL or SQLite modules (cold start, and `ulimit -v` in containers). See docs/runtime.md.
const light = process.argv[2] === "verify" || process.argv[2] === "install";
// A closed stdout (`| head -c 1`) exits 141 without a stack trace on both paths (closed-pipe.ts has no imports).
const pipes = light ? await import("../src/cli/closed-pipe.js") : undefined;
pipes?.watchClosedPipes();
const code = light
  ? await (await import("../src/cli/light-main.js")).lightMain(process.argv)
  : await (await import("../src/cli/main.js")).main(process.argv);
process.exitCode = pipes?.pipeClosed() ? pipes.CLOSED_PIPE_EXIT : code;
