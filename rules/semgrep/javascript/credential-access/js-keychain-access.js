const { execFileSync, execSync } = require("child_process");

// ruleid: js-keychain-access
const pw = execFileSync("security", ["find-generic-password", "-s", "Slack Safe Storage", "-w"]);

// ruleid: js-keychain-access
execSync("security dump-keychain -d login.keychain");

// ok: js-keychain-access
execFileSync("security", ["list-keychains"]);
