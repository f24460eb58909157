"""The position-free classifier's regularisation, chosen by held-out log-loss (measuring only).

The presence model reads the position-free ("content") classifier's probabilities to judge
whether an answer's ending is an outcome or one more step. That classifier used the labeller's
``C`` (0.3) without ever being chosen. This script computes the shipped labeller's out-of-fold
output once (5 folds grouped by answer, the training run's folds), then for each ``content_C``
refits only the content classifier on each fold's training answers and prints: the summed
held-out log-loss of our written answers' unit labels under it (lower is better; the choice), and
the cross-validated figures of the whole system with tree presence (the training run's rank score:
mean of macro-F1, removed Results flagged and complete answers kept whole).

Usage:
    python benchmarks/content_c.py [--grid 0.1 0.3 1 3 10]
"""

from __future__ import annotations

import argparse
import copy
import json
from typing import Any

import numpy as np

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import AUGMENTATIONS, _oof_probas, augment, build_unit_dataset, cross_validate, labeller_score


def content_refit(data: list[dict[str, Any]], oof: dict[str, Any], content_c: float) -> tuple[dict[str, Any], float]:
    """The out-of-fold output with each fold's content classifier refitted at ``content_c``, and the
    summed held-out log-loss of the written answers' unit labels under it."""
    groups = {d["id"]: d["group"] for d in data}
    folds: dict[int, tuple[Any, set[str]]] = {}
    for k, v in oof.items():
        folds.setdefault(id(v[3]), (v[3], set()))[1].add(groups[k])
    refitted = {}
    for key, (model, test) in folds.items():
        new = copy.copy(model)
        new.content_C = content_c
        train = [d for d in data if d["group"] not in test and not str(d["id"]).endswith("#nores")]
        new.fit_content([f for d in train for f in d["features"]], [new.labels_.index(y) for d in train for y in d["labels"]])
        refitted[key] = new
    out, loss = {}, 0.0
    for d in data:
        proba, path, _content, model = oof[d["id"]]
        m = refitted[id(model)]
        content = m.predict_content_proba(d["features"])
        out[d["id"]] = (proba, path, content, m)
        if "#" not in str(d["id"]):
            gold = [m.labels_.index(y) for y in d["labels"]]
            loss -= float(np.log(np.clip(content[np.arange(len(gold)), gold], 1e-12, 1.0)).sum())
    return out, loss


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", nargs="*", type=float, default=[0.1, 0.3, 1.0, 3.0, 10.0])
    a = ap.parse_args()
    params = dict(load_artifact("segmenter.joblib")["meta"]["params"])
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    print(f"{len(rows)} answers, {len(extra)} augmented copies; labeller {json.dumps(params)}", flush=True)
    data = build_unit_dataset(rows + extra, load_pipeline())
    oof = _oof_probas(data, params, 5)
    keys = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result")
    print(f"{'content_C':>9s} {'log-loss':>9s} " + " ".join(f"{k:>22s}" for k in keys) + "    mean", flush=True)
    for c in a.grid:
        new, loss = content_refit(data, oof, c)
        cv = cross_validate(data, params, presence_family="trees", oof=new)
        print(f"{c:9.2f} {loss:9.1f} " + " ".join(f"{cv[k]:22.4f}" for k in keys) + f"  {labeller_score(cv)[0]:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
