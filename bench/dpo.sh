#!/usr/bin/env bash
# One DPO training step on a GPT-2-shaped model (6 layers, width 512, vocab 50257, seq 256, batch 8 pairs):
# ours (paired trainer plugin with the chunked LM head, losses/dpo.csx, AdamW) against PyTorch eager
# (../shared/bench/peer_dpo_step.py), each in its own process: tokens/s and peak RSS, and the ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
ensure_apt python3-torch
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" dpo --losses "$root/losses" --shared "$root/../shared" "$@"
