#!/usr/bin/env bash
# The fast test suite (what CI runs). Slow real-data runs: scripts/test.sh --slow
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
filter="Category!=Slow"
if [[ "${1:-}" == "--slow" ]]; then filter="Category=Slow"; shift; fi
dotnet build "$root/Meiju.slnx" -c Release --nologo -v q -clp:ErrorsOnly
# One test assembly at a time: TorchSharp and ONNX Runtime tests each want both cores.
dotnet test "$root/Meiju.slnx" -c Release --no-build --nologo -v q -m:1 --filter "$filter" "$@"
