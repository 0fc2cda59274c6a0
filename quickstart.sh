#!/usr/bin/env bash
# The main job on built-in defaults: installs what is missing, builds the halos host with its plugins and the
# quickstart, then trains SFT, DPO, KTO and a reward model on generated arithmetic problems (no downloads) and
# reports held-out accuracy (runs/quickstart/report.md). Pass --smoke for a seconds-long version.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$root/scripts/setup.sh"
ensure_build_deps
dotnet build "$root/src/Halos.Host" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/samples/Quickstart" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/samples/Quickstart/bin/Release/net10.0/Quickstart.dll" "$@"
