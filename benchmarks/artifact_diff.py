"""How far a freshly trained segmenter artifact is from the shipped one (measuring only).

``python -m star_nlp.train --out DIR`` is meant to rebuild the shipped artifact. This compares the
artifact in ``DIR`` with the shipped one (or with the one in ``--base OTHER``): their metadata (parameters, presence family, the
cross-validated figures), and their readings of every withheld answer (``models/corpus/withheld``;
neither model trained on them) and of its Result-removed copy: how many texts and units are
labelled differently, how many texts get other missing parts, and the largest difference between
the two models' unit probabilities and Result presence probabilities.

Usage:
    python benchmarks/artifact_diff.py DIR [--base OTHER]
"""

from __future__ import annotations

import argparse
import json

import numpy as np

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import STAR_LABELS, default_corpus_dir, load_corpus
from star_nlp.pipeline import load_pipeline

META_KEYS = ("params", "presence_family", "corpus_hash", "augmentations", "training_units")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="a folder written by python -m star_nlp.train --out DIR")
    ap.add_argument("--base", default=None, help="another folder of the training command to compare with (default: the shipped artifact)")
    a = ap.parse_args()
    shipped = load_artifact("segmenter.joblib") if a.base is None else load_artifact("segmenter.joblib", a.base, trusted=True)
    fresh = load_artifact("segmenter.joblib", a.dir, trusted=True)
    for key in META_KEYS:
        same = shipped["meta"].get(key) == fresh["meta"].get(key)
        print(f"meta {key}: {'same' if same else 'DIFFERENT'}: {json.dumps(shipped['meta'].get(key))} / {json.dumps(fresh['meta'].get(key))}")
    for key, value in shipped["meta"]["cv"].items():
        other = fresh["meta"]["cv"].get(key)
        if value != other:
            print(f"  cv {key}: {json.dumps(value)} / {json.dumps(other)}")
    held = load_corpus(default_corpus_dir() / "withheld")
    docs = train.build_unit_dataset(held + train.augment(held, ("no_result",)), load_pipeline())
    ms, mf = shipped["model"], fresh["model"]
    result = STAR_LABELS.index("result")
    texts = units = missing = 0
    max_unit = max_presence = 0.0
    for d in docs:
        ls, _, _ = ms.predict_withdrawn(d["features"])
        lf, _, _ = mf.predict_withdrawn(d["features"])
        texts += ls != lf
        units += sum(x != y for x, y in zip(ls, lf))
        missing += {p for p in STAR_LABELS if p not in ls} != {p for p in STAR_LABELS if p not in lf}
        ps, pf = ms.predict_proba(d["features"]), mf.predict_proba(d["features"])
        max_unit = max(max_unit, float(np.abs(ps - pf).max()))
        qs = ms.presence_.predict_proba(ps, ms.decode(ps), ms.predict_content_proba(d["features"]))
        qf = mf.presence_.predict_proba(pf, mf.decode(pf), mf.predict_content_proba(d["features"]))
        max_presence = max(max_presence, abs(float(qs[result]) - float(qf[result])))
    n_units = sum(len(d["labels"]) for d in docs)
    print(f"withheld texts and their Result-removed copies: {len(docs)} texts, {n_units} units")
    print(f"  labelled differently: {texts} texts, {units} units; other missing parts: {missing} texts")
    print(f"  largest difference: unit probability {max_unit:.4f}, Result presence probability {max_presence:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
