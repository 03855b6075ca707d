# shellcheck shell=bash
# The platform base image, built locally without any registry:
#   debootstrap (minbase + python3, nodejs, ca-certificates) -> user 1000 -> docker import.
# Recipe and expected tag: docker/base-image.env.

BASE_ENV_FILE="$REPO_ROOT/docker/base-image.env"
# SKILLSIGN_BASE_REPO in the environment overrides the recipe's repository (skillsign reads the
# same variable): a fresh base-image build can be measured under another name without touching
# the image other processes use.
SKILLSIGN_BASE_REPO_ENV=${SKILLSIGN_BASE_REPO:-}

# load_base_env: read KEY=VALUE lines (no eval, only SKILLSIGN_BASE_* keys)
load_base_env() {
  local line k v
  [[ -r "$BASE_ENV_FILE" ]] || return 1
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
    k=${line%%=*} v=${line#*=}
    [[ "$k" =~ ^SKILLSIGN_BASE_[A-Z_]+$ ]] || continue
    printf -v "$k" '%s' "$v"
  done <"$BASE_ENV_FILE"
  [[ -n "$SKILLSIGN_BASE_REPO_ENV" ]] && SKILLSIGN_BASE_REPO=$SKILLSIGN_BASE_REPO_ENV
  return 0
}

# base_recipe_text: the canonical text the tag is computed from (documented in docs/setup.md)
base_recipe_text() {
  local pkgs
  pkgs=$(tr ',' '\n' <<<"$SKILLSIGN_BASE_PACKAGES" | sed '/^$/d' | LC_ALL=C sort -u | paste -sd, -)
  printf 'recipe=%s\nsuite=%s\nvariant=%s\npackages=%s\nuser=%s:%s:%s\n' \
    "$SKILLSIGN_BASE_RECIPE_VERSION" "$SKILLSIGN_BASE_SUITE" "$SKILLSIGN_BASE_VARIANT" "$pkgs" \
    "$SKILLSIGN_BASE_USER" "$SKILLSIGN_BASE_UID" "$SKILLSIGN_BASE_HOME"
  # apt= only when set, so recipes without it keep their tag
  if [[ -n "${SKILLSIGN_BASE_APT_PACKAGES:-}" ]]; then
    printf 'apt=%s\n' "$(tr ',' '\n' <<<"$SKILLSIGN_BASE_APT_PACKAGES" | sed '/^$/d' | LC_ALL=C sort -u | paste -sd, -)"
  fi
}

# _base_apt_install ROOTFS: packages debootstrap's simple resolver cannot configure (npm's ~300
# node-* dependencies fail its configure pass) go in with apt-get inside the chroot.
_base_apt_install() {
  local root=$1 rc=0
  [[ -n "${SKILLSIGN_BASE_APT_PACKAGES:-}" ]] || return 0
  mount -t proc proc "$root/proc" 2>/dev/null || true
  run_logged base-image chroot "$root" apt-get update -q || rc=1
  # shellcheck disable=SC2046
  ((rc == 0)) && { run_logged base-image chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends $(tr ',' ' ' <<<"$SKILLSIGN_BASE_APT_PACKAGES") || rc=1; }
  run_logged base-image chroot "$root" apt-get clean || true
  umount -l "$root/proc" 2>/dev/null || true
  return $rc
}

base_tag_compute() {
  base_recipe_text | sha256sum | cut -c1-12
}

# debian_mirror: $SKILLSIGN_DEBIAN_MIRROR, else the machine's own apt source for the suite.
debian_mirror() {
  if [[ -n "${SKILLSIGN_DEBIAN_MIRROR:-}" ]]; then
    printf '%s' "$SKILLSIGN_DEBIAN_MIRROR"; return 0
  fi
  "$(python_for_tools)" - "$SKILLSIGN_BASE_SUITE" <<'PY'
import glob, re, sys
suite = sys.argv[1]
# deb822 sources (Debian 12 default)
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        continue
    for stanza in re.split(r"\n\s*\n", text):
        fields = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line or line[:1].isspace():
                continue
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.split()
        if "deb" in fields.get("types", []) and suite in fields.get("suites", []) \
                and fields.get("enabled", ["yes"])[0].lower() != "no" and fields.get("uris"):
            print(fields["uris"][0]); sys.exit(0)
# one-line sources
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        continue
    for line in lines:
        parts = re.sub(r"\[[^]]*\]", "", line.split("#", 1)[0]).split()
        if len(parts) >= 3 and parts[0] == "deb" and parts[2] == suite:
            print(parts[1]); sys.exit(0)
sys.exit(1)
PY
}

base_image_ref() { printf '%s:%s' "$SKILLSIGN_BASE_REPO" "$SKILLSIGN_BASE_TAG"; }

# umount anything debootstrap left mounted below $1, then remove it (never crossing filesystems)
_base_cleanup_rootfs() {
  local root=$1 m
  [[ -n "$root" && -d "$root" && "$root" == /*skillsign-rootfs.* ]] || return 0
  while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v r="$root" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r)
  rm -rf --one-file-system "$root"
}

# base_image_smoke: the checks from the brief; returns 1 with a message on stderr
base_image_smoke() {
  local ref; ref=$(base_image_ref)
  local ctx; ctx=$(mktemp -d /tmp/skillsign-base-smoke.XXXXXX)
  local rc=0 out
  # 1. an offline build on top of the image works
  local tools='true'
  [[ ",${SKILLSIGN_BASE_APT_PACKAGES:-}," == *,python3-pip,* ]] && tools+=' && python3 -m pip --version'
  [[ ",${SKILLSIGN_BASE_APT_PACKAGES:-}," == *,npm,* ]] && tools+=' && npm --version'
  printf 'FROM %s\nRUN python3 -c "print(1)" && node -e "process.exit(0)" && id skill && %s\n' "$ref" "$tools" >"$ctx/Dockerfile"
  if ! DOCKER_BUILDKIT=0 run_logged base-image docker build --force-rm --network none -t "$SKILLSIGN_BASE_REPO-smoke:ok" "$ctx"; then
    echo "offline docker build FROM $ref failed" >&2; rc=1
  fi
  # 2. a build step that reaches for the network fails
  if ((rc == 0)); then
    printf 'FROM %s\nRUN python3 -c "import socket; socket.getaddrinfo(\\"example.com\\", 80)"\n' "$ref" >"$ctx/Dockerfile"
    if DOCKER_BUILDKIT=0 run_logged base-image docker build --force-rm --no-cache --network none -t "$SKILLSIGN_BASE_REPO-smoke:net" "$ctx"; then
      echo "a build step that uses the network succeeded under --network none" >&2; rc=1
    fi
  fi
  # 3. a gVisor run as user 1000 works
  if ((rc == 0)); then
    out=$(timeout 60 docker run --rm --runtime runsc --network none --dns 127.0.0.1 --cap-drop ALL \
      --security-opt no-new-privileges --read-only --tmpfs /tmp --user "$SKILLSIGN_BASE_UID:$SKILLSIGN_BASE_UID" \
      "$ref" sh -c 'python3 -c "print(1)" && curl --version >/dev/null && wget --version >/dev/null && command -v nc >/dev/null && git --version >/dev/null && ssh -V 2>/dev/null && id -u' 2>>"$(log_file base-image)")
    if [[ "$out" != $'1\n'"$SKILLSIGN_BASE_UID" ]]; then
      echo "docker run --runtime runsc as $SKILLSIGN_BASE_UID printed '${out//$'\n'/ }'" >&2; rc=1
    fi
  fi
  docker rmi -f "$SKILLSIGN_BASE_REPO-smoke:ok" "$SKILLSIGN_BASE_REPO-smoke:net" >/dev/null 2>&1 || true
  rm -rf "$ctx"
  return $rc
}

setup_base_image() {
  if ! load_base_env; then
    fail base-image "cannot read $BASE_ENV_FILE" "restore docker/base-image.env from git"; return 1
  fi
  local want; want=$(base_tag_compute)
  if [[ "$SKILLSIGN_BASE_TAG" != "$want" ]]; then
    fail base-image "docker/base-image.env has SKILLSIGN_BASE_TAG=$SKILLSIGN_BASE_TAG but the recipe gives $want" \
      "set SKILLSIGN_BASE_TAG=$want in docker/base-image.env"
    return 1
  fi
  local ref; ref=$(base_image_ref)
  local latest="$SKILLSIGN_BASE_REPO:latest"
  if ! timeout 20 docker info >/dev/null 2>&1; then
    fail base-image "docker is not running" "fix the docker component first"; return 1
  fi

  local id
  if id=$(docker image inspect --format '{{.Id}}' "$ref" 2>/dev/null); then
    if [[ "$(docker image inspect --format '{{.Id}}' "$latest" 2>/dev/null)" != "$id" ]]; then
      docker tag "$ref" "$latest"
    fi
    if [[ "${SETUP_VERIFY:-0}" == 1 ]]; then
      local err
      if ! err=$(base_image_smoke 2>&1); then
        fail base-image "$ref: $err" "see $(log_file base-image); rebuild with: docker rmi $ref $latest && scripts/setup"
        return 1
      fi
      status_line ok base-image "$ref (= :latest), verified: offline build, network build refused, runsc run as $SKILLSIGN_BASE_UID"
    else
      status_line ok base-image "$ref (= :latest)"
    fi
    return 0
  fi

  if ! have debootstrap; then
    fail base-image "debootstrap missing" "fix the apt component first"; return 1
  fi
  local mirror
  if ! mirror=$(debian_mirror) || [[ -z "$mirror" ]]; then
    fail base-image "no Debian mirror for $SKILLSIGN_BASE_SUITE in /etc/apt/sources*" \
      "set SKILLSIGN_DEBIAN_MIRROR=<mirror URL>"; return 1
  fi
  local t0; t0=$(now_ms)
  local rootfs; rootfs=$(mktemp -d /var/tmp/skillsign-rootfs.XXXXXX)
  # shellcheck disable=SC2064
  trap "_base_cleanup_rootfs '$rootfs'" EXIT
  if ! run_logged base-image debootstrap --variant="$SKILLSIGN_BASE_VARIANT" \
      --include="$SKILLSIGN_BASE_PACKAGES" "$SKILLSIGN_BASE_SUITE" "$rootfs" "$mirror"; then
    tail_log base-image
    _base_cleanup_rootfs "$rootfs"; trap - EXIT
    fail base-image "debootstrap failed" "see $(log_file base-image) and /var/tmp (mirror: $mirror)"; return 1
  fi
  if ! _base_apt_install "$rootfs"; then
    tail_log base-image
    _base_cleanup_rootfs "$rootfs"; trap - EXIT
    fail base-image "apt-get install of $SKILLSIGN_BASE_APT_PACKAGES in the rootfs failed" "see $(log_file base-image)"; return 1
  fi
  local u=$SKILLSIGN_BASE_USER uid=$SKILLSIGN_BASE_UID home=$SKILLSIGN_BASE_HOME
  if ! run_logged base-image chroot "$rootfs" groupadd -g "$uid" "$u" ||
     ! run_logged base-image chroot "$rootfs" useradd -u "$uid" -g "$uid" -m -d "$home" -s /bin/sh "$u"; then
    tail_log base-image
    _base_cleanup_rootfs "$rootfs"; trap - EXIT
    fail base-image "creating user $u ($uid) in the rootfs failed" "see $(log_file base-image)"; return 1
  fi
  local pyver nodever
  pyver=$(chroot "$rootfs" python3 -c 'import platform; print(platform.python_version())' 2>/dev/null)
  nodever=$(chroot "$rootfs" sh -c 'node --version 2>/dev/null || nodejs --version' 2>/dev/null)
  mkdir -p "$SKILLSIGN_TOOLS/base-image"
  chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' | LC_ALL=C sort \
    >"$SKILLSIGN_TOOLS/base-image/$SKILLSIGN_BASE_TAG.packages.txt"
  # drop what an image does not need: apt lists, downloaded .debs, logs
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/* "$rootfs"/debootstrap
  local log; log=$(log_file base-image)
  echo "### $(date -u +%FT%TZ)  $ tar -C $rootfs -c . | docker import ... $ref" >>"$log"
  if ! tar --numeric-owner -C "$rootfs" -cf - . 2>>"$log" |
      docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/sh"]' \
        --change "LABEL org.skillsign.base.tag=$SKILLSIGN_BASE_TAG" \
        --change "LABEL org.skillsign.base.recipe-version=$SKILLSIGN_BASE_RECIPE_VERSION" \
        --change "LABEL org.skillsign.base.python=$pyver" \
        --change "LABEL org.skillsign.base.node=$nodever" \
        --message "skillsign base $SKILLSIGN_BASE_TAG: debootstrap $SKILLSIGN_BASE_VARIANT $SKILLSIGN_BASE_SUITE + $SKILLSIGN_BASE_PACKAGES; apt ${SKILLSIGN_BASE_APT_PACKAGES:-}" \
        - "$ref" >>"$log" 2>&1; then
    tail_log base-image
    _base_cleanup_rootfs "$rootfs"; trap - EXIT
    fail base-image "docker import failed" "see $(log_file base-image)"; return 1
  fi
  _base_cleanup_rootfs "$rootfs"; trap - EXIT
  local size; size=$(docker image inspect --format '{{.Size}}' "$ref" 2>/dev/null || echo 0)
  if ((size < 50000000)); then
    docker rmi -f "$ref" >/dev/null 2>&1
    fail base-image "docker import produced an image of only $size bytes" "see $(log_file base-image)"; return 1
  fi
  docker tag "$ref" "$latest"
  local err
  if ! err=$(base_image_smoke 2>&1); then
    fail base-image "$ref built but: $err" "see $(log_file base-image)"; return 1
  fi
  local secs=$(( ($(now_ms) - t0) / 1000 ))
  status_line installed base-image "$ref (= :latest; python $pyver, node $nodever; ${secs}s; verified offline build + runsc run)"
}
