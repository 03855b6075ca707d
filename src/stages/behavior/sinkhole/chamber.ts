import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import type { BindMount } from "../../../sandbox/run.types.js";
import { makeRunCa, type RunCa } from "./ca.js";

/** Where the guest sees the chamber's parts. No `skillsign` in any path (anti-evasion). */
export const GUEST = {
  program: "/usr/local/lib/netd",
  conf: "/etc/netd",
  evidence: "/var/lib/netd",
  bundle: "/etc/ssl/certs/ca-certificates.crt",
} as const;

/** Common ports of droppers, C2 and exfiltration in public malware write-ups, plus the usual services. */
export const SINKHOLE_PORTS = [21, 22, 23, 25, 80, 110, 143, 443, 465, 587, 993, 1080, 1337, 2222, 3000, 4443, 4444, 5000, 5555, 6666, 6667, 7777, 8000, 8080, 8081, 8443, 8888, 9001, 9999, 31337];
export const TLS_PORTS = [443, 465, 993, 4443, 8443];

/** Bounds of what the sinkhole keeps (docs/behavior.md, "Sinkhole bounds"). */
export const SINKHOLE_LIMITS = {
  connBytes: 256 * 1024,
  payloadBytes: 4 * 1024 * 1024,
  evidenceBytes: 8 * 1024 * 1024,
  dnsRecords: 4096,
  connDrainBytes: 16 * 1024 * 1024,
  idleMs: 1000,
};

/**
 * Extra container time for the init's own start-up (Python under gVisor on a loaded machine): the
 * init enforces the command's limit itself, the host's timeout is only the backstop.
 */
export const CHAMBER_SLACK_MS = 3000;

/** Only what the init needs: bind low ports, drop to the guest user, kill leftovers. */
export const CHAMBER_CAPS = ["NET_BIND_SERVICE", "SETUID", "SETGID", "KILL"];

/** One behaviour run's chamber: the CA (made once per run) and its host directories. */
export interface Chamber {
  dir: string;
  programDir: string;
  /** Names a served program looks up when it runs: the proof it was executed. */
  token: string;
  ca: RunCa;
  commands: number;
}

/** Per command: the mounts, the init's argv and where its evidence will be. */
export interface ChamberCommand {
  binds: BindMount[];
  cmd: string[];
  evidenceFile: string;
  evidenceDir: string;
  /** The init's thread-group id as runsc prints it: its syscalls are not the skill's. */
  initPid: number;
}

export interface ChamberCommandInput {
  command: string;
  env: Record<string, string>;
  uid: number;
  cwd: string;
  timeoutMs: number;
}

/**
 * Creates the chamber under the run's workspace root (removed with it): a root-only (0700) conf
 * directory with the CA key, and a public trust bundle (system CAs + the run's CA).
 */
export async function createChamber(workspaceRoot: string, assetsDir: string): Promise<Chamber> {
  const dir = join(workspaceRoot, "chamber");
  await fs.mkdir(join(dir, "conf"), { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
  const ca = makeRunCa();
  await fs.writeFile(join(dir, "conf", "ca.json"), JSON.stringify(ca.guest), { mode: 0o600 });
  await fs.writeFile(join(dir, "conf", "leaf.key"), ca.leafKeyPem, { mode: 0o600 });
  // The bundle is mounted read-only; the guest may read it (every user can read the system's).
  await fs.mkdir(join(workspaceRoot, "trust"), { mode: 0o755 });
  const system = await fs.readFile("/etc/ssl/certs/ca-certificates.crt", "utf8").catch(() => "");
  await fs.writeFile(join(workspaceRoot, "trust", "ca-certificates.crt"), `${system}${system.endsWith("\n") || !system ? "" : "\n"}${ca.certPem}`, { mode: 0o644 });
  return { dir, programDir: join(assetsDir, "docker", "chamber"), token: randomBytes(6).toString("hex"), ca, commands: 0 };
}

/** Env that points every client at the bundle (it is also at the standard path). */
export const TRUST_ENV = {
  SSL_CERT_FILE: GUEST.bundle,
  REQUESTS_CA_BUNDLE: GUEST.bundle,
  CURL_CA_BUNDLE: GUEST.bundle,
  NODE_EXTRA_CA_CERTS: GUEST.bundle,
};

/** Writes the init's configuration for one command and a fresh evidence directory. */
export async function chamberCommand(ch: Chamber, workspaceRoot: string, input: ChamberCommandInput): Promise<ChamberCommand> {
  const n = ch.commands++;
  const confDir = join(ch.dir, `conf-${n}`);
  const evidenceDir = join(ch.dir, `evidence-${n}`);
  await fs.mkdir(confDir, { mode: 0o700 });
  await fs.mkdir(evidenceDir, { mode: 0o700 });
  for (const f of ["ca.json", "leaf.key"]) await fs.copyFile(join(ch.dir, "conf", f), join(confDir, f));
  const conf = {
    confDir: GUEST.conf,
    evidenceDir: GUEST.evidence,
    token: ch.token,
    uid: input.uid,
    cwd: input.cwd,
    command: input.command,
    env: { ...input.env, ...TRUST_ENV },
    ports: SINKHOLE_PORTS,
    tlsPorts: TLS_PORTS,
    // The init enforces the command's limit from the command's start; the container gets CHAMBER_SLACK_MS more.
    commandTimeoutMs: input.timeoutMs,
    // Detached children get up to 3 s, never past the command's own deadline.
    graceMs: 3000,
    limits: SINKHOLE_LIMITS,
  };
  await fs.writeFile(join(confDir, "conf.json"), JSON.stringify(conf), { mode: 0o600 });
  return {
    binds: [
      { hostPath: ch.programDir, containerPath: GUEST.program, readOnly: true },
      { hostPath: confDir, containerPath: GUEST.conf, readOnly: true },
      { hostPath: evidenceDir, containerPath: GUEST.evidence },
      { hostPath: join(workspaceRoot, "trust", "ca-certificates.crt"), containerPath: GUEST.bundle, readOnly: true },
    ],
    cmd: ["python3", "-I", "-S", `${GUEST.program}/netd.py`, GUEST.conf],
    evidenceFile: join(evidenceDir, "evidence.jsonl"),
    evidenceDir,
    initPid: 1,
  };
}

/** Evidence and the copy of the key go as soon as the command's evidence is read (they may hold canaries). */
export async function removeChamberCommand(cmd: ChamberCommand): Promise<void> {
  await fs.rm(cmd.evidenceDir, { recursive: true, force: true });
  await fs.rm(cmd.evidenceDir.replace(/evidence-(\d+)$/, "conf-$1"), { recursive: true, force: true });
}
