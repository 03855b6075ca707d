# shellcheck shell=bash
# Debian packages: docker.io (dockerd 20.10), runsc (gVisor), debootstrap (base image),
# python3-venv (the private venv for Semgrep), chromium (the reviewer page's Playwright test;
# Playwright's own browser downloads are not reachable).

SKILLSIGN_APT_PACKAGES=(docker.io runsc debootstrap python3-venv chromium)

apt_installed() { # apt_installed PKG
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

setup_apt() {
  local missing=() p
  for p in "${SKILLSIGN_APT_PACKAGES[@]}"; do
    apt_installed "$p" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    status_line ok apt "${SKILLSIGN_APT_PACKAGES[*]}"
    return 0
  fi
  if ! have apt-get; then
    fail apt "missing ${missing[*]} and no apt-get" "install ${missing[*]} with the system package manager"
    return 1
  fi
  if [[ $EUID -ne 0 ]]; then
    fail apt "missing ${missing[*]}" "run scripts/setup as root (apt-get install needs it)"
    return 1
  fi
  # Recommends are kept on purpose (cgroupfs-mount, apparmor, xz-utils): that is the
  # combination verified in shared/notes/sandbox-recipe.md.
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  # apt-get update once, only because something is missing.
  if ! run_logged apt apt-get update; then
    tail_log apt
    fail apt "apt-get update failed" "check the Debian mirror in /etc/apt/sources.list.d/ (log: $(log_file apt))"
    return 1
  fi
  if ! run_logged apt apt-get install -y \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"; then
    tail_log apt
    fail apt "apt-get install ${missing[*]} failed" "see $(log_file apt)"
    return 1
  fi
  status_line installed apt "${missing[*]}"
}
