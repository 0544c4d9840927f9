#!/usr/bin/python3
"""Writes tests/Meiju.Core.Tests/Fixtures/mceiu-mini.h5, a tiny file in the MC-EIU feature layout, and
mceiu-mini.expected.json with the values h5py wrote, so the C# reader is checked against an independent writer.

Layout: groups A/, V/, L/ with one [T, D] dataset per utterance; Dia_Index/ and Speaker/ with one scalar per
utterance. A is gzip-compressed float32, V chunked float32, L float16 (as feature dumps often are).

Run with Debian's python (apt: python3-h5py python3-numpy):  /usr/bin/python3 tests/fixtures-src/make_mceiu_h5.py
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Meiju.Core.Tests", "Fixtures")
rng = np.random.default_rng(20250211)

utterances = [f"Training_{i:05d}" for i in range(1, 6)]
dims = {"A": 16, "V": 8, "L": 12}
frames = {u: {"A": 3 + i, "V": 2 + i, "L": 4 + i} for i, u in enumerate(utterances)}
expected = {"utterances": utterances, "dims": dims, "data": {}, "dia_index": {}, "speaker": {}}

os.makedirs(OUT, exist_ok=True)
path = os.path.join(OUT, "mceiu-mini.h5")
with h5py.File(path, "w") as f:
    groups = {m: f.create_group(m) for m in dims}
    dia = f.create_group("Dia_Index")
    spk = f.create_group("Speaker")
    for i, u in enumerate(utterances):
        for m, d in dims.items():
            x = rng.standard_normal((frames[u][m], d))
            if m == "A":
                x = x.astype(np.float32)
                groups[m].create_dataset(u, data=x, compression="gzip", compression_opts=4)
            elif m == "V":
                x = x.astype(np.float32)
                groups[m].create_dataset(u, data=x, chunks=(1, d))
            else:
                x = x.astype(np.float16)
                groups[m].create_dataset(u, data=x)
            expected["data"][f"{m}/{u}"] = {
                "shape": list(x.shape),
                "values": [float(v) for v in x.astype(np.float32).ravel()],
            }
        dia.create_dataset(u, data=np.int64(i // 2))
        spk.create_dataset(u, data="A" if i % 2 == 0 else "B")
        expected["dia_index"][u] = i // 2
        expected["speaker"][u] = "A" if i % 2 == 0 else "B"

with open(os.path.join(OUT, "mceiu-mini.expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print(path, os.path.getsize(path), "bytes")
