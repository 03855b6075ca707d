const cp = require("child_process");
const { execSync } = require("child_process");

const file = process.argv[2];

// ruleid: js-child-process-dynamic-command
cp.exec("convert " + file + " out.png", () => {});

// ruleid: js-child-process-dynamic-command
execSync(`grep ${file} /tmp/log.txt`);

// ruleid: js-child-process-dynamic-command
cp.spawn(file, [], { shell: true });

// ok: js-child-process-dynamic-command
cp.exec("ls -la", () => {});

// ok: js-child-process-dynamic-command
cp.execFile("convert", [file, "out.png"], () => {});

const pattern = /(\d+)x(\d+)/;
// ok: js-child-process-dynamic-command
const size = pattern.exec(file);
