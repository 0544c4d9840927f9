#!/usr/bin/env bash
# Speed of the seed's frame and audio encoders through Meiju's ONNX path, on full-size random-weight exports.
#
#   benchmarks/encoders/run.sh [THREADS]      (from the repository root; default THREADS=2)
#
# 1. builds the exports with Debian's python3 (python3-torch/torchvision/torchaudio/onnx) into
#    benchmarks/encoders/exports/ (ignored by git; ~3.7 GB; kept between runs),
# 2. runs `meiju models check` on them: 8 frames of 640x360 per image call (one batch of 8), 10 s of audio per
#    audio call, 1 warm-up + 5 timed calls, median, THREADS ONNX Runtime threads,
# 3. prints the machine, date, load and the table; results go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
THREADS="${1:-2}"
OUT=benchmarks/encoders/exports
/usr/bin/python3 benchmarks/encoders/build_exports.py --out "$OUT"
dotnet build src/Meiju.Cli -c Release --nologo -v q -clp:ErrorsOnly
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load before: $(uptime | sed 's/.*load average: //')"
dotnet src/Meiju.Cli/bin/Release/net10.0/linux-x64/meiju.dll models check "$OUT/manifest.json" \
  --frames 8 --audio-seconds 10 --runs 5 --threads "$THREADS"
echo "load after: $(uptime | sed 's/.*load average: //')"
