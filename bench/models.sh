#!/usr/bin/env bash
# Transformer-model benchmarks (issue 6): GPT-2-shaped forward+backward tokens/s against PyTorch eager
# running the same architecture (bench/peers/gpt2_train_step.py), alternating in one run, and the peak
# memory of per-token log-probs at vocab 150k, seq 1024, chunked against naive.
# Needs Debian's python3-torch for the peer. Options: see `Halos.Bench models` usage.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
ensure_apt python3-torch
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" models "$@"
