#!/usr/bin/env bash
# Generate CHANGELOG
set -uo pipefail
target="${1:-.}"
echo "Generate CHANGELOG: scanning $target"
find "$target" -maxdepth 3 -type f -not -path '*/.git/*' | head -200 | while read -r f; do
  printf '%8s  %s\n' "$(wc -c < "$f")" "$f"
done


