# shellcheck shell=bash
# Shared helpers for scripts/setup. Sourced, not executed.
#
# Every component prints exactly one status line through status_line:
#   [ok]        <component>: <detail>        already present and working
#   [installed] <component>: <detail>        installed/started/changed by this run
#   [skipped]   <component>: <detail>        skipped on request (--skip)
#   [FAILED]    <component>: <detail> -> <what to do>
# Long outputs go to log files under $SKILLSIGN_SETUP_LOG_DIR, never to the terminal.

: "${SKILLSIGN_TOOLS:=/opt/skillsign-tools}"
: "${SKILLSIGN_SETUP_LOG_DIR:=/var/log/skillsign-setup}"
export SKILLSIGN_TOOLS SKILLSIGN_SETUP_LOG_DIR

SETUP_FAILURES=()

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _C_OK=$'\e[32m' _C_INST=$'\e[36m' _C_FAIL=$'\e[31;1m' _C_SKIP=$'\e[33m' _C_OFF=$'\e[0m'
else
  _C_OK='' _C_INST='' _C_FAIL='' _C_SKIP='' _C_OFF=''
fi

# status_line STATE COMPONENT DETAIL...
status_line() {
  local state=$1 comp=$2; shift 2
  local color=''
  case $state in
    ok) color=$_C_OK ;;
    installed) color=$_C_INST ;;
    skipped) color=$_C_SKIP ;;
    FAILED) color=$_C_FAIL; SETUP_FAILURES+=("$comp") ;;
  esac
  printf '%s%-11s%s %-12s %s\n' "$color" "[$state]" "$_C_OFF" "$comp" "$*"
}

# fail COMPONENT DETAIL TODO  -> prints the FAILED line and returns 1
fail() {
  status_line FAILED "$1" "$2 -> $3"
  return 1
}

# note MESSAGE: informational line, only with --verbose
note() {
  [[ "${SETUP_VERBOSE:-0}" == 1 ]] && printf '            %s\n' "$*" >&2
  return 0
}

log_file() { # log_file NAME -> path of the log for NAME
  mkdir -p "$SKILLSIGN_SETUP_LOG_DIR"
  printf '%s/%s.log' "$SKILLSIGN_SETUP_LOG_DIR" "$1"
}

# run_logged LOGNAME CMD...: runs CMD with stdout+stderr appended to the log.
run_logged() {
  local log; log=$(log_file "$1"); shift
  {
    printf '\n### %s  $ %s\n' "$(date -u +%FT%TZ)" "$*"
  } >>"$log"
  "$@" </dev/null >>"$log" 2>&1
}

# tail_log LOGNAME: last lines of a log, indented, on stderr (used after a failure)
tail_log() {
  local log; log=$(log_file "$1")
  [[ -f "$log" ]] || return 0
  printf '            --- last lines of %s ---\n' "$log" >&2
  tail -n "${2:-15}" "$log" | sed 's/^/            | /' >&2
}

have() { command -v "$1" >/dev/null 2>&1; }

# now_ms: milliseconds since epoch (bash 5 has EPOCHREALTIME)
now_ms() {
  local t=${EPOCHREALTIME/./}
  printf '%s' "${t:0:13}"
}

# python_for_tools: the interpreter used for the tools venv and for JSON edits.
# Prefer Debian's own python3 (managed by apt, stable path) over pyenv shims.
python_for_tools() {
  local p
  for p in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
    [[ -n "$p" && -x "$p" ]] && { printf '%s' "$p"; return 0; }
  done
  return 1
}

# /usr/local/bin links are made unless SKILLSIGN_LINK_BIN=0 (e.g. a throw-away SKILLSIGN_TOOLS)
_link_global() { [[ "${SKILLSIGN_LINK_BIN:-1}" != 0 && -w /usr/local/bin ]]; }

# link_tool NAME TARGET: ${SKILLSIGN_TOOLS}/bin/NAME -> TARGET, /usr/local/bin/NAME -> the former
link_tool() {
  local name=$1 target=$2
  mkdir -p "$SKILLSIGN_TOOLS/bin"
  ln -sfn "$target" "$SKILLSIGN_TOOLS/bin/$name"
  if _link_global; then
    ln -sfn "$SKILLSIGN_TOOLS/bin/$name" "/usr/local/bin/$name"
  fi
}

# links_ok NAME TARGET: both symlinks present and resolving to TARGET
links_ok() {
  local name=$1 target=$2
  [[ "$(readlink "$SKILLSIGN_TOOLS/bin/$name" 2>/dev/null)" == "$target" ]] || return 1
  if _link_global; then
    [[ "$(readlink "/usr/local/bin/$name" 2>/dev/null)" == "$SKILLSIGN_TOOLS/bin/$name" ]] || return 1
  fi
  return 0
}
