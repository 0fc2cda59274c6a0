#!/usr/bin/env bash
# Ranked-reviews reward model: losses/rank_list.csx on ../shared/data/ranked-reviews/sample.tsv (800 lists train,
# 200 held out) through `halos train` and the ranked-tsv loader; prints the held-out pairwise accuracy. A small
# GPT-2 from scratch with a character tokenizer built from the data stands in for ernie-3.0-base-zh (not downloadable here).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
dotnet build "$root/src/Halos.Host" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/bench/Halos.Bench" -c Release -v quiet -nologo >/dev/null
exec dotnet "$root/bench/Halos.Bench/bin/Release/net10.0/Halos.Bench.dll" ranked --shared "$root/../shared" "$@"
