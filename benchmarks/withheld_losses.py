"""Where the open withheld groups' answers lose their parts (measuring only).

For every answer in ``models/corpus/withheld/`` (groups I, J and K, open since rules 17, 22 and 23 read them),
counts, by what the answer holds (all four parts; no Result; anything else): whether the sequence
decoding found a Result, whether the presence model then withdrew it, whether the final reading
has a Result, and which parts ``Analyzer().analyze(text).missing`` names for the complete answers.

Usage:
    python benchmarks/withheld_losses.py [--model DIR]   (about two minutes)
"""

from __future__ import annotations

import argparse
from collections import Counter

from star_nlp import Analyzer
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import STAR_LABELS, default_corpus_dir, load_corpus
from star_nlp.features import unit_features
from star_nlp.pipeline import load_pipeline
from star_nlp.units import split_units


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="an artifact folder (default: the shipped one)")
    a = ap.parse_args()
    model = load_artifact("segmenter.joblib", a.model, trusted=a.model is not None)["model"]
    nlp = load_pipeline()
    analyzer = Analyzer(nlp, model_dir=a.model, trust_model_dir=a.model is not None)
    result = model.labels_.index("result")
    readings: Counter[tuple[str, ...]] = Counter()
    missing: Counter[tuple[str, ...]] = Counter()
    for row in load_corpus(default_corpus_dir() / "withheld"):
        parts = {s["label"] for s in row["spans"]}
        kind = "complete" if set(STAR_LABELS) <= parts else ("no_result" if "result" not in parts else "other")
        doc = nlp(row["text"])
        features = unit_features(doc, split_units(doc))
        labels, _, withdrawn = model.predict_withdrawn(features)
        decoded = result in model.decode(model.predict_proba(features))
        readings[(kind, "decoded a Result" if decoded else "decoded none", "withdrawn" if withdrawn else "-",
                  "final Result" if "result" in labels else "final none")] += 1
        if kind == "complete":
            missing[tuple(sorted(analyzer.analyze(row["text"]).missing))] += 1
    for key, n in sorted(readings.items()):
        print(f"  {' / '.join(key):60} {n}")
    print("complete answers, parts reported missing:", dict(sorted(missing.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
