#!/usr/bin/python3
"""Builds the encoder parity fixtures: ONNX exports of the seed's frame and audio encoders and PyTorch's outputs on
the real CREMA-D clips, so a test can check that `meiju extract` reproduces them (issue 13).

Run with Debian's python3 (python3-torch 1.13, python3-torchvision 0.14, python3-torchaudio 0.13, python3-onnx)
and ffmpeg, never at run or test time:

    /usr/bin/python3 tests/fixtures-src/make_encoder_fixtures.py [--clips ../shared/data/cremad-clips/video_flv]

It writes tests/Meiju.Cli.Tests/Fixtures/encoders/: four .onnx files, manifest.json (the entries of
docs/extractors.md, with a small chunkSeconds so the clips are cut into several chunks) and
reference/<feature>/<clip>.npy, float32 [T, D], in the layout `meiju extract` writes. Nothing from the clips
(frames, audio) is stored, only the model outputs.

The architectures are the real ones, built by torchvision and torchaudio without pretrained weights (none can be
downloaded here), narrowed so the four files stay a few MB: the same modules, operators, inputs, outputs and
preprocessing as the full-size models, fewer channels (and, for the transformers, fewer layers):
  resnet50  torchvision ResNet-50 (Bottleneck, [3, 4, 6, 3], 7x7 stem) with every stage 8x narrower: D = 256
  vit_b32   torchvision VisionTransformer with 32x32 patches on 224x224 (ViT-B/32 = CLIP ViT-B/32's geometry),
            6 layers of width 64 instead of 12 of 768
  wav2vec2  torchaudio wav2vec2_model in wav2vec2-base's configuration (group-norm feature extractor without conv
            bias, post-norm transformer), 64 channels, 4 layers
  hubert    torchaudio wav2vec2_model in HuBERT-large's configuration (layer-norm feature extractor, pre-norm
            transformer with a final layer norm), 64 channels, 4 layers
Weights are PyTorch's default initialisation from a fixed seed; ResNet's batch-norm statistics are set by running
it in training mode on seeded noise, so every output is of order 1.

The exports are made by export_image_model / export_vit / export_wav2vec2 below, the code docs/extractors.md gives
users (with the full-size models and their pretrained weights in place of these).

What PyTorch sees must be exactly what Meiju feeds the model, so this script reproduces Meiju's input chain:
  frames  ffmpeg with the filters of Meiju.Media's decoders (SinglePassDecoder/LibavDecoder): every 10th frame,
          scale to at most 640 px on the long side with flags=area, rgb24; then `meiju_resize`, a numpy port of
          Meiju.Features.Imaging.ImageSampler.Resize (bilinear, pixel-centre aligned, optional centre crop and
          torchvision's Resize(short side) + CenterCrop geometry), then ((pixel * scale) - mean) / std.
  audio   ffmpeg with the same filters (soxr to 16 kHz, mono, float32, at most 600 s); then the chunking of
          Meiju.Features.Onnx.OnnxAudioExtractor (chunkSeconds pieces, a tail under 400 samples joins the chunk
          before it) and its per-chunk zero-mean unit-variance normalisation when `normalize` is true.
  Meiju's default audio preprocessing before extractors is Silero VAD (speech segments only, no trimming) and RMS
  loudness normalisation to -23 dBFS measured on speech with a -1 dBFS peak ceiling (no denoising): one gain per
  clip that never clips, which this script cannot reproduce without the VAD. The parity test therefore runs
  `meiju extract --loudness none`, which hands the extractors the decoded audio untouched (what the references
  here are computed on). A second test shows that the hubert entry, which normalises each chunk, divides the
  default gain out up to the normalisation's 1e-7 epsilon.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torchaudio
import torchvision

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
OUT = os.path.join(REPO, "tests", "Meiju.Cli.Tests", "Fixtures", "encoders")
CLIPS = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "cremad-clips", "video_flv"))

# Meiju.Media.Decoding.FrameSampling.Baseline and AudioPreprocessingOptions defaults.
EVERY_NTH, MAX_FRAMES, MAX_SIDE, SAMPLE_RATE, MAX_SECONDS = 10, 300, 640, 16000, 600
# OnnxAudioExtractor: a shorter tail joins the chunk before it.
MIN_CHUNK = 400
# The test manifest's chunk length: CREMA-D clips last 1.9-2.3 s, so each is cut into three chunks.
CHUNK_SECONDS = 0.75
IMAGENET_MEAN, IMAGENET_STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
CLIP_MEAN, CLIP_STD = [0.48145466, 0.4578275, 0.40821073], [0.26862954, 0.26130258, 0.27577711]


# ---- Export code: docs/extractors.md shows these functions with the full-size pretrained models. ----

def export_image_model(model, path):
    """ResNet-50 (fc replaced by Identity): pixels [B, 3, 224, 224] -> features [B, D]."""
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, input_names=["pixels"], output_names=["features"],
                      dynamic_axes={"pixels": {0: "batch"}, "features": {0: "batch"}}, opset_version=17)


class VitHiddenStates(torch.nn.Module):
    """torchvision's VisionTransformer without its classification head: the final class token, every final token,
    and each encoder layer's output (before the final layer norm), so a manifest can read one layer or combine several."""

    def __init__(self, vit):
        super().__init__()
        self.vit = vit

    def forward(self, pixels):
        x = self.vit._process_input(pixels)
        x = torch.cat([self.vit.class_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = x + self.vit.encoder.pos_embedding
        states = []
        for layer in self.vit.encoder.layers:
            x = layer(x)
            states.append(x)
        last = self.vit.encoder.ln(x)
        return (last[:, 0], last, *states)


def export_vit(vit, path):
    """pixels [B, 3, 224, 224] -> cls [B, D], last_hidden_state [B, 50, D], hidden_state_1..L [B, 50, D]."""
    layers = len(vit.encoder.layers)
    names = ["cls", "last_hidden_state"] + [f"hidden_state_{i}" for i in range(1, layers + 1)]
    torch.onnx.export(VitHiddenStates(vit).eval(), torch.randn(1, 3, 224, 224), path, input_names=["pixels"],
                      output_names=names, dynamic_axes={"pixels": {0: "batch"}, **{n: {0: "batch"} for n in names}},
                      opset_version=17)


class Wav2Vec2HiddenStates(torch.nn.Module):
    """A torchaudio Wav2Vec2Model (wav2vec 2.0 or HuBERT): the final frame states (with the final layer norm of
    pre-norm models, as model(waveform)[0]) and each transformer layer's output."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, waveform):
        states, _ = self.model.extract_features(waveform)
        last = states[-1]
        if self.model.encoder.transformer.layer_norm_first:
            last = self.model.encoder.transformer.layer_norm(last)
        return (last, *states)


def export_wav2vec2(model, path):
    """waveform [B, N] (16 kHz) -> last_hidden_state [B, T, D], hidden_state_1..L [B, T, D], T ~ N / 320."""
    layers = len(model.encoder.transformer.layers)
    names = ["last_hidden_state"] + [f"hidden_state_{i}" for i in range(1, layers + 1)]
    torch.onnx.export(Wav2Vec2HiddenStates(model).eval(), torch.randn(1, 16000), path, input_names=["waveform"],
                      output_names=names,
                      dynamic_axes={"waveform": {0: "batch", 1: "samples"}, **{n: {0: "batch", 1: "frames"} for n in names}},
                      opset_version=17)


# ---- The narrowed architectures. ----

class NarrowResNet(torchvision.models.resnet.ResNet):
    """torchvision's ResNet with every stage's width divided by `narrow` (the stem keeps 64 channels)."""

    def __init__(self, narrow, *args, **kwargs):
        self.narrow = narrow
        super().__init__(*args, **kwargs)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        return super()._make_layer(block, planes // self.narrow, blocks, stride, dilate)


def resnet50_narrow():
    torch.manual_seed(50)
    model = NarrowResNet(8, torchvision.models.resnet.Bottleneck, [3, 4, 6, 3])
    model.fc = torch.nn.Identity()
    # Batch-norm statistics from seeded noise, so activations stay of order 1 through 16 blocks.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(4):
            model(torch.randn(8, 3, 224, 224))
    return model.eval()


def vit_b32_narrow():
    torch.manual_seed(32)
    return torchvision.models.VisionTransformer(image_size=224, patch_size=32, num_layers=6, num_heads=4,
                                                hidden_dim=64, mlp_dim=128).eval()


def audio_narrow(seed, **config):
    torch.manual_seed(seed)
    convs = [(64, 10, 5)] + [(64, 3, 2)] * 4 + [(64, 2, 2)] * 2  # wav2vec 2.0's strides: 400-sample field, 320 hop
    return torchaudio.models.wav2vec2_model(
        extractor_conv_layer_config=convs, encoder_embed_dim=64, encoder_projection_dropout=0.0,
        encoder_pos_conv_kernel=128, encoder_pos_conv_groups=16, encoder_num_layers=4, encoder_num_heads=4,
        encoder_attention_dropout=0.0, encoder_ff_interm_features=128, encoder_ff_interm_dropout=0.0,
        encoder_dropout=0.0, encoder_layer_drop=0.0, aux_num_out=None, **config).eval()


def wav2vec2_narrow():
    return audio_narrow(2, extractor_mode="group_norm", extractor_conv_bias=False, encoder_layer_norm_first=False)


def hubert_narrow():
    return audio_narrow(3, extractor_mode="layer_norm", extractor_conv_bias=False, encoder_layer_norm_first=True)


# ---- Meiju's input chain. ----

def ffmpeg_frames(path):
    """Sampled RGB24 frames as Meiju.Media decodes them: [(H, W, 3) uint8]."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "V:0", "-show_entries", "stream=width,height",
                            "-of", "csv=p=0", path], check=True, capture_output=True, text=True).stdout
    width, height = (int(v) for v in probe.strip().split(",")[:2])
    scale = min(1.0, MAX_SIDE / max(width, height))
    out_w, out_h = (max(2, round_even(side * scale)) for side in (width, height))
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-i", path,
            "-map", "0:V:0", "-an", "-sn", "-dn",
            "-vf", f"select=not(mod(n\\,{EVERY_NTH})),scale={out_w}:{out_h}:flags=area", "-fps_mode", "vfr",
            "-frames:v", str(MAX_FRAMES), "-pix_fmt", "rgb24", "-f", "rawvideo", "-"]
    raw = subprocess.run(args, check=True, capture_output=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, out_h, out_w, 3)
    return list(frames)


