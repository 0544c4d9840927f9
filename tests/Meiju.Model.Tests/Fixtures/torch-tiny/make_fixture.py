"""Regenerates this folder with Debian's python3-torch (1.13) and python3-numpy; not used at run time.

Builds a tiny model with the MEIJU baseline's structure out of PyTorch's own modules (nn.LSTM, nn.Conv2d,
nn.TransformerEncoder, nn.MultiheadAttention), saves its state dict as a whole-model .pt, as the baseline's
per-network <epoch>_net_<Name>.pth files and as per-key .npy, and writes inputs and PyTorch's eval outputs.
Run from this folder: python3 make_fixture.py
"""
import collections, os
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(0)
H, DA, DV, DL = 8, 6, 5, 7


def lstm(d):
    m = nn.Module(); m.rnn = nn.LSTM(d, H, batch_first=True); return m


def textcnn(d):
    m = nn.Module()
    m.conv1, m.conv2, m.conv3 = (nn.Conv2d(1, 4, (k, d)) for k in (2, 3, 4))
    m.embd = nn.Sequential(nn.Linear(12, H), nn.ReLU())
    return m


def fusion():
    return nn.TransformerEncoder(nn.TransformerEncoderLayer(H, 2, 16), 1)


def interaction():
    m = nn.Module(); m.inter_attention = nn.MultiheadAttention(H, 1); m.hence_attention = nn.MultiheadAttention(H, 1); return m


def head(c):
    m = nn.Module()
    m.fc_out = nn.Linear(4, c)
    m.module = nn.Sequential(nn.Linear(3 * H, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 4), nn.ReLU(), nn.Dropout(0.2))
    return m


model = nn.Module()
for name, mod in [("EmoA", lstm(DA)), ("IntA", lstm(DA)), ("EmoL", textcnn(DL)), ("IntL", textcnn(DL)),
                  ("EmoV", lstm(DV)), ("IntV", lstm(DV)), ("EmoFusion", fusion()), ("IntFusion", fusion()),
                  ("Emo_Int_interaction", interaction()), ("Int_Emo_interaction", interaction()),
                  ("EmoC", head(7)), ("EmoCF", head(7)), ("IntC", head(8)), ("IntCF", head(8))]:
    setattr(model, "net" + name, mod)
model.eval()

sd = model.state_dict()
torch.save(sd, "model.pt")
os.makedirs("pth", exist_ok=True)
os.makedirs("npy", exist_ok=True)
for name, _ in model.named_children():
    torch.save(getattr(model, name).state_dict(), f"pth/3_net_{name[3:]}.pth")
for k, v in sd.items():
    np.save(f"npy/{k}.npy", v.numpy())

x = {"A": torch.randn(3, 9, DA), "V": torch.randn(3, 6, DV), "L": torch.randn(3, 5, DL)}
for k, v in x.items():
    np.save(f"input_{k}.npy", v.numpy())


def encode(task):
    def lstm_fwd(m, t): return m.rnn(t)[0].max(1).values

    def cnn_fwd(m, t):
        t = t.unsqueeze(1)
        return m.embd(torch.cat([F.relu(c(t).squeeze(3)).max(2).values for c in (m.conv1, m.conv2, m.conv3)], 1))
    g = lambda n: getattr(model, f"net{task}{n}")
    return [lstm_fwd(g("V"), x["V"]), lstm_fwd(g("A"), x["A"]), cnn_fwd(g("L"), x["L"])]


def logits(m, t): return m.fc_out(m.module(t))


def interact(m, q, kv):
    i = m.inter_attention(q, kv, kv)[0]
    h = m.hence_attention(q, i, i)[0]
    r = q + h * torch.sigmoid(i + h)
    return torch.cat([r[j] for j in range(r.shape[0])], 1)


with torch.no_grad():
    feats = {t: encode(t) for t in ("Emo", "Int")}
    fused = {t: getattr(model, f"net{t}Fusion")(torch.stack(feats[t], 0)) for t in ("Emo", "Int")}
    out = {
        "emo_logits_fusion": logits(model.netEmoCF, torch.cat(feats["Emo"], -1)),
        "int_logits_fusion": logits(model.netIntCF, torch.cat(feats["Int"], -1)),
        "emo_logits": logits(model.netEmoC, interact(model.netEmo_Int_interaction, fused["Emo"], fused["Int"])),
        "int_logits": logits(model.netIntC, interact(model.netInt_Emo_interaction, fused["Int"], fused["Emo"])),
    }
for k, v in out.items():
    np.save(f"out_{k}.npy", v.numpy())
print("torch", torch.__version__, "keys", len(sd))
