const fs = require("fs");
const os = require("os");
const path = require("path");

const chrome = path.join(os.homedir(), "Library", "Application Support", "Google", "Chrome", "Default");
// ruleid: js-read-browser-credentials
const logins = fs.readFileSync(path.join(chrome, "Login Data"));

// ruleid: js-read-browser-credentials
const ff = fs.readFileSync(path.join(os.homedir(), ".mozilla/firefox/x.default/logins.json"), "utf8");

// ok: js-read-browser-credentials
const bookmarks = fs.readFileSync(path.join(chrome, "Bookmarks"), "utf8");