def round_even(v):
    """FrameSampling.OutputSize: round(v / 2) * 2 with .NET's halves-to-even."""
    return int(round(v / 2)) * 2


def ffmpeg_audio(path):
    """Mono float32 16 kHz samples as Meiju.Media decodes them."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-i", path,
            "-map", "0:a:0", "-vn", "-sn", "-dn", "-t", str(MAX_SECONDS), "-af", "aresample=resampler=soxr",
            "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(args, check=True, capture_output=True).stdout, np.float32).copy()


def crop_window(width, height, short_side, dst_w, dst_h):
    """ImageSampler.CropWindow: torchvision's Resize(short_side) + CenterCrop geometry in source pixels."""
    shortest, longest = (width, height) if width <= height else (height, width)
    scaled_long = int(short_side * longest // shortest)
    resized_w, resized_h = (short_side, scaled_long) if width <= height else (scaled_long, short_side)
    left = round((resized_w - dst_w) / 2.0)  # Python rounds halves to even, as Math.Round(ToEven)
    top = round((resized_h - dst_h) / 2.0)
    sx, sy = width / resized_w, height / resized_h
    return left * sx, top * sy, sx, sy


def fit_window(width, height, dst_w, dst_h, center_crop):
    crop_x, crop_y, crop_w, crop_h = 0.0, 0.0, float(width), float(height)
    if center_crop:
        scale = max(dst_w / width, dst_h / height)
        crop_w, crop_h = dst_w / scale, dst_h / scale
        crop_x, crop_y = (width - crop_w) / 2, (height - crop_h) / 2
    return crop_x, crop_y, crop_w / dst_w, crop_h / dst_h


def meiju_resize(image, dst_w, dst_h, center_crop=False, short_side=0):
    """A numpy port of Meiju.Features.Imaging.ImageSampler.Resize: bilinear, pixel-centre aligned (as OpenCV's
    INTER_LINEAR and torchvision's antialias=False), positions in float64, interpolation in float32 in the same
    order of operations. Returns (dst_h, dst_w, C) float32 in 0-255."""
    height, width = image.shape[:2]
    if center_crop and short_side > 0:
        crop_x, crop_y, sx, sy = crop_window(width, height, short_side, dst_w, dst_h)
    else:
        crop_x, crop_y, sx, sy = fit_window(width, height, dst_w, dst_h, center_crop)
    fx = np.clip(crop_x + ((np.arange(dst_w) + 0.5) * sx) - 0.5, 0, width - 1)
    fy = np.clip(crop_y + ((np.arange(dst_h) + 0.5) * sy) - 0.5, 0, height - 1)
    x0, y0 = fx.astype(np.int64), fy.astype(np.int64)
    x1, y1 = np.minimum(x0 + 1, width - 1), np.minimum(y0 + 1, height - 1)
    wx = (fx - x0).astype(np.float32)[None, :, None]
    wy = (fy - y0).astype(np.float32)[:, None, None]
    img = image.astype(np.float32)
    p00, p01 = img[y0][:, x0], img[y0][:, x1]
    p10, p11 = img[y1][:, x0], img[y1][:, x1]
    top = p00 + ((p01 - p00) * wx)
    bottom = p10 + ((p11 - p10) * wx)
    return top + ((bottom - top) * wy)


def image_input(frames, image):
    """The [N, 3, H, W] batch OnnxImageExtractor builds for the manifest's `image` settings (rgb, nchw)."""
    scale = np.float32(image["scale"])
    mean, std = np.float32(image["mean"]), np.float32(image["std"])
    batch = []
    for frame in frames:
        resized = meiju_resize(frame, image["width"], image["height"], image["resize"] == "center_crop",
                               image.get("shortSide", 0))
        batch.append((((resized * scale) - mean) / std).transpose(2, 0, 1))
    return torch.from_numpy(np.ascontiguousarray(np.stack(batch), dtype=np.float32))


def audio_chunks(samples, audio):
    """OnnxAudioExtractor's chunks, normalised per chunk when the manifest says so."""
    chunk = int(audio["chunkSeconds"] * audio["sampleRate"])
    start = 0
    while start < len(samples):
        length = min(chunk, len(samples) - start)
        if len(samples) - (start + length) < MIN_CHUNK:
            length = len(samples) - start
        piece = samples[start:start + length].astype(np.float64)
        if audio["normalize"]:
            piece = (piece - piece.mean()) / np.sqrt(piece.var() + 1e-7)
        yield torch.from_numpy(piece.astype(np.float32))[None, :]
        start += length


# ---- The fixture. ----

def manifest_entries():
    """The test manifest: docs/extractors.md's entries for these exports, with a short chunkSeconds. The summed-layers
    ViT entry takes CLIP's preprocessing block (centre crop to fit, CLIP mean/std) so both crops are proven."""
    resnet_image = {"source": "frames", "width": 224, "height": 224, "resize": "center_crop", "shortSide": 232,
                    "scale": 0.00392157, "mean": IMAGENET_MEAN, "std": IMAGENET_STD, "channelOrder": "rgb", "layout": "nchw"}
    vit_image = {**resnet_image, "shortSide": 256}  # torchvision's ViT_B_32 weights: Resize(256) + CenterCrop(224)
    clip_image = {"source": "frames", "width": 224, "height": 224, "resize": "center_crop",
                  "scale": 0.00392157, "mean": CLIP_MEAN, "std": CLIP_STD, "channelOrder": "rgb", "layout": "nchw"}
    last4 = [f"hidden_state_{i}" for i in range(1, 5)]
    return [
        {"name": "resnet50", "kind": "image", "file": "resnet50.onnx", "inputs": {"pixels": "pixels"},
         "output": "features", "outputDim": 256, "batchSize": 4, "image": resnet_image},
        {"name": "vit_b32", "kind": "image", "file": "vit_b32.onnx", "inputs": {"pixels": "pixels"},
         "output": "cls", "outputDim": 64, "batchSize": 4, "image": vit_image},
        {"name": "vit_b32_last4_mean", "kind": "image", "file": "vit_b32.onnx", "inputs": {"pixels": "pixels"},
         "outputs": [f"hidden_state_{i}" for i in range(3, 7)], "combine": "sum", "pooling": "mean",
         "outputDim": 64, "batchSize": 4, "image": clip_image},
        {"name": "wav2vec2", "kind": "audio", "file": "wav2vec2.onnx", "inputs": {"waveform": "waveform"},
         "output": "last_hidden_state", "outputDim": 64, "pooling": "none",
         "audio": {"sampleRate": SAMPLE_RATE, "normalize": False, "chunkSeconds": CHUNK_SECONDS}},
        {"name": "wav2vec2_last4", "kind": "audio", "file": "wav2vec2.onnx", "inputs": {"waveform": "waveform"},
         "outputs": last4, "combine": "sum", "outputDim": 64, "pooling": "none",
         "audio": {"sampleRate": SAMPLE_RATE, "normalize": False, "chunkSeconds": CHUNK_SECONDS}},
        {"name": "hubert", "kind": "audio", "file": "hubert.onnx", "inputs": {"waveform": "waveform"},
         "output": "last_hidden_state", "outputDim": 64, "pooling": "none",
         "audio": {"sampleRate": SAMPLE_RATE, "normalize": True, "chunkSeconds": CHUNK_SECONDS}},
    ]


def image_reference(model, entry, frames):
    with torch.no_grad():
        out = VitHiddenStates(model)(image_input(frames, entry["image"])) if isinstance(model, torchvision.models.VisionTransformer) \
            else (model(image_input(frames, entry["image"])),)
    if "outputs" in entry:
        names = ["cls", "last_hidden_state"] + [f"hidden_state_{i}" for i in range(1, len(out) - 1)]
        combined = sum(out[names.index(n)] for n in entry["outputs"])
        return combined.mean(dim=1).numpy()  # pooling mean over the 50 tokens
    return out[0].numpy()


def audio_reference(model, entry, samples):
    wrapper = Wav2Vec2HiddenStates(model).eval()
    rows = []
    with torch.no_grad():
        for chunk in audio_chunks(samples, entry["audio"]):
            out = wrapper(chunk)
            if "outputs" in entry:
                names = ["last_hidden_state"] + [f"hidden_state_{i}" for i in range(1, len(out))]
                rows.append(sum(out[names.index(n)] for n in entry["outputs"])[0])
            else:
                rows.append(out[0][0])
    return torch.cat(rows).numpy()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clips", default=CLIPS, help="folder of the CREMA-D FLV clips")
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    models = {"resnet50": resnet50_narrow(), "vit_b32": vit_b32_narrow(),
              "wav2vec2": wav2vec2_narrow(), "hubert": hubert_narrow()}
    export_image_model(models["resnet50"], os.path.join(args.out, "resnet50.onnx"))
    export_vit(models["vit_b32"], os.path.join(args.out, "vit_b32.onnx"))
    export_wav2vec2(models["wav2vec2"], os.path.join(args.out, "wav2vec2.onnx"))
    export_wav2vec2(models["hubert"], os.path.join(args.out, "hubert.onnx"))

    entries = manifest_entries()
    manifest = {"models": entries}
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        f.write("// Written by tests/fixtures-src/make_encoder_fixtures.py: the docs/extractors.md entries for the narrowed\n")
        f.write("// exports in this folder, with chunkSeconds 0.75 so each CREMA-D clip is cut into several chunks.\n")
        json.dump(manifest, f, indent=2)
        f.write("\n")

    clips = sorted(p for p in os.listdir(args.clips) if p.endswith(".flv"))
    if not clips:
        sys.exit(f"no .flv clips in {args.clips}")
    summary = {}
    for clip in clips:
        path = os.path.join(args.clips, clip)
        frames, samples = ffmpeg_frames(path), ffmpeg_audio(path)
        for entry in entries:
            model = models[os.path.splitext(entry["file"])[0]]
            ref = image_reference(model, entry, frames) if entry["kind"] == "image" else audio_reference(model, entry, samples)
            folder = os.path.join(args.out, "reference", entry["name"])
            os.makedirs(folder, exist_ok=True)
            np.save(os.path.join(folder, os.path.splitext(clip)[0] + ".npy"), ref.astype(np.float32))
            s = summary.setdefault(entry["name"], {"rows": 0, "max_abs": 0.0})
            s["rows"] += ref.shape[0]
            s["max_abs"] = max(s["max_abs"], float(np.abs(ref).max()))
        print(f"{clip}: {len(frames)} frames, {len(samples)} samples", file=sys.stderr)
    for name, s in summary.items():
        print(f"{name}: {s['rows']} rows over {len(clips)} clips, max |value| {s['max_abs']:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
