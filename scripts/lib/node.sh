# shellcheck shell=bash
# npm dependencies and the TypeScript build of the repository itself.

_BUILD_STAMP_REL=node_modules/.cache/skillsign-setup/build.stamp

# node_deps_stale: node_modules/.package-lock.json (written by npm) missing or older than
# package-lock.json
node_deps_stale() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  [[ -f "$marker" ]] || return 0
  # package.json alone is not compared: edits to "files"/"scripts" must not cost an npm ci, and a
  # dependency change without a lockfile update makes `npm ci` fail anyway.
  [[ "$REPO_ROOT/package-lock.json" -nt "$marker" ]] && return 0
  return 1
}

# node_build_stale: no build stamp, or a source/config file newer than it
node_build_stale() {
  local stamp="$REPO_ROOT/$_BUILD_STAMP_REL"
  [[ -f "$stamp" ]] || return 0
  [[ -d "$REPO_ROOT/dist" ]] || return 0
  local newer
  newer=$(cd "$REPO_ROOT" && find bin src package.json package-lock.json tsconfig*.json \
    -newer "$stamp" -print -quit 2>/dev/null)
  [[ -n "$newer" ]]
}

# _prepare_is_build: package.json's "prepare" script is the same command as "build"
_prepare_is_build() {
  (cd "$REPO_ROOT" && node -e '
const s = require("./package.json").scripts || {};
process.exit(s.prepare && s.prepare === s.build ? 0 : 1)' 2>/dev/null) && [[ -d "$REPO_ROOT/dist" ]]
}

setup_node() {
  if ! have node || ! have npm; then
    fail node "node/npm not found" "install Node.js >= 20 (the machine image ships it)"; return 1
  fi
  local did=() t0; t0=$(now_ms)
  if node_deps_stale; then
    if ! (cd "$REPO_ROOT" && run_logged npm npm ci --no-audit --no-fund); then
      tail_log npm
      fail node "npm ci failed" "see $(log_file npm)"; return 1
    fi
    did+=("npm ci")
    # npm ci runs the "prepare" script; when it is the build itself, do not build twice
    # (measured ~40 s of tsc on a loaded 2-core machine).
    if _prepare_is_build; then
      mkdir -p "$(dirname "$REPO_ROOT/$_BUILD_STAMP_REL")"
      touch "$REPO_ROOT/$_BUILD_STAMP_REL"
      did+=("build (prepare)")
    fi
  fi
  if [[ "${SETUP_SKIP_BUILD:-0}" != 1 ]] && node_build_stale; then
    if ! (cd "$REPO_ROOT" && run_logged npm npm run build); then
      tail_log npm
      fail node "npm run build failed" "fix the TypeScript errors shown in $(log_file npm)"; return 1
    fi
    mkdir -p "$(dirname "$REPO_ROOT/$_BUILD_STAMP_REL")"
    touch "$REPO_ROOT/$_BUILD_STAMP_REL"
    did+=("npm run build")
  fi
  local v; v=$(node --version)
  if ((${#did[@]})); then
    status_line installed node "node $v; $(printf "%s + " "${did[@]}" | sed "s/ + $//") ($(( ($(now_ms) - t0) / 1000 ))s)"
  else
    status_line ok node "node $v; node_modules current, dist/ newer than sources"
  fi
}
