#!/bin/sh
# Container entrypoint / runtime hook: refuse to start the agent unless every installed skill
# verifies against the pinned root of trust. Usage:
#   SKILLS_DIR=/opt/agent/skills SKILLSIGN_TRUST=/etc/skillsign/root.json skillsign-boot.sh agent --serve
# Exit 1 (and the JSON summary on stderr) when any skill fails; exit 2 on a configuration error.
set -eu
: "${SKILLS_DIR:?set SKILLS_DIR to the runtime's skills folder}"
: "${SKILLSIGN_TRUST:?set SKILLSIGN_TRUST to the pinned root.json (or trust.json)}"
SKILLSIGN=${SKILLSIGN:-skillsign}
status=0
summary=$($SKILLSIGN verify --all "$SKILLS_DIR" --trust "$SKILLSIGN_TRUST" --json) || status=$?
if [ "$status" -ne 0 ]; then
  printf '%s\n' "$summary" >&2
  echo "skillsign-boot: refusing to start: installed skills failed verification (exit $status)" >&2
  exit "$status"
fi
# The runtime must enforce the SIGNED permissions: `skillsign verify DIR --json` prints them
# under "permissions"; never re-derive them from SKILL.md with another YAML parser.
[ "$#" -gt 0 ] && exec "$@"
exit 0
