const vm = require("vm");
const fs = require("fs");

const input = process.argv[2];

// ruleid: js-eval-dynamic
eval(input);

// ruleid: js-eval-dynamic
const fn = new Function("a", fs.readFileSync("plugin.js", "utf8"));

// ruleid: js-eval-dynamic
vm.runInThisContext(input);

// ok: js-eval-dynamic
eval("1 + 1");

// ok: js-eval-dynamic
const data = JSON.parse(input);
