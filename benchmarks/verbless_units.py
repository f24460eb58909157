"""How a labeller reads verbless units (fragments) in the withheld answers (measuring only).

A unit with no verb ("A bonus for the whole desk.", "Daily calls with the three worst shops.") can
be a step or an outcome: the notes register of batch 21 is written in them. This reads the written
withheld answers (``models/corpus/withheld``; no shipped model trained on them) with the shipped
model, or with a model saved by ``withheld_transfer.py --save``, and prints, per gold label, how
many units without a VERB or AUX token the model labels correctly after the presence stage (and,
for comparison, the units with a verb).

Usage:
    python benchmarks/verbless_units.py [--model FILE]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import joblib

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import STAR_LABELS, default_corpus_dir, load_corpus
from star_nlp.pipeline import load_pipeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None, help="a joblib file of withheld_transfer.py --save (default: the shipped model)")
    a = ap.parse_args()
    nlp = load_pipeline()
    model = joblib.load(a.model) if a.model is not None else load_artifact("segmenter.joblib")["model"]
    rows = [r for r in load_corpus(default_corpus_dir() / "withheld") if r.get("style") != "transcript"]
    right: Counter[tuple[str, bool]] = Counter()
    total: Counter[tuple[str, bool]] = Counter()
    for row, d in zip(rows, train.build_unit_dataset(rows, nlp)):
        doc = nlp(d["text"])
        labels, _, _ = model.predict_withdrawn(d["features"])
        for (start, end), gold, got in zip(d["offsets"], d["labels"], labels):
            span = doc.char_span(start, end, alignment_mode="expand")
            verbless = span is not None and not any(t.pos_ in {"VERB", "AUX"} for t in span)
            total[gold, verbless] += 1
            right[gold, verbless] += got == gold
    print(f"{len(rows)} written withheld answers; model {a.model or 'shipped'}")
    for verbless in (True, False):
        for gold in STAR_LABELS:
            n = total[gold, verbless]
            if n:
                print(f"  {'verbless' if verbless else 'with verb'} {gold:9s} {right[gold, verbless]:4d}/{n:<4d} = {right[gold, verbless] / n:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
