# shellcheck shell=bash
# PostgreSQL for the shared store and the job queue (issue 12): Debian's postgresql-15, a
# running cluster, and a test role/database the store and queue tests connect to:
#   postgresql://skillsign:skillsign@127.0.0.1:5432/skillsign_test
# The role has CREATEDB so tests can make a throwaway database each. Its password is a
# well-known local test credential (the server listens on localhost only), not a secret.
# Setup installs and starts this itself; it does not rely on PostgreSQL being preinstalled.

SKILLSIGN_PG_MAJOR=15
SKILLSIGN_PG_PORT=${SKILLSIGN_PG_PORT:-5432}
SKILLSIGN_PG_TEST_URL="postgresql://skillsign:skillsign@127.0.0.1:${SKILLSIGN_PG_PORT}/skillsign_test"

_pg_bin() { printf '/usr/lib/postgresql/%s/bin' "$SKILLSIGN_PG_MAJOR"; }

_pg_psql() { # _pg_psql SQL: runs SQL as the postgres superuser over the local socket
  runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$SKILLSIGN_PG_PORT" -d postgres -tAc "$1"
}

_pg_ready() { runuser -u postgres -- "$(_pg_bin)/pg_isready" -q -p "$SKILLSIGN_PG_PORT" >/dev/null 2>&1; }

_pg_install() {
  apt_installed "postgresql-$SKILLSIGN_PG_MAJOR" && return 0
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=l
  # Components run in parallel: wait for the dpkg lock instead of failing on it.
  run_logged postgres apt-get -o DPkg::Lock::Timeout=600 update || return 1
  run_logged postgres apt-get install -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "postgresql-$SKILLSIGN_PG_MAJOR" postgresql-client-common || return 1
  PG_CHANGED=1
}

_pg_start() {
  # The package creates cluster "main"; a machine where it was dropped gets it back.
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | grep -qx "$SKILLSIGN_PG_MAJOR main"; then
    run_logged postgres pg_createcluster "$SKILLSIGN_PG_MAJOR" main -p "$SKILLSIGN_PG_PORT" || return 1
    PG_CHANGED=1
  fi
  _pg_ready && return 0
  # No systemd in containers: pg_ctlcluster starts the server directly.
  run_logged postgres pg_ctlcluster "$SKILLSIGN_PG_MAJOR" main start || return 1
  local i
  for i in $(seq 1 60); do _pg_ready && { PG_CHANGED=1; return 0; }; sleep 0.5; done
  return 1
}

_pg_role() {
  local has
  has=$(_pg_psql "SELECT 1 FROM pg_roles WHERE rolname = 'skillsign'") || return 1
  if [[ "$has" != 1 ]]; then
    _pg_psql "CREATE ROLE skillsign LOGIN CREATEDB PASSWORD 'skillsign'" || return 1
    PG_CHANGED=1
  fi
  has=$(_pg_psql "SELECT 1 FROM pg_database WHERE datname = 'skillsign_test'") || return 1
  if [[ "$has" != 1 ]]; then
    _pg_psql "CREATE DATABASE skillsign_test OWNER skillsign" || return 1
    PG_CHANGED=1
  fi
}

# pg_smoke: the test role can log in over TCP and create a table in its database.
pg_smoke() {
  PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 "$SKILLSIGN_PG_TEST_URL" -tAc \
    "CREATE TEMP TABLE skillsign_smoke (x int); INSERT INTO skillsign_smoke VALUES (1); SELECT count(*) FROM skillsign_smoke" 2>>"$(log_file postgres)" | grep -qx 1
}

setup_postgres() {
  PG_CHANGED=0
  if ! _pg_install; then
    tail_log postgres
    fail postgres "apt-get install postgresql-$SKILLSIGN_PG_MAJOR failed" "see $(log_file postgres)"
    return 1
  fi
  if ! _pg_start; then
    tail_log postgres
    fail postgres "the $SKILLSIGN_PG_MAJOR/main cluster did not start" "see $(log_file postgres) and /var/log/postgresql/"
    return 1
  fi
  if ! _pg_role; then
    fail postgres "cannot create the skillsign role/database" "see $(log_file postgres)"
    return 1
  fi
  if ! pg_smoke; then
    fail postgres "the test role cannot use $SKILLSIGN_PG_TEST_URL" "check pg_hba.conf allows scram/md5 on 127.0.0.1 (log: $(log_file postgres))"
    return 1
  fi
  status_line "$( ((PG_CHANGED)) && echo installed || echo ok)" postgres \
    "PostgreSQL $SKILLSIGN_PG_MAJOR on 127.0.0.1:$SKILLSIGN_PG_PORT, tests use ${SKILLSIGN_PG_TEST_URL/:skillsign@/:***@}"
}
