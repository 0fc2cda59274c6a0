#!/usr/bin/env bash
# Packs what a team needs to build halos plugins outside this repository:
#   Halos.Abstractions (engine-free contract), Halos.Abstractions.Torch (tensor-facing contract) and Halos.Torch
#   (the engine, with libhalos_torch.so as a runtimes/linux-x64/native asset), version 2.0.0,
# into a local feed folder (default: artifacts/packages). The plugin template is templates/halos-plugin:
#   dotnet new install templates/halos-plugin
#   dotnet new halos-plugin -n MyLoader --kind loader --feed "$PWD/artifacts/packages"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
feed="$(realpath -m "${1:-$root/artifacts/packages}")"
shift || true
mkdir -p "$feed"
# Further arguments go to dotnet pack (--no-build packs the Release build already there, as the tests do).
for project in Halos.Abstractions Halos.Abstractions.Torch Halos.Torch; do
  dotnet pack "$root/src/$project/$project.csproj" -c Release -o "$feed" --nologo -v quiet "$@"
done
echo "packages in $feed:"
ls -1 "$feed"/*.nupkg
