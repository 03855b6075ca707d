# shellcheck shell=bash
# Semgrep from PyPI, pinned, in a private venv: ${SKILLSIGN_TOOLS}/venv.
#
# 1.181.0 is the newest release that installs from the package mirror reachable here:
# 1.181.1 and later require certifi>=2026.10.19, which the mirror does not have (newest there
# is 2026.10.18). The full dependency set is pinned in scripts/lib/semgrep-constraints.txt.

SKILLSIGN_SEMGREP_VERSION=1.181.0
SEMGREP_CONSTRAINTS="$REPO_ROOT/scripts/lib/semgrep-constraints.txt"

semgrep_venv() { printf '%s/venv' "$SKILLSIGN_TOOLS"; }

# semgrep_installed_version: what the venv's semgrep reports (empty if none)
semgrep_installed_version() {
  local bin; bin="$(semgrep_venv)/bin/semgrep"
  [[ -x "$bin" ]] || return 1
  SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off timeout 60 "$bin" --version 2>/dev/null | tail -n1
}

# semgrep_smoke: a local rule over a local file, with no network at all (own network namespace
# when unshare is available), must report exactly one finding.
semgrep_smoke() {
  local d; d=$(mktemp -d /tmp/skillsign-semgrep-smoke.XXXXXX)
  cat >"$d/rule.yaml" <<'YAML'
rules:
  - id: skillsign-setup-smoke-eval
    languages: [python]
    severity: ERROR
    message: eval of dynamic input
    pattern: eval(...)
YAML
  printf 'x = input()\neval(x)\n' >"$d/target.py"
  local -a isolate=()
  unshare -n true 2>/dev/null && isolate=(unshare -n)
  local out rc
  out=$(cd "$d" && SEMGREP_ENABLE_VERSION_CHECK=0 SEMGREP_SEND_METRICS=off HOME="$d" \
    timeout 120 "${isolate[@]}" "$SKILLSIGN_TOOLS/bin/semgrep" scan --config rule.yaml --metrics=off \
    --disable-version-check --json --quiet target.py 2>>"$(log_file semgrep)")
  rc=$?
  rm -rf "$d"
  if ((rc != 0)); then echo "semgrep scan exited $rc" >&2; return 1; fi
  local n
  n=$("$(python_for_tools)" -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))' <<<"$out" 2>/dev/null)
  [[ "$n" == 1 ]] || { echo "semgrep scan found ${n:-?} results instead of 1" >&2; return 1; }
}

_semgrep_links() {
  local v; v=$(semgrep_venv)
  link_tool semgrep "$v/bin/semgrep"
  link_tool pysemgrep "$v/bin/pysemgrep"
}

_semgrep_links_ok() {
  local v; v=$(semgrep_venv)
  links_ok semgrep "$v/bin/semgrep" && links_ok pysemgrep "$v/bin/pysemgrep"
}

# semgrep_present_fast: the pinned dist is installed in the venv and its engine answers with the
# pinned version. Used on re-runs instead of `semgrep --version`, whose Python start-up costs
# 1-7 s; the full `semgrep --version` runs after an install and with --verify.
semgrep_present_fast() {
  local v; v=$(semgrep_venv)
  local meta core
  meta=$(compgen -G "$v/lib/python3*/site-packages/semgrep-$SKILLSIGN_SEMGREP_VERSION.dist-info/METADATA" | head -n1)
  core=$(compgen -G "$v/lib/python3*/site-packages/semgrep/bin/semgrep-core" | head -n1)
  [[ -n "$meta" && -n "$core" && -x "$v/bin/semgrep" && -x "$v/bin/python3" ]] || return 1
  [[ "$(timeout 30 "$core" -version 2>/dev/null | head -n1)" == "semgrep-core version: $SKILLSIGN_SEMGREP_VERSION "* ]]
}

setup_semgrep() {
  local py; py=$(python_for_tools) || { fail semgrep "no python3" "install python3 and python3-venv"; return 1; }
  local v; v=$(semgrep_venv)
  local have_ver=""
  if [[ "${SETUP_VERIFY:-0}" == 1 ]]; then
    have_ver=$(semgrep_installed_version)
  elif semgrep_present_fast; then
    have_ver=$SKILLSIGN_SEMGREP_VERSION
  fi
  if [[ "$have_ver" == "$SKILLSIGN_SEMGREP_VERSION" ]]; then
    _semgrep_links_ok || _semgrep_links
    if [[ "${SETUP_VERIFY:-0}" == 1 ]]; then
      local err
      if ! err=$(semgrep_smoke 2>&1); then
        fail semgrep "$SKILLSIGN_SEMGREP_VERSION present but the offline scan failed: $err" "see $(log_file semgrep)"; return 1
      fi
      status_line ok semgrep "$SKILLSIGN_SEMGREP_VERSION ($v), verified offline scan"
    else
      status_line ok semgrep "$SKILLSIGN_SEMGREP_VERSION ($v)"
    fi
    return 0
  fi
  local t0; t0=$(now_ms)
  if [[ ! -x "$v/bin/pip" ]]; then
    rm -rf "$v"
    if ! run_logged semgrep "$py" -m venv "$v"; then
      tail_log semgrep
      fail semgrep "cannot create a venv with $py" "apt-get install python3-venv (the apt component does this)"; return 1
    fi
  fi
  if ! run_logged semgrep "$v/bin/pip" install --disable-pip-version-check --no-input \
      -c "$SEMGREP_CONSTRAINTS" "semgrep==$SKILLSIGN_SEMGREP_VERSION"; then
    tail_log semgrep
    fail semgrep "pip install semgrep==$SKILLSIGN_SEMGREP_VERSION failed" "see $(log_file semgrep)"; return 1
  fi
  _semgrep_links
  have_ver=$(semgrep_installed_version)
  if [[ "$have_ver" != "$SKILLSIGN_SEMGREP_VERSION" ]]; then
    fail semgrep "installed, but 'semgrep --version' says '${have_ver:-nothing}'" "see $(log_file semgrep)"; return 1
  fi
  local err
  if ! err=$(semgrep_smoke 2>&1); then
    fail semgrep "installed, but the offline scan failed: $err" "see $(log_file semgrep)"; return 1
  fi
  status_line installed semgrep "$SKILLSIGN_SEMGREP_VERSION ($v; $(( ($(now_ms) - t0) / 1000 ))s; verified offline scan)"
}
