"""The presence stage's Result cut, measured on our own text that no model trained on (measuring only).

The presence model judges the Result absent when its probability of being present is under a
cut (0.5: checked on the training folds in session 3, kept after session 18's rule 1). On the
folds the two errors balance; on our text outside training (the withheld corpus batches, the
answer endings) the model keeps far fewer Results than it names removed ones. This prints, for each cut on a fixed grid,
on the five withheld batches (``models/corpus/withheld``):

- K: complete answers (all four parts in gold) still credited with a Result;
- N: Result-less texts reported missing the Result: every Result-removed copy
  (``train.augment(rows, ("no_result",))``) and the batches' own answers without a Result;
- P = (K + N) / 2,

and the cut that session 18's rule picks: the best P, and among cuts within 0.002 of it the one
nearest 0.5 (``benchmarks/RESULTS.md``, section 1). It also prints the presence stage's ranking on
the same text: the ROC AUC of its probability that a Result is present, complete answers against
their own Result-removed copies.

With ``--test-dir DIR`` (such as ``models/corpus/sealed``; open it only under a rule written
first) it then prints K, N and P on that folder's answers at the chosen cut and at 0.50: the cut is
chosen on the withheld batches only.

Usage:
    python benchmarks/result_cut.py [--model-dir DIR] [--test-dir DIR]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from withheld_eval import withheld_batches

from star_nlp import Analyzer
from star_nlp.corpus import load_corpus
from star_nlp.features import unit_features
from star_nlp.quantities import extract_quantities
from star_nlp.segmenter import STAR_LABELS, UnitSequenceModel
from star_nlp.train import augment
from star_nlp.units import split_units

GRID: tuple[float, ...] = tuple(round(0.10 + 0.05 * i, 2) for i in range(13))  # 0.10 ... 0.70
TIE: float = 0.002


def calibration_texts(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(complete answers, Result-less texts) of ``rows``: see the module docstring."""
    complete = [str(r["text"]) for r in rows if set(STAR_LABELS) <= {sp["label"] for sp in r["spans"]}]
    resultless = [str(r["text"]) for r in rows if "result" not in {sp["label"] for sp in r["spans"]}]
    resultless += [str(c["text"]) for c in augment(rows, ("no_result",)) if str(c["id"]).endswith("#nores")]
    return complete, resultless


def result_found(analyzer: Analyzer, texts: Sequence[str], cuts: Sequence[float]) -> list[list[bool]]:
    """Per cut, per text: does the segmenter's output hold a Result with that cut (each text parsed once)."""
    model: UnitSequenceModel = analyzer.segmenter
    presence = model.presence_
    saved = getattr(presence, "result_cut", 0.5)
    features = []
    for doc in analyzer.nlp.pipe(texts):
        features.append(unit_features(doc, split_units(doc), amounts=extract_quantities(doc)))
    out = []
    try:
        for cut in cuts:
            presence.result_cut = cut
            out.append(["result" in model.predict(f)[0] for f in features])
    finally:
        presence.result_cut = saved
    return out


def presence_probabilities(analyzer: Analyzer, texts: Sequence[str]) -> list[float]:
    """The presence model's probability that each text holds a Result."""
    model: UnitSequenceModel = analyzer.segmenter
    out = []
    for doc in analyzer.nlp.pipe(texts):
        features = unit_features(doc, split_units(doc), amounts=extract_quantities(doc))
        proba = model.predict_proba(features)
        p = model.presence_.predict_proba(proba, model.decode(proba), model.predict_content_proba(features))
        out.append(float(p[STAR_LABELS.index("result")]))
    return out


def pair_auc(analyzer: Analyzer, rows: Sequence[dict[str, Any]]) -> float:
    """ROC AUC of the presence probability: complete answers of ``rows`` against their Result-removed copies."""
    from sklearn.metrics import roc_auc_score

    complete = [r for r in rows if set(STAR_LABELS) <= {sp["label"] for sp in r["spans"]}]
    copies = [c for c in augment(complete, ("no_result",)) if str(c["id"]).endswith("#nores")]
    scores = presence_probabilities(analyzer, [str(r["text"]) for r in complete + copies])
    return float(roc_auc_score([1] * len(complete) + [0] * len(copies), scores))


def choose_cut(scores: dict[float, float], tie: float = TIE) -> float:
    """The cut with the best score; among those within ``tie`` of it, the one nearest 0.5.

    Example:
        >>> choose_cut({0.3: 0.90, 0.4: 0.899, 0.5: 0.85})
        0.4
    """
    best = max(scores.values())
    return min((c for c, s in scores.items() if s >= best - tie), key=lambda c: (abs(c - 0.5), c))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", default=None, help="a trusted folder of trained artifacts (default: the shipped model)")
    ap.add_argument("--test-dir", type=Path, default=None, help="a corpus folder scored at the chosen cut after it is chosen")
    a = ap.parse_args()
    analyzer = Analyzer(model_dir=a.model_dir, trust_model_dir=a.model_dir is not None)
    rows = [r for batch in withheld_batches().values() for r in batch]
    complete, resultless = calibration_texts(rows)
    kept = result_found(analyzer, complete, GRID)
    found = result_found(analyzer, resultless, GRID)
    print(f"withheld batches: {len(rows)} answers; {len(complete)} complete, {len(resultless)} Result-less texts; model: {a.model_dir or 'shipped'}")
    print(f"{'cut':>5s} {'K kept':>8s} {'N named':>8s} {'P':>7s}")
    scores = {}
    for cut, k, f in zip(GRID, kept, found):
        kr, nr = sum(k) / len(k), 1 - sum(f) / len(f)
        scores[cut] = (kr + nr) / 2
        print(f"{cut:5.2f} {kr:8.4f} {nr:8.4f} {scores[cut]:7.4f}")
    chosen = choose_cut(scores)
    print(f"chosen cut {chosen:.2f}: P {scores[chosen]:.4f} against {scores[0.5]:.4f} at 0.50 ({scores[chosen] - scores[0.5]:+.4f})")
    print(f"presence AUC, complete answers against their Result-removed copies: {pair_auc(analyzer, rows):.4f}")
    if a.test_dir is not None:
        test = load_corpus(a.test_dir)
        complete, resultless = calibration_texts(test)
        cuts = sorted({chosen, 0.5})
        kept, found = result_found(analyzer, complete, cuts), result_found(analyzer, resultless, cuts)
        print(f"{a.test_dir}: {len(test)} answers; {len(complete)} complete, {len(resultless)} Result-less texts")
        for cut, k, f in zip(cuts, kept, found):
            kr, nr = sum(k) / len(k), 1 - sum(f) / len(f)
            print(f"  cut {cut:.2f}: K {kr:.4f} N {nr:.4f} P {(kr + nr) / 2:.4f}")
        print(f"  presence AUC, complete answers against their Result-removed copies: {pair_auc(analyzer, test):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
