#!/usr/bin/env bash
# Installs everything Meiju needs on a fresh Debian 12 machine (run as root or with sudo available).
# .ci/run calls this; it is the single source of truth for set-up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

apt_packages=(
  ffmpeg                      # decoding any container, 16 kHz audio, frame sampling
  libavformat59 libavfilter8 libavutil57  # the same FFmpeg 5.1, loaded in-process by LibavDecoder
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-chi-sim  # burned-in subtitles
  fonts-noto-cjk              # rendering Chinese subtitles in tests
  python3-numpy python3-sklearn python3-h5py  # regenerating test fixtures only (never at run time)
  binutils                    # readelf, for the TorchSharp loader check
  fonts-dejavu-core           # chart text (ScottPlot/SkiaSharp find fonts under /usr/share/fonts)
  opencv-data                 # Haar face/eye cascades (Meiju.Media faces)
  libgtk-3-0                  # needed by the OpenCvSharp4 official linux-x64 runtime
  chromium                    # headless browser test of `meiju serve` (tests/Meiju.Web.Tests, via playwright-core)
)
missing=()
for p in "${apt_packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ -f "$root/models/package.json" ]]; then
  (cd "$root/models" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -f "$root/tests/Meiju.Web.Tests/e2e/package.json" ]]; then
  (cd "$root/tests/Meiju.Web.Tests/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
if [[ -f "$root/tests/tokenizer-reference/package.json" ]]; then
  # @huggingface/tokenizers (pure JS): the reference the tokenizer tests compare Meiju's ids with.
  (cd "$root/tests/tokenizer-reference" && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet restore "$root/Meiju.slnx" --nologo -v q
