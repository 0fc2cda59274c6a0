#!/usr/bin/env bash
# One command for the first GPU machine we get (PyTorch with CUDA, cmake, nvcc; no .NET, no network).
#
#   scripts/gpu-check.sh prepare [--out DIR] [--no-build]
#                                             here: writes DIR (default gpu-check/, git-ignored) with everything
#                                             to carry: the published host and plugins and the bench (app.tar.xz),
#                                             the .NET runtime (runtime.tar.xz), the native sources, losses/ and
#                                             the bench peers from ../shared/bench.
#   scripts/gpu-check.sh run [--dir DIR]      there: unpacks the runtime, builds the shim against the installed
#                                             PyTorch's libtorch, runs the GPU self-tests and the bf16 DPO
#                                             benchmark against peer_dpo_step.py (also at a larger shape for MFU),
#                                             and ends with "gpu-check: N passed, N failed". Exits 1 when anything
#                                             failed, 2 when no CUDA is present.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-}"
shift || true
dir="$root/gpu-check"
build=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out|--dir) dir="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --no-build) build=0; shift ;;  # publish the Release outputs already built (dotnet build -c Release)
    *) echo "gpu-check: unknown option $1" >&2; exit 64 ;;
  esac
done

# --- prepare -------------------------------------------------------------------------------------------------------

