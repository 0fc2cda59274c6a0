#!/usr/bin/env bash
# Shared setup for the README's commands: installs what is missing, skips what is there.
# Source it, then call the ensure_* functions you need.

HALOS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
_apt_updated=0

# Installs Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "setup: installing ${missing[*]}" >&2
  if [[ $_apt_updated -eq 0 ]]; then
    $SUDO apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# libtorch (Debian's CPU build) with OpenBLAS, and the toolchain the native shim builds with.
# Without libopenblas0-pthread, matrix products fall back to the reference BLAS (about 30x slower).
ensure_native_deps() {
  if [[ -n "${LIBTORCH_DIR:-}" ]]; then
    ensure_apt cmake g++ make
  else
    ensure_apt libtorch-dev libgloo-dev libopenblas0-pthread cmake g++ make
  fi
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null; then
    echo "setup: the .NET 10 SDK is required; trying apt (dotnet-sdk-10.0)" >&2
    ensure_apt dotnet-sdk-10.0 || { echo "setup: install the .NET 10 SDK from https://dot.net and rerun" >&2; exit 1; }
  fi
}

# Debian's chromium: the report's browser test renders halos report in it, headless.
ensure_chromium() {
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null || ensure_apt chromium
}

ensure_node() {
  command -v npm >/dev/null || ensure_apt nodejs npm
}

# Everything the solution needs to build: native deps, the SDK, NuGet packages.
ensure_build_deps() {
  ensure_native_deps
  ensure_dotnet
  dotnet restore "$HALOS_ROOT/Halos.Plugins.sln" -v quiet >/dev/null
}
