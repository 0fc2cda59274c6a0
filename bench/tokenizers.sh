#!/usr/bin/env bash
# Encode throughput of Halos.Tokenizers vs @huggingface/tokenizers (node), same corpus, same run.
# Usage: bench/tokenizers.sh [--corpus texts.jsonl] [--seconds N] [--only llama3|qwen3|gpt2]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/fixtures.sh"
dotnet build -c Release "$root/bench/Halos.Bench.Tokenizers" -v quiet -nologo >/dev/null
cd "$root"
exec dotnet "$root/bench/Halos.Bench.Tokenizers/bin/Release/net10.0/Halos.Bench.Tokenizers.dll" "$@"
