#!/usr/bin/python3
"""Builds FULL-SIZE random-weight ONNX exports of the seed's frame and audio encoders for the speed benchmark
(benchmarks/encoders/run.sh) and writes their manifest. Nothing here is committed: the folder it writes
(default benchmarks/encoders/exports/, ~3.7 GB) is ignored by git.

The architectures are torchvision's and torchaudio's own builders at their published sizes, without pretrained
weights (none can be downloaded here; the speed of a forward pass does not depend on the weights' values). They
are exported by the functions of tests/fixtures-src/make_encoder_fixtures.py, the code docs/extractors.md gives
users, and declared with docs/extractors.md's manifest entries.

    /usr/bin/python3 benchmarks/encoders/build_exports.py [--out benchmarks/encoders/exports] [--only resnet50,hubert_large]
"""
import argparse
import inspect
import json
import os
import sys

import torch
import torchaudio
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "fixtures-src"))
import make_encoder_fixtures as fx  # noqa: E402  (the export code the docs show)

# PyTorch 2.9 and later export through torch.export ("dynamo") unless told otherwise; the recipes were proven with the
# TorchScript exporter (PyTorch 1.13), so a newer PyTorch (a GPU machine's) is asked for that one too.
if "dynamo" in inspect.signature(torch.onnx.export).parameters:
    _export = torch.onnx.export

    def _torchscript_export(*args, **kwargs):
        kwargs.setdefault("dynamo", False)
        return _export(*args, **kwargs)

    torch.onnx.export = _torchscript_export

RESNET_IMAGE = {"source": "frames", "width": 224, "height": 224, "resize": "center_crop", "shortSide": 232,
                "scale": 0.00392157, "mean": fx.IMAGENET_MEAN, "std": fx.IMAGENET_STD}
VIT_IMAGE = {**RESNET_IMAGE, "shortSide": 256}


def resnet50():
    m = torchvision.models.resnet50(weights=None).eval()
    m.fc = torch.nn.Identity()
    return m


# name -> (builder, export function, manifest entry without name/file)
MODELS = {
    "resnet50": (resnet50, fx.export_image_model,
                 {"kind": "image", "inputs": {"pixels": "pixels"}, "output": "features", "outputDim": 2048,
                  "batchSize": 8, "image": RESNET_IMAGE}),
    "vit_b32": (lambda: torchvision.models.vit_b_32(weights=None).eval(), fx.export_vit,
                {"kind": "image", "inputs": {"pixels": "pixels"}, "output": "cls", "outputDim": 768,
                 "batchSize": 8, "image": VIT_IMAGE}),
    "wav2vec2_base": (torchaudio.models.wav2vec2_base, fx.export_wav2vec2,
                      {"kind": "audio", "inputs": {"waveform": "waveform"}, "output": "last_hidden_state",
                       "outputDim": 768, "audio": {"sampleRate": 16000, "normalize": False, "chunkSeconds": 20}}),
    "wav2vec2_large": (torchaudio.models.wav2vec2_large_lv60k, fx.export_wav2vec2,
                       {"kind": "audio", "inputs": {"waveform": "waveform"}, "output": "last_hidden_state",
                        "outputDim": 1024, "audio": {"sampleRate": 16000, "normalize": True, "chunkSeconds": 20}}),
    "hubert_base": (torchaudio.models.hubert_base, fx.export_wav2vec2,
                    {"kind": "audio", "inputs": {"waveform": "waveform"}, "output": "last_hidden_state",
                     "outputDim": 768, "audio": {"sampleRate": 16000, "normalize": False, "chunkSeconds": 20}}),
    "hubert_large": (torchaudio.models.hubert_large, fx.export_wav2vec2,
                     {"kind": "audio", "inputs": {"waveform": "waveform"}, "output": "last_hidden_state",
                      "outputDim": 1024, "audio": {"sampleRate": 16000, "normalize": True, "chunkSeconds": 20}}),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "exports"))
    parser.add_argument("--only", default=",".join(MODELS), help="comma-separated names (default: all)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    names = [n for n in args.only.split(",") if n]
    entries = []
    for name in names:
        build, export, entry = MODELS[name]
        path = os.path.join(args.out, name + ".onnx")
        if not os.path.exists(path):
            torch.manual_seed(0)
            model = build().eval()
            export(model, path + ".part")
            os.replace(path + ".part", path)
            del model
        print(f"{name}: {os.path.getsize(path) / 1e6:.0f} MB", file=sys.stderr)
        entries.append({"name": name, "file": name + ".onnx", **entry})
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"models": entries}, f, indent=2)


if __name__ == "__main__":
    main()
