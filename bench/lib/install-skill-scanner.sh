#!/bin/bash
# Installs the peer scanner used by the speed comparisons (bench/static --compare,
# bench/corpus/run.mjs --compare) into its own venv. Not part of scripts/setup: the product does
# not need it. Idempotent; pin with SKILL_SCANNER_VERSION=2.3.2.
set -euo pipefail
venv="${SKILLSIGN_TOOLS:-/opt/skillsign-tools}/skill-scanner-venv"
spec="cisco-ai-skill-scanner${SKILL_SCANNER_VERSION:+==$SKILL_SCANNER_VERSION}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ -x "$venv/bin/skill-scanner" ] && [ -z "${SKILL_SCANNER_VERSION:-}" ]; then
  echo "skill-scanner present: $("$venv/bin/skill-scanner" --version)"
  exit 0
fi
"$venv/bin/pip" install -q "$spec"
echo "installed: $("$venv/bin/skill-scanner" --version) in $venv"
