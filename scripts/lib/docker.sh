# shellcheck shell=bash
# Docker engine + gVisor runtimes.
#
# Runtimes registered in /etc/docker/daemon.json (merged into an existing file, other keys kept):
#   runsc        /usr/bin/runsc --network=none
#   runsc-trace  /usr/bin/runsc --network=none --strace --debug --debug-log=$SKILLSIGN_RUNSC_LOG_DIR/
#                --debug-log-format=json --strace-log-size=65536 --strace-syscalls=<list>
# The trace runtime writes one set of log files per runsc command into that directory (the
# trailing '/' makes runsc pick the file names itself; see docs/setup.md). JSON framing keeps
# guest-chosen names and paths from forging log lines; the syscall list must match
# TRACED_SYSCALLS in src/stages/behavior/strace-record.ts (docs/behavior.md, "Event source").

: "${SKILLSIGN_DOCKER_CONFIG:=/etc/docker/daemon.json}"
: "${SKILLSIGN_RUNSC_LOG_DIR:=/var/log/skillsign-runsc}"
SKILLSIGN_DOCKER_READY_TIMEOUT=${SKILLSIGN_DOCKER_READY_TIMEOUT:-60}

docker_ready() { timeout 20 docker info >/dev/null 2>&1; }

SKILLSIGN_TRACED_SYSCALLS="execve,execveat,connect,sendto,sendmsg,sendmmsg,socket,bind,prctl,write,writev,pwrite64,pwritev,pwritev2,open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,symlink,symlinkat,link,linkat,truncate,chmod,fchmodat,clone,clone3,fork,vfork,chdir,fchdir"

# _docker_wanted_runtimes: JSON object of the runtimes we need
_docker_wanted_runtimes() {
  local runsc; runsc=$(command -v runsc || echo /usr/bin/runsc)
  printf '{"runsc":{"path":"%s","runtimeArgs":["--network=none"]},' "$runsc"
  printf '"runsc-trace":{"path":"%s","runtimeArgs":["--network=none","--strace","--debug","--debug-log=%s/","--debug-log-format=json","--strace-log-size=65536","--strace-syscalls=%s"]}}' \
    "$runsc" "${SKILLSIGN_RUNSC_LOG_DIR%/}" "$SKILLSIGN_TRACED_SYSCALLS"
}

# docker_merge_config: merge our runtimes into daemon.json.
# Prints "changed" or "unchanged"; returns 1 (message on stderr) if the file is not valid JSON.
docker_merge_config() {
  mkdir -p "$(dirname "$SKILLSIGN_DOCKER_CONFIG")"
  "$(python_for_tools)" - "$SKILLSIGN_DOCKER_CONFIG" "$(_docker_wanted_runtimes)" <<'PY'
import json, os, sys
path, wanted = sys.argv[1], json.loads(sys.argv[2])
cfg = {}
if os.path.exists(path) and os.path.getsize(path) > 0:
    try:
        with open(path, encoding="utf-8") as f:
            cfg = json.load(f)
    except ValueError as e:
        sys.stderr.write(f"{path} is not valid JSON ({e}); fix or remove it\n")
        sys.exit(1)
    if not isinstance(cfg, dict):
        sys.stderr.write(f"{path} is not a JSON object\n"); sys.exit(1)
runtimes = cfg.setdefault("runtimes", {})
changed = False
for name, spec in wanted.items():
    if runtimes.get(name) != spec:
        runtimes[name] = spec
        changed = True
if changed:
    if os.path.exists(path):
        with open(path, "rb") as src, open(path + ".skillsign.bak", "wb") as dst:
            dst.write(src.read())
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)
print("changed" if changed else "unchanged")
PY
}

# docker_runtimes_loaded: the running daemon knows both runtimes with our arguments
docker_runtimes_loaded() {
  local got; got=$(timeout 20 docker info --format '{{json .Runtimes}}' 2>/dev/null) || return 1
  "$(python_for_tools)" - "$got" "$(_docker_wanted_runtimes)" 2>/dev/null <<'PY'
import json, sys
got, wanted = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name, spec in wanted.items():
    g = got.get(name) or {}
    if g.get("path") != spec["path"] or (g.get("runtimeArgs") or []) != spec["runtimeArgs"]:
        sys.exit(1)
PY
}

_docker_wait_ready() {
  local i
  for ((i = 0; i < SKILLSIGN_DOCKER_READY_TIMEOUT * 2; i++)); do
    docker_ready && return 0
    sleep 0.5
  done
  return 1
}

_docker_systemd() { [[ -d /run/systemd/system ]] && have systemctl; }

docker_start() {
  if _docker_systemd; then
    run_logged docker systemctl start docker || true
  else
    # no init system here: start dockerd detached from this shell and its stdin
    setsid dockerd </dev/null >>/var/log/dockerd.log 2>&1 &
    disown 2>/dev/null || true
  fi
  _docker_wait_ready
}

docker_restart() {
  if _docker_systemd; then
    run_logged docker systemctl restart docker || true
    _docker_wait_ready; return
  fi
  local pid; pid=$(cat /var/run/docker.pid 2>/dev/null || pidof dockerd 2>/dev/null)
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  fi
  docker_start
}

setup_docker() {
  if ! have dockerd || ! have docker; then
    fail docker "dockerd/docker not found" "fix the apt component (docker.io) first"; return 1
  fi
  if ! have runsc; then
    fail docker "runsc not found" "fix the apt component (runsc) first"; return 1
  fi
  mkdir -p "$SKILLSIGN_RUNSC_LOG_DIR"
  local merged
  if ! merged=$(docker_merge_config 2>&1); then
    fail docker "$merged" "repair $SKILLSIGN_DOCKER_CONFIG, then re-run"; return 1
  fi
  local did=()
  [[ "$merged" == changed ]] && did+=("runtimes written to $SKILLSIGN_DOCKER_CONFIG")

  if ! docker_ready; then
    if ! docker_start; then
      tail -n 15 /var/log/dockerd.log 2>/dev/null | sed 's/^/            | /' >&2
      fail docker "dockerd did not answer within ${SKILLSIGN_DOCKER_READY_TIMEOUT}s" \
        "see /var/log/dockerd.log (a machine without privileges for containers cannot run it)"
      return 1
    fi
    did+=("dockerd started")
  fi

  if ! docker_runtimes_loaded; then
    # dockerd reloads "runtimes" on SIGHUP (verified with dockerd 20.10); restart only if that fails
    local pid; pid=$(cat /var/run/docker.pid 2>/dev/null || pidof dockerd 2>/dev/null)
    [[ -n "$pid" ]] && kill -HUP "$pid" 2>/dev/null
    local i
    for ((i = 0; i < 10; i++)); do docker_runtimes_loaded && break; sleep 0.5; done
    if docker_runtimes_loaded; then
      did+=("dockerd reloaded (SIGHUP)")
    else
      docker_restart || true
      if ! docker_runtimes_loaded; then
        fail docker "dockerd does not list the runsc/runsc-trace runtimes" \
          "check $SKILLSIGN_DOCKER_CONFIG and /var/log/dockerd.log, then restart dockerd"
        return 1
      fi
      did+=("dockerd restarted")
    fi
  fi

  local ver; ver=$(docker version --format '{{.Server.Version}}' 2>/dev/null)
  if ((${#did[@]})); then
    status_line installed docker "dockerd $ver, runtimes runsc + runsc-trace ($(printf '%s; ' "${did[@]}" | sed 's/; $//'))"
  else
    status_line ok docker "dockerd $ver, runtimes runsc + runsc-trace"
  fi
}
