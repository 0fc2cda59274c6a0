#!/usr/bin/env bash
# One online GRPO step on the GPT-2 shape of ../shared/bench/peer_grpo_step.py (6x512, vocab 50257; 4 prompts of 64
# tokens x 4 completions of up to 64 tokens): ours through the real halos train (prompt-only data, the rollout stage,
# rewards/even_tokens.csx, losses/grpo.csx) against PyTorch eager; generation and update tokens/s, peak RSS, ratios.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
ensure_apt python3-torch
ensure_apt time
dotnet build "$root/src/Halos.Host" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" grpo --shared "$root/../shared" "$@"
