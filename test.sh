#!/usr/bin/env bash
# Runs every test: installs what is missing (apt packages, the native build, NuGet and the npm
# fixtures), then `dotnet test` on the solution, and closes with one "N passed, N failed" line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/scripts/setup.sh"
ensure_build_deps
ensure_node
ensure_chromium
bash "$root/scripts/fixtures.sh"
# dotnet test builds the test projects and what they reference; the GPU check's prepare test also
# publishes the bench program, which no test references.
dotnet build "$root/bench/Halos.Bench" -c Release --nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test "$root/Halos.Plugins.sln" -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# dotnet test prints one summary per test assembly; add them up.
awk '
  /(Passed|Failed|Skipped)!/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") f += $(i+1)
      if ($i == "Passed:") p += $(i+1)
      if ($i == "Skipped:") s += $(i+1)
    }
  }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
