import { posix } from "node:path";

/** Guest paths a write to which survives the session: shell start-up files, autostart, cron, systemd. */
const PERSISTENCE_HOME = [
  /^\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|zlogin|xprofile|xsessionrc|pam_environment)$/,
  /^\.config\/fish\/config\.fish$/,
  /^\.ssh\/(authorized_keys2?|rc|config)$/,
  /^\.config\/autostart(\/|$)/,
  /^\.config\/systemd\/user(\/|$)/,
  /^\.local\/share\/systemd\/user(\/|$)/,
  /^\.config\/environment\.d(\/|$)/,
];
const PERSISTENCE_SYSTEM = [/^\/etc\/(cron|anacrontab|crontab|profile|bash\.bashrc|environment|rc\.local|init\.d|systemd|ld\.so\.preload)/, /^\/var\/spool\/(cron|at)/];
const PERSISTENCE_BINS = new Set(["crontab", "at", "batch", "systemctl", "launchctl"]);

export function isPersistencePath(path: string, home: string): boolean {
  if (path.startsWith(`${home}/`)) return PERSISTENCE_HOME.some((re) => re.test(path.slice(home.length + 1)));
  return PERSISTENCE_SYSTEM.some((re) => re.test(path));
}

export function isPersistenceBin(bin: string): boolean {
  return PERSISTENCE_BINS.has(bin);
}

export type WriteArea = "allowed" | "home-cache" | "home" | "system";

/** Where a write landed, from the monitor's point of view. */
export function writeArea(path: string, work: string, home: string): WriteArea {
  const p = posix.normalize(path);
  if (p === work || p.startsWith(`${work}/`) || p === "/tmp" || p.startsWith("/tmp/") || p.startsWith("/dev/shm/")) return "allowed";
  if (/^\/dev\/(null|zero|tty|stdout|stderr|full|pts\/|fd\/)/.test(p) || /^\/proc\/(self|thread-self|\d+)\/(fd|task|attr)/.test(p)) return "allowed";
  if (p.startsWith(`${home}/`)) {
    const rel = p.slice(home.length + 1);
    return /^(\.cache|\.npm|\.local\/share\/(pip|virtualenv)|\.node-gyp|input)(\/|$)/.test(rel) ? "home-cache" : "home";
  }
  return "system";
}

/** Programs a skill may run without declaring them: shells, the interpreters, core utilities. */
const BASELINE = new Set(
  ("sh dash bash python python3 python3.11 node nodejs perl env true false echo printf cat head tail cut tr sort uniq wc " +
    "grep egrep fgrep sed awk mawk gawk ls dir mkdir rmdir cp mv rm ln touch chmod date sleep test [ basename dirname " +
    "readlink realpath pwd id uname whoami tee xargs find stat mktemp expr seq yes tac nl od md5sum sha1sum sha256sum " +
    "base32 fold paste join comm diff cmp gzip gunzip zcat tar which command type locale getconf dpkg-query file").split(" "),
);
const SHELLS = new Set(["sh", "dash", "bash", "zsh", "ksh", "fish", "busybox"]);
const NETWORK_TOOLS = new Set(["curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "sftp", "ftp", "telnet", "rsync", "nslookup", "dig", "host", "openssl", "aria2c", "lynx", "tftp"]);
const INTERPRETERS = /^(python[\d.]*|node(js)?|perl[\d.]*|ruby[\d.]*|php[\d.]*)$/;

export type ExecKind = "expected" | "network-tool" | "shell-from-code" | "other";

/**
 * Judges one exec. Network tools count unless declared in requires.bins, even when SKILL.md's own
 * command names them (`curl … | sh` is the classic dropper prerequisite); other programs the
 * command names are expected. The caller matters: a shell spawned from Python is not one from sh.
 */
export function classifyExec(bin: string, callerComm: string, declared: ReadonlySet<string>, named: ReadonlySet<string>): ExecKind {
  if (declared.has(bin)) return "expected";
  if (NETWORK_TOOLS.has(bin)) return "network-tool";
  if (named.has(bin)) return "expected";
  if (SHELLS.has(bin) && INTERPRETERS.test(callerComm)) return "shell-from-code";
  if (BASELINE.has(bin)) return "expected";
  return "other";
}

/** Names a command line itself invokes (first word, and words after |, &&, ||, ;, $( ). */
export function commandWords(command: string): string[] {
  const out: string[] = [];
  for (const seg of command.split(/\|\|?|&&|;|\$\(|`|\n/)) {
    const words = seg.trim().split(/\s+/).filter((w) => !/^[A-Za-z_]\w*=/.test(w));
    const first = words[0];
    if (first) out.push(posix.basename(first.replace(/^['"]|['"]$/g, "")));
    if ((first === "sudo" || first === "exec" || first === "env" || first === "timeout") && words[1]) out.push(posix.basename(words[1]));
  }
  return out.filter(Boolean);
}
