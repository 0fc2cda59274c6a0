#!/usr/bin/env bash
# The main job on built-in defaults: installs what is missing, builds, trains, reports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/scripts/setup.sh"
ensure_build_deps
dotnet build "$root/samples/Quickstart" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/samples/Quickstart/bin/Release/net10.0/Quickstart.dll" "$@"
