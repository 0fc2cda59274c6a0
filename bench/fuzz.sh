#!/usr/bin/env bash
# The reader fuzzer's long mode: the same seeded mutation fuzzer ./test.sh runs for about 30 s
# (tests/Halos.Host.Tests/Fuzzing), for longer and with another seed.
#   bench/fuzz.sh [SECONDS] [SEED]     defaults: 600 s, seed 16
# Every mutated safetensors, config.json, tokenizer.json, tokenizer_config.json, data file (plain and .gz),
# appsettings.json and profile must read or fail with an error naming the file; failures print the target,
# case number and seed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
ensure_native_deps
dotnet build "$root/tests/Halos.Host.Tests" -c Release -v quiet -nologo >/dev/null
HALOS_FUZZ_SECONDS="${1:-600}" HALOS_FUZZ_SEED="${2:-16}" exec dotnet test "$root/tests/Halos.Host.Tests" -c Release --no-build \
  --filter "FullyQualifiedName~ReaderFuzzTests" --logger "console;verbosity=normal"
