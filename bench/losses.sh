#!/usr/bin/env bash
# Loss-script benchmarks: cold compile and cached load of a .csx, and the per-call overhead of the
# compiled DPO script at B = 64 against the same loss in C# and PyTorch eager, in one run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
ensure_apt python3-torch
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" losses --losses "$root/losses" "$@"
