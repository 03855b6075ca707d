const fs = require("fs");
const os = require("os");
const path = require("path");

// ruleid: js-read-credential-files
const key = fs.readFileSync(path.join(os.homedir(), ".ssh", "id_rsa"), "utf8");

// ruleid: js-read-credential-files
const aws = fs.readFileSync(os.homedir() + "/.aws/credentials", "utf8");

// ruleid: js-read-credential-files
const kube = path.resolve(os.homedir(), ".kube/config");

// ok: js-read-credential-files
const settings = fs.readFileSync(path.join(os.homedir(), ".config", "myskill", "settings.json"), "utf8");
