import type { Capability, CodeLang } from "./manifest.types.js";

/** One source pattern that shows a capability in use. Group 1, when present, is the target. */
export interface UseRule {
  capability: Capability;
  langs: readonly CodeLang[];
  re: RegExp;
  what: string;
  /** Imports only hint at a use: dropped when the same file shows a real call. */
  weak?: boolean;
  /** How to read the target from the match (default: group 1). */
  target?: (m: RegExpExecArray) => string | undefined;
}

const PY = ["py"] as const;
const JS = ["js"] as const;
const SH = ["sh"] as const;
const ALL = ["py", "js", "sh"] as const;

/** A path outside the skill folder: absolute, or under the home directory. */
const OUTSIDE = String.raw`((?:~|\$HOME|\$\{HOME\})(?:\/[^\s'"\x60;|&)]*)?|\/[^\s'"\x60;|&)]+)`;
const MODULE = String.raw`(?:require\s*\(\s*|from\s+|import\s*\(\s*|import\s+)['"\x60](?:node:)?`;

export const USE_RULES: readonly UseRule[] = [
  // network
  { capability: "network", langs: PY, re: /^\s*(?:import|from)\s+(requests|urllib3?|httpx|aiohttp|http\.client|socket|ftplib|smtplib|paramiko|websockets?)\b/, what: "imports a network module", weak: true, target: () => undefined },
  { capability: "network", langs: PY, re: /\b(?:requests|httpx|urllib3|aiohttp)\.(?:get|post|put|patch|delete|head|request|stream)\s*\(/, what: "makes an HTTP request", target: () => undefined },
  { capability: "network", langs: PY, re: /\burlopen\s*\(|\burllib\.request\.\w+\s*\(/, what: "opens a URL with urllib", target: () => undefined },
  { capability: "network", langs: PY, re: /\bsocket\.(?:socket|create_connection)\s*\(/, what: "opens a raw socket", target: () => undefined },
  // A name lookup is a network use too: DNS labels carry data out (exfiltration by lookup).
  { capability: "network", langs: PY, re: /\bsocket\.(?:gethostbyname(?:_ex)?|getaddrinfo|gethostbyaddr)\s*\(|\bdns\.resolver\.(?:resolve|query)\s*\(/, what: "looks up a host name (DNS)", target: () => undefined },
  { capability: "network", langs: JS, re: /\bdns\.(?:lookup|resolve\w*)\s*\(|\bdns\.promises\.(?:lookup|resolve\w*)\s*\(/, what: "looks up a host name (DNS)", target: () => undefined },
  { capability: "network", langs: SH, re: /(?:^|[\s|;&(\x60]|\$\()(?:dig|nslookup|drill)\s/, what: "looks up a host name (DNS)", target: () => undefined },
  { capability: "network", langs: JS, re: /(?<![\w$.])(?:(?:globalThis|window|self)\.)?fetch\s*\(/, what: "calls fetch()", target: () => undefined },
  { capability: "network", langs: JS, re: new RegExp(String.raw`${MODULE}(https?|http2|net|dgram|tls|axios|node-fetch|undici|got|ws|superagent)['"\x60]`), what: "imports a network module", weak: true, target: () => undefined },
  { capability: "network", langs: JS, re: /\baxios(?:\.\w+)?\s*\(|\bhttps?\.(?:request|get)\s*\(|\bnet\.(?:connect|createConnection)\s*\(|\bnew\s+(?:WebSocket|XMLHttpRequest)\b/, what: "makes a network request", target: () => undefined },
  { capability: "network", langs: SH, re: /(?:^|[\s|;&(\x60]|\$\()(curl|wget|nc|ncat|netcat|socat|telnet|ssh|scp|ftp)(?=\s|$)/, what: "runs a network client", target: () => undefined },
  { capability: "network", langs: SH, re: /\/dev\/(?:tcp|udp)\//, what: "opens a socket through /dev/tcp", target: () => undefined },
  { capability: "network", langs: ["py", "js"], re: /['"\x60](?:curl|wget)\s/, what: "runs curl or wget", target: () => undefined },

  // process spawning (a shell script running commands is normal, so only py and js)
  { capability: "exec", langs: PY, re: /\bsubprocess\.(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)\s*\(/, what: "spawns a process (subprocess)", target: () => undefined },
  { capability: "exec", langs: PY, re: /^\s*(?:import\s+subprocess\b|from\s+subprocess\s+import\b)/, what: "imports subprocess", weak: true, target: () => undefined },
  { capability: "exec", langs: PY, re: /\bos\.(system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?)\s*\(|\bpty\.spawn\s*\(|\basyncio\.create_subprocess_(?:exec|shell)\s*\(/, what: "spawns a process (os/pty/asyncio)", target: () => undefined },
  { capability: "exec", langs: JS, re: new RegExp(String.raw`${MODULE}(child_process|execa|shelljs|cross-spawn)['"\x60]`), what: "imports a process module", weak: true, target: () => undefined },
  { capability: "exec", langs: JS, re: /(?<![\w$.])(?:child_process\.|cp\.)?(exec|execSync|execFile|execFileSync|spawn|spawnSync|fork|execa|execaSync)\s*\(/, what: "spawns a process", target: () => undefined },
  { capability: "exec", langs: JS, re: /\bBun\.spawn(?:Sync)?\s*\(|\bDeno\.run\s*\(|\bnew\s+Deno\.Command\b/, what: "spawns a process", target: () => undefined },

  // environment variables and credential stores
  { capability: "env", langs: PY, re: /\bos\.environ\s*\[\s*['"]([A-Za-z_]\w*)['"]/, what: "reads an environment variable" },
  { capability: "env", langs: PY, re: /\bos\.(?:environ\.get|getenv)\s*\(\s*['"]([A-Za-z_]\w*)['"]/, what: "reads an environment variable" },
  { capability: "env", langs: PY, re: /\bjson\.dumps\s*\(\s*(?:dict\s*\(\s*)?os\.environ\b|\bos\.environ\.(?:items|values)\s*\(|\bfor\s+\w+(?:\s*,\s*\w+)?\s+in\s+os\.environ\b/, what: "reads the whole environment", target: () => "*" },
  { capability: "env", langs: JS, re: /\bprocess\.env\.([A-Za-z_]\w*)/, what: "reads an environment variable" },
  { capability: "env", langs: JS, re: /\bprocess\.env\s*\[\s*['"\x60]([A-Za-z_]\w*)['"\x60]\s*\]/, what: "reads an environment variable" },
  { capability: "env", langs: JS, re: /\{([\w\s,:]+)\}\s*=\s*process\.env\b/, what: "reads environment variables" },
  { capability: "env", langs: JS, re: /\bDeno\.env\.get\s*\(\s*['"]([A-Za-z_]\w*)['"]/, what: "reads an environment variable" },
  { capability: "env", langs: JS, re: /\bJSON\.stringify\s*\(\s*process\.env\b|\bObject\.(?:entries|keys|values)\s*\(\s*process\.env\s*\)/, what: "reads the whole environment", target: () => "*" },
  { capability: "env", langs: SH, re: /\$\{?([A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*)\}?/, what: "reads a secret-like environment variable" },
  // `env | grep -i proxy` reads a few named variables; a grep for secrets is still a dump (issue 10).
  { capability: "env", langs: SH, re: /(?:^|[\s|;&(\x60]|\$\()(?:printenv|env)\s*(?!\|\s*grep\b(?![^\n|;&]*(?:[Tt]oken|TOKEN|[Ss]ecret|SECRET|[Kk]ey|KEY|[Pp]ass|PASS|[Cc]red|CRED|[Aa]uth|AUTH)))(?:$|[|>;&)])/, what: "dumps the whole environment", target: () => "*" },
  { capability: "env", langs: ALL, re: /(?:^|[\s'"\x60(=,\/])(?:~\/)?\.(ssh|aws|gnupg|kube|docker|azure)(?=[\/'"\x60\s),]|$)/, what: "reads a credential folder", target: (m) => `~/.${m[1]}` },
  { capability: "env", langs: ALL, re: /(?:^|[\s'"\x60(=,\/])\.(netrc|git-credentials|npmrc|pypirc|pgpass)\b/, what: "reads a credential file", target: (m) => `~/.${m[1]}` },
  { capability: "env", langs: ALL, re: /\bsecurity\s+find-(?:generic|internet)-password\b|\bsecret-tool\s+lookup\b|\bkeyring\.get_password\b|\bkeytar\b/, what: "reads the OS keychain", target: () => "keychain" },
  { capability: "env", langs: ALL, re: /\/etc\/(?:shadow|gshadow|sudoers)\b/, what: "reads a system credential file", target: (m) => m[0] },

  // writes outside the skill folder
  { capability: "write", langs: SH, re: new RegExp(String.raw`(?:^|[^<>&0-9])(?:&>|>>?|>\|)\s*["']?${OUTSIDE}`), what: "redirects output to a file outside the skill" },
  { capability: "write", langs: SH, re: new RegExp(String.raw`\btee\s+(?:-a\s+)?["']?${OUTSIDE}`), what: "writes with tee outside the skill" },
  { capability: "write", langs: SH, re: new RegExp(String.raw`\b(?:cp|mv|install|ln)\s+(?:-\S+\s+)*\S+\s+["']?${OUTSIDE}`), what: "copies a file outside the skill" },
  { capability: "write", langs: SH, re: new RegExp(String.raw`\b(?:mkdir|touch)\s+(?:-\S+\s+)*["']?${OUTSIDE}`), what: "creates a path outside the skill" },
  { capability: "write", langs: SH, re: /(?:^|[\s|;&(])crontab\s+(?!-l\b)/, what: "changes the crontab", target: () => "crontab" },
  { capability: "write", langs: PY, re: new RegExp(String.raw`\bopen\s*\(\s*[rbfu]*['"]${OUTSIDE}['"]\s*,\s*['"][^'"]*[wax+]`), what: "opens a file outside the skill for writing" },
  { capability: "write", langs: PY, re: /\bopen\s*\(\s*os\.path\.expanduser\s*\(\s*['"](~[^'"]*)['"]\s*\)\s*,\s*['"][^'"]*[wax+]/, what: "opens a file in the home folder for writing" },
  { capability: "write", langs: PY, re: new RegExp(String.raw`\bPath\s*\(\s*['"]${OUTSIDE}['"]\s*\)(?:\.expanduser\(\))?\.(?:write_text|write_bytes|mkdir|touch)\s*\(`), what: "writes a path outside the skill" },
  { capability: "write", langs: PY, re: new RegExp(String.raw`\bshutil\.(?:copy\w*|move)\s*\([^,]+,\s*['"]${OUTSIDE}['"]|\bos\.(?:makedirs|mkdir)\s*\(\s*['"]${OUTSIDE}['"]`), what: "copies or creates a path outside the skill", target: (m) => m[1] ?? m[2] },
  { capability: "write", langs: JS, re: new RegExp(String.raw`\b(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|mkdir|mkdirSync|symlink|symlinkSync)\s*\(\s*['"\x60]${OUTSIDE}['"\x60]`), what: "writes a path outside the skill" },
  { capability: "write", langs: JS, re: new RegExp(String.raw`\b(?:copyFile|copyFileSync|rename|renameSync|cp|cpSync)\s*\([^,]+,\s*['"\x60]${OUTSIDE}['"\x60]`), what: "copies a file outside the skill" },
  { capability: "write", langs: JS, re: /\b(?:writeFile\w*|appendFile\w*|createWriteStream|mkdir\w*)\s*\(\s*(?:path\.)?(?:join|resolve)\s*\(\s*(?:os\.)?homedir\s*\(\s*\)/, what: "writes into the home folder", target: () => "~" },
];

/** Paths that are outside the folder but harmless to write. */
export const HARMLESS_WRITE_TARGETS = /^\/(?:tmp|var\/tmp|dev\/(?:null|stdout|stderr|tty|fd\/\d+))(?:\/|$)/;