prepare() {
  local shared="$root/../shared/bench"
  [[ -f "$shared/peer_dpo_step.py" ]] || { echo "gpu-check prepare: the bench peers are missing: expected $shared/peer_dpo_step.py" >&2; exit 1; }
  command -v dotnet >/dev/null || { echo "gpu-check prepare: the .NET SDK (dotnet) is required here" >&2; exit 1; }
  local stage
  stage="$(mktemp -d)"
  trap 'rm -rf "$stage"' RETURN
  mkdir -p "$dir"
  rm -rf "$dir/native" "$dir/losses" "$dir/shared" "$dir/app.tar.xz"

  # Framework-dependent: the runtime travels once, in runtime.tar.xz. The CPU shim (built against this machine's
  # libtorch) is dropped; run builds the CUDA one.
  local publish=(-c Release -nologo -v quiet --no-self-contained -p:SatelliteResourceLanguages=en -p:DebugType=none)
  [[ $build -eq 1 ]] || publish+=(--no-build)
  echo "gpu-check prepare: publishing the host, its plugins and the bench" >&2
  dotnet publish "$root/src/Halos.Host" "${publish[@]}" -o "$stage/app/host" >/dev/null
  cp -r "$root/src/Halos.Host/bin/Release/net10.0/plugins" "$stage/app/host/plugins"
  dotnet publish "$root/bench/Halos.Bench" "${publish[@]}" -o "$stage/app/bench" >/dev/null
  find "$stage/app" \( -name 'libhalos_torch.so' -o -name '*.pdb' \) -delete
  tar -C "$stage/app" -cf - . | xz -T2 -6 > "$dir/app.tar.xz"

  # The runtime the apps were built for, from the SDK's own dotnet root: the muxer, hostfxr and Microsoft.NETCore.App.
  local dotnet_root version
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { v = $2 } END { print v }')"
  [[ -n "$version" && -d "$dotnet_root/shared/Microsoft.NETCore.App/$version" ]] ||
    { echo "gpu-check prepare: no Microsoft.NETCore.App 10.x under $dotnet_root/shared" >&2; exit 1; }
  # Compressing the runtime is the slow part; an archive of the same version is kept.
  if [[ "$(cat "$dir/runtime.version" 2>/dev/null)" != "$version" || ! -s "$dir/runtime.tar.xz" ]]; then
    echo "gpu-check prepare: packing .NET runtime $version from $dotnet_root" >&2
    tar -C "$dotnet_root" -cf - dotnet LICENSE.txt ThirdPartyNotices.txt host/fxr "shared/Microsoft.NETCore.App/$version" |
      xz -T2 -6 > "$dir/runtime.tar.xz"
    echo "$version" > "$dir/runtime.version"
  fi

  mkdir -p "$dir/native" "$dir/shared/bench"
  cp -r "$root/native/CMakeLists.txt" "$root/native/src" "$root/native/include" "$root/native/bench" "$dir/native/"
  cp -r "$root/losses" "$dir/losses"
  cp "$shared"/*.py "$shared/README.md" "$dir/shared/bench/"
  cp "$root/scripts/gpu-check.sh" "$dir/gpu-check.sh"
  local bytes
  bytes="$(du -sb "$dir" | cut -f1)"
  echo "gpu-check prepare: $dir holds $((bytes / 1048576)) MiB ($bytes bytes; the carry limit is 64 MiB)"
}

# --- run -----------------------------------------------------------------------------------------------------------

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }

# Runs a step under a time limit; its output goes to the log and its tail to the console on failure.
step() {
  local name="$1" limit="$2"
  shift 2
  local log rc
  log="$work/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '-' | cut -c1-60).log"
  echo "== $name"
  timeout "$limit" "$@" >"$log" 2>&1 && rc=0 || rc=$?
  if [[ $rc -eq 0 ]]; then
    cat "$log"
    pass "$name"
    return 0
  fi
  tail -n 40 "$log"
  [[ $rc -eq 124 ]] && fail "$name (over its ${limit}s limit)" || fail "$name (exit $rc)"
  return 1
}

run() {
  local why
  if ! why="$(python3 -c 'import torch; print(torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")' 2>&1)"; then
    echo "gpu-check: no CUDA is present: python3 cannot import torch (${why##*$'\n'})" >&2
    exit 2
  fi
  if [[ -z "$why" ]]; then
    echo "gpu-check: no CUDA is present: torch.cuda.is_available() is False on this machine" >&2
    exit 2
  fi
  [[ -s "$dir/runtime.tar.xz" && -s "$dir/app.tar.xz" ]] ||
    { echo "gpu-check: $dir has no runtime.tar.xz / app.tar.xz; run scripts/gpu-check.sh prepare on a machine with .NET" >&2; exit 1; }
  echo "gpu-check: $why"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true

  work="${GPU_CHECK_WORK:-$(mktemp -d)}"
  mkdir -p "$work/dotnet" "$work/app"
  xz -dc "$dir/runtime.tar.xz" | tar -C "$work/dotnet" -xf -
  xz -dc "$dir/app.tar.xz" | tar -C "$work/app" -xf -
  export DOTNET_ROOT="$work/dotnet" PATH="$work/dotnet:$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  [[ -x /usr/local/cuda/bin/nvcc ]] && export PATH="$PATH:/usr/local/cuda/bin"

  local prefix
  prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  local shim="$work/native-build/libhalos_torch.so"
  if step "build the shim against $prefix" 300 bash -c \
      "cmake -S '$dir/native' -B '$work/native-build' -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH='$prefix' &&
       cmake --build '$work/native-build' --parallel $(nproc) --target halos_torch"; then
    grep -h "halos_torch: distributed" "$work"/build-the-shim*.log || true
    cp "$shim" "$work/app/bench/"
    cp "$shim" "$work/app/host/"
    local bench=(dotnet "$work/app/bench/Halos.Bench.dll")
    step "GPU self-tests" 120 "${bench[@]}" gpu-check || true
    step "published host lists its plugins" 60 dotnet "$work/app/host/halos.dll" plugins list || true
    local common=(--device cuda --dtype bfloat16 --peer python3 --shared "$dir/shared" --losses "$dir/losses")
    step "DPO bf16, GPT-2 shape (6 layers, width 512, seq 256, batch 8)" 120 "${bench[@]}" dpo "${common[@]}" --steps 5 || true
    step "DPO bf16, larger shape (24 layers, width 2048, seq 1024, batch 8)" 180 "${bench[@]}" dpo "${common[@]}" \
      --layers 24 --width 2048 --heads 16 --seq 1024 --batch 8 --steps 3 --peer-optional || true
    if "${bench[@]}" 2>&1 | grep -q "Halos.Bench grpo"; then
      step "GRPO bf16" 120 "${bench[@]}" grpo "${common[@]}" || true
    else
      echo "(GRPO: this build's bench has no grpo mode yet; skipped)"
    fi
  fi
  echo "gpu-check: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

case "$mode" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: scripts/gpu-check.sh prepare [--out DIR] | run [--dir DIR]" >&2; exit 64 ;;
esac
