#!/usr/bin/env bash
# Tensor-engine benchmarks: ours, PyTorch eager (shared/bench/peer_ops.py) and the C++ floor, in one run.
# Needs ../shared beside the repository, and Debian's python3-torch for the peer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
ensure_apt python3-torch
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" ops --shared "$root/../shared" "$@"
