#!/usr/bin/env bash
# GPU against CPU: the seed's frame and audio encoders (full-size, random weights) through Meiju's ONNX path,
# `meiju models check --device cuda` against `--device cpu`, on one machine.
#
#   benchmarks/gpu/run.sh MEIJU EXPORTS [CPU_THREADS]
#
# MEIJU    a GPU build of the CLI: dotnet publish src/Meiju.Cli -c Release -p:MeijuGpu=true -r linux-x64
#          --self-contained -o MEIJU   (docs/gpu.md); run with CUDA 13 and cuDNN 9 on LD_LIBRARY_PATH
# EXPORTS  a folder for the exports, built here by benchmarks/encoders/build_exports.py with $PYTHON (default
#          python3: torch, torchvision, torchaudio and onnx)
# Prints the machine, the GPU and both tables; the frames and audio per call are those of benchmarks/encoders/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
MEIJU="$1"
EXPORTS="$2"
THREADS="${3:-$(nproc)}"
"${PYTHON:-python3}" benchmarks/encoders/build_exports.py --out "$EXPORTS"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
export COLUMNS="${COLUMNS:-220}"
for device in cuda cpu; do
  echo "== --device $device$([[ $device == cpu ]] && echo " --threads $THREADS")"
  "$MEIJU/meiju" models check "$EXPORTS/manifest.json" --frames 8 --audio-seconds 10 --runs 5 \
    --device "$device" --threads "$([[ $device == cpu ]] && echo "$THREADS" || echo 1)"
done
