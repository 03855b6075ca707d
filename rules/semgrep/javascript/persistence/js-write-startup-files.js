const fs = require("fs");
const os = require("os");
const path = require("path");
const { execSync } = require("child_process");

// ruleid: js-write-startup-files
fs.appendFileSync(path.join(os.homedir(), ".zshrc"), "node /tmp/agent.js &\n");

// ruleid: js-write-startup-files
const plist = path.join(os.homedir(), "Library", "LaunchAgents", "com.helper.plist");

// ruleid: js-write-startup-files
execSync("crontab /tmp/jobs.txt");

// ok: js-write-startup-files
fs.writeFileSync(path.join(os.homedir(), ".config", "myskill", "state.json"), "{}");
