#!/usr/bin/python3
"""Writes tests/Meiju.Core.Tests/Fixtures/metrics.json: classification metrics computed by scikit-learn.

Independent reference values for the C# metrics (Meiju.Metrics). Run with Debian's python3 (python3-numpy,
python3-sklearn), never at run time:

    /usr/bin/python3 tests/fixtures-src/make_metric_fixtures.py

The output is deterministic (fixed seed); commit it. Each case records the inputs (integer class labels, an
optional `labels` list) and what sklearn returns with its defaults (zero_division="warn", i.e. 0).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support)

warnings.simplefilter("ignore", UndefinedMetricWarning)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Meiju.Core.Tests", "Fixtures", "metrics.json")


def fl(x):
    return [float(v) for v in x]


def case(name, y_true, y_pred, labels=None):
    y_true = [int(v) for v in y_true]
    y_pred = [int(v) for v in y_pred]
    kw = {} if labels is None else {"labels": [int(v) for v in labels]}
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, average=None, **kw)
    if labels is None:
        order = sorted(set(y_true) | set(y_pred))
    else:
        order = [int(v) for v in labels]
    averages = {}
    for avg in ("micro", "macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(y_true, y_pred, average=avg, **kw)
        assert abs(af - f1_score(y_true, y_pred, average=avg, **kw)) < 1e-12
        averages[avg] = {"precision": float(ap), "recall": float(ar), "f1": float(af)}
    try:
        cm = confusion_matrix(y_true, y_pred, **kw).tolist()
        cm_error = None
    except ValueError as e:  # sklearn refuses a label list none of whose labels is in y_true
        cm, cm_error = None, str(e)
    return {
        "name": name,
        "y_true": y_true,
        "y_pred": y_pred,
        "labels": None if labels is None else [int(v) for v in labels],
        "order": order,
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "precision": fl(p),
        "recall": fl(r),
        "f1": fl(f),
        "support": [int(v) for v in s],
        "averages": averages,
        "confusion": cm,
        "confusion_error": cm_error,
    }


def main():
    rng = np.random.default_rng(20250101)
    cases = []
    # Random cases of several sizes; predictions are right with probability `acc`, else uniform.
    for n, k, acc in [(5, 3, 0.5), (20, 4, 0.4), (100, 7, 0.5), (500, 8, 0.3), (2000, 7, 0.6), (10000, 8, 0.45)]:
        y_true = rng.integers(0, k, n)
        wrong = rng.integers(0, k, n)
        y_pred = np.where(rng.random(n) < acc, y_true, wrong)
        cases.append(case(f"random n={n} k={k}", y_true, y_pred))
        cases.append(case(f"random n={n} k={k} full labels", y_true, y_pred, labels=list(range(k))))
    # Imbalanced cases: one dominant class (like MEIJU Track 2's neutral), a classifier biased towards it.
    for n, k, p_major in [(300, 7, 0.5), (3000, 8, 0.7), (1000, 7, 0.9)]:
        probs = np.full(k, (1 - p_major) / (k - 1))
        probs[k - 1] = p_major
        y_true = rng.choice(k, n, p=probs)
        y_pred = np.where(rng.random(n) < 0.5, y_true, np.where(rng.random(n) < 0.7, k - 1, rng.integers(0, k, n)))
        cases.append(case(f"imbalanced n={n} k={k} major={p_major}", y_true, y_pred))
    # Majority-class predictor: every other class is never predicted.
    y_true = rng.choice(7, 400, p=[0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.7])
    cases.append(case("majority predictor", y_true, np.full(400, 6)))
    cases.append(case("majority predictor full labels", y_true, np.full(400, 6), labels=list(range(7))))
    # Edge cases.
    cases.append(case("class never predicted", [0, 1, 2, 2, 1, 0, 2], [0, 0, 2, 2, 0, 0, 1]))
    cases.append(case("class only predicted (absent from y_true)", [0, 0, 1, 1, 1], [0, 2, 1, 1, 2]))
    cases.append(case("label list class absent from data", [0, 1, 1, 0], [0, 1, 0, 0], labels=[0, 1, 2, 3]))
    cases.append(case("data class absent from label list", [0, 1, 2, 2, 1, 0], [0, 2, 2, 1, 1, 0], labels=[0, 1]))
    cases.append(case("label list in custom order", [3, 1, 2, 2, 1, 3], [3, 2, 2, 1, 1, 1], labels=[3, 1, 2]))
    cases.append(case("label list none in y_true", [0, 0, 1], [2, 0, 1], labels=[2, 3]))
    cases.append(case("single sample right", [4], [4]))
    cases.append(case("single sample wrong", [4], [2]))
    cases.append(case("single sample full labels", [4], [2], labels=list(range(7))))
    cases.append(case("all correct", [0, 1, 2, 3, 4, 5, 6, 6, 6], [0, 1, 2, 3, 4, 5, 6, 6, 6]))
    cases.append(case("all wrong", [0, 1, 2, 0, 1, 2], [1, 2, 0, 2, 0, 1]))
    cases.append(case("one class everywhere", [5, 5, 5], [5, 5, 5]))
    # Subset micro-F1, the DailyDialog emotion convention: f1_score(labels=[1..6], average='micro') with class 0
    # ('no emotion', 83% of the data) left out of the score but not out of the data.
    probs = np.array([0.83, 0.01, 0.004, 0.002, 0.13, 0.011, 0.018])
    probs = probs / probs.sum()
    y_true = rng.choice(7, 3000, p=probs)
    y_pred = np.where(rng.random(3000) < 0.6, y_true, np.where(rng.random(3000) < 0.7, 0, rng.integers(0, 7, 3000)))
    cases.append(case("subset micro dailydialog labels 1-6", y_true, y_pred, labels=[1, 2, 3, 4, 5, 6]))
    cases.append(case("subset micro all predicted excluded", y_true, np.zeros(3000, dtype=int), labels=[1, 2, 3, 4, 5, 6]))
    cases.append(case("subset micro neutral last labels 0-5", [6, 6, 0, 1, 2, 6, 4, 5, 3, 6], [6, 0, 0, 6, 2, 1, 4, 6, 3, 6], labels=[0, 1, 2, 3, 4, 5]))

    jrbm = []
    for e, i in [(0.0, 0.0), (1.0, 1.0), (0.5342, 0.5412), (0.3, 0.7), (0.0, 0.9)]:
        jrbm.append({"e": e, "i": i, "jrbm": 2 * e * i / (e + i + 1e-6)})

    doc = {
        "generator": "tests/fixtures-src/make_metric_fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "cases": cases,
        "jrbm": jrbm,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as fh:
        json.dump(doc, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)} (sklearn {sklearn.__version__})")


if __name__ == "__main__":
    main()
