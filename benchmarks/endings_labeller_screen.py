"""The answer endings of ``models/endings`` as labeller training rows (measuring only).

Each ending, written and as a transcript, joins every fold's labeller training: its step and
step-effect units as Action, its outcome units as Result. Its setup units are left out of the
training rows, because they are Situation or Task and the endings do not tell which. The transition,
start, stop and prior counts stay those of the corpus answers alone, so the endings teach what a
unit says, not how answers run. The position-free classifier trains on the same rows. The
out-of-fold output comes from the training command's answer folds (no ending is ever scored), and
the presence stage (the shipped trees) is cross-validated on it at presence seeds 14-16, as in
``benchmarks/presence_screen.py``. That screen's ``trees`` row is the baseline.

Usage:
    python benchmarks/endings_labeller_screen.py [--cache FILE]
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Sequence
from typing import Any

import joblib

import star_nlp.train as train
from mlp_screen import LABELLER, oof_probas, print_cv  # benchmarks/ is the script's folder
from presence_screen import endings_data
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import UnitSequenceModel


def ending_rows(docs: Sequence[dict[str, Any]]) -> tuple[list[list[dict[str, float]]], list[list[str]]]:
    """The endings' unit features and labels without their setup units (labelled ``situation`` by ``presence_screen.ending_row``)."""
    features, labels = [], []
    for d in docs:
        keep = [i for i, lab in enumerate(d["labels"]) if lab != "situation"]
        if keep:
            features.append([d["features"][i] for i in keep])
            labels.append([d["labels"][i] for i in keep])
    return features, labels


class EndingsSequenceModel(UnitSequenceModel):
    """The shipped labeller, its classifiers also trained on ``extra`` rows, its chain counted on the answers alone."""

    def __init__(self, *, extra: tuple[list[list[dict[str, float]]], list[list[str]]], **kw: Any) -> None:
        super().__init__(**kw)
        self.extra = extra

    def fit(self, features: Sequence[Sequence[dict[str, float]]], labels: Sequence[Sequence[str]]) -> UnitSequenceModel:
        super().fit(list(features) + self.extra[0], list(labels) + self.extra[1])
        return self.fit_chain(labels)  # the chain counted over the answers only


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[14, 15, 16])
    ap.add_argument("--cache", default="/tmp/s14/oof.joblib", help="presence_screen's cache of the parsed corpus")
    a = ap.parse_args()
    data, _ = joblib.load(a.cache)
    extra = ending_rows(endings_data(load_pipeline()))
    print(f"endings: {len(extra[1])} documents, {sum(map(len, extra[1]))} units "
          f"({sum(lab == 'result' for doc in extra[1] for lab in doc)} Result) join each fold's labeller training", flush=True)
    oof = oof_probas(data, functools.partial(EndingsSequenceModel, extra=extra, seed=train.SEED, **LABELLER))
    print_cv(data, oof, a.presence_seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
