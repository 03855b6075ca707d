# shellcheck shell=bash
# run_components C...: runs setup_<C> for every selected component, in parallel as soon as its
# prerequisites (COMPONENT_DEPS[C], space-separated) have finished, whatever their result (a
# failed prerequisite makes the dependent FAIL through its own checks). Each component's output
# (its one status line) is printed when it ends; failures are collected in SETUP_FAILURES.
# Reads ONLY/SKIP (arrays) and COMPONENT_DEPS (associative array) from the caller.

_selected() { # _selected C: C runs in this setup
  if ((${#ONLY[@]})) && [[ " ${ONLY[*]} " != *" $1 "* ]]; then return 1; fi
  [[ " ${SKIP[*]} " != *" $1 "* ]]
}

run_components() {
  local results c rc fin
  results=$(mktemp -d /tmp/skillsign-setup.XXXXXX)
  local -A pid_of=() comp_of=() done_=()
  local -a pending=() still=()
  for c in "$@"; do
    if _selected "$c"; then pending+=("$c"); else
      [[ " ${SKIP[*]} " == *" $c "* ]] && status_line skipped "$c" "(--skip)"
      done_[$c]=1
    fi
  done
  _deps_done() {
    local d
    for d in ${COMPONENT_DEPS[$1]:-}; do [[ -n "${done_[$d]:-}" ]] || return 1; done
  }
  while ((${#pending[@]} || ${#pid_of[@]})); do
    still=()
    for c in "${pending[@]}"; do
      if _deps_done "$c"; then
        ( t0=$(now_ms); "setup_${c//-/_}"; r=$?; note "$c took $(( $(now_ms) - t0 )) ms"; exit $r ) \
          >"$results/$c.out" 2>"$results/$c.err" &
        pid_of[$c]=$!; comp_of[$!]=$c
      else
        still+=("$c")
      fi
    done
    pending=("${still[@]}")
    ((${#pid_of[@]})) || break
    # Poll rather than `wait -n`: a job bash has already reaped is "no such job" to wait -n,
    # while `wait PID` still returns its saved status.
    fin=''
    while [[ -z "$fin" ]]; do
      for c in "${!pid_of[@]}"; do
        kill -0 "${pid_of[$c]}" 2>/dev/null || { fin=${pid_of[$c]}; break; }
      done
      [[ -n "$fin" ]] || sleep 0.2
    done
    rc=0; wait "$fin" || rc=$?
    c=${comp_of[$fin]}
    unset "pid_of[$c]"; done_[$c]=1
    cat "$results/$c.err" >&2; cat "$results/$c.out"
    # status_line ran in a subshell: carry its FAILED (or a silent failure) back here
    if ((rc != 0)) || grep -q '\[FAILED\]' "$results/$c.out"; then
      grep -q '\[FAILED\]' "$results/$c.out" || status_line FAILED "$c" "exited $rc without a status line -> see $(log_file "$c")"
      [[ " ${SETUP_FAILURES[*]} " == *" $c "* ]] || SETUP_FAILURES+=("$c")
    fi
  done
  rm -rf "$results"
}
