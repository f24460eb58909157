"""Which withheld texts two labellers judge differently on the Result (measuring only).

``withheld_transfer.py`` scores a labeller on the withheld batches (``models/corpus/withheld``;
never trained on) with ``K`` (complete answers keeping a Result) and ``N`` (Result-less texts
reported missing it). Two models a few copies apart can differ there by more than the gates ask,
so this lists the texts behind a difference: for each written withheld answer and its
Result-removed copy that enters ``K`` or ``N``, the two models' verdicts (read with
``withheld_transfer.reading``, as ``withheld_transfer.evaluate`` reads them), and for each text judged differently its group,
kind, the presence probability of the Result under each model, and its last unit (with whether
that unit has a verb).

Usage:
    python benchmarks/withheld_flips.py MODEL_A MODEL_B

``MODEL_A`` / ``MODEL_B``: a joblib file saved by ``withheld_transfer.py --save``, or ``shipped``.
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

import joblib

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import STAR_LABELS, default_corpus_dir, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import UnitSequenceModel
from withheld_transfer import GROUPS, batch_of, reading  # benchmarks/ is the script's folder


def load(name: str) -> UnitSequenceModel:
    return load_artifact("segmenter.joblib")["model"] if name == "shipped" else joblib.load(name)


def verdict(model: UnitSequenceModel, d: dict[str, Any]) -> tuple[str, bool, float] | None:
    """(kind, right, Result presence probability) for a text that enters K or N; None otherwise."""
    result = STAR_LABELS.index("result")
    labels, p = reading(model, model.presence_, d)
    gold = set(d["labels"])
    if "#" not in d["id"] and set(STAR_LABELS) <= gold:
        return "complete", "result" in labels, float(p[result])
    if "result" not in gold:
        return "resultless", "result" not in labels, float(p[result])
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_a")
    ap.add_argument("model_b")
    a = ap.parse_args()
    nlp = load_pipeline()
    first, second = load(a.model_a), load(a.model_b)
    held = load_corpus(default_corpus_dir() / "withheld")
    docs = train.build_unit_dataset(held + train.augment(held, ("no_result",)), nlp)
    tally: Counter[tuple[str, str, str]] = Counter()
    for d in docs:
        group = next((g for g, members in GROUPS.items() if batch_of(d) in members), None)
        va, vb = verdict(first, d), verdict(second, d)
        if group is None or va is None or vb is None or va[1] == vb[1]:
            continue
        kind = va[0]
        tally[group, kind, "B right" if vb[1] else "A right"] += 1
        (s, e), last_label = d["offsets"][-1], d["labels"][-1]
        span = nlp(d["text"]).char_span(s, e, alignment_mode="expand")
        verb = span is not None and any(t.pos_ in {"VERB", "AUX"} for t in span)
        print(f"{group} {kind:10s} {d['id']:24s} right: {'B' if vb[1] else 'A'}  p(result) A {va[2]:.3f} B {vb[2]:.3f}  "
              f"last unit (gold {last_label}, {'verb' if verb else 'no verb'}): {d['text'][s:e][:70]!r}")
    print(f"models: A = {a.model_a}, B = {a.model_b}")
    for (group, kind, who), n in sorted(tally.items()):
        print(f"  group {group} {kind:10s} {who}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
