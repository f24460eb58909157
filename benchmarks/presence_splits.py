"""Presence averaged over labeller fold splits, on withheld text (measuring only; RESULTS session 21).

The tree presence model is fitted on the labeller's out-of-fold output of one 5-fold split of our
answers (seed 13), and magnifies small changes of its inputs (session 20). This fits the same trees
on the out-of-fold output of other splits (``--seeds``; same labeller parameters, same folds
otherwise) and scores, on the withheld groups of ``withheld_transfer.py`` and pooled:

- ``single``: the labeller and presence model of a training command's folder (``--model DIR``;
  default the shipped artifact);
- ``avg``: the same labeller with the mean of the presence probabilities of its own presence model
  and of the trees of every other split.

Figures are ``withheld_transfer.evaluate``'s (K, N, P, AUC, macro-F1, absorbed), then the pinned
readings. ``--sealed`` also scores ``models/corpus/sealed`` (open it only under a rule written
first). Every fit runs on one native thread (:func:`star_nlp.train.one_thread`), so the output does
not depend on the machine's core count.

Usage:
    python benchmarks/presence_splits.py [--model DIR] [--cache FILE] [--seeds 14 15] [--sealed]

``--cache`` is ``withheld_transfer.py``'s file of the parsed corpus (rebuilt when missing).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.pipeline import load_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from withheld_transfer import GROUPS, batch_of, corpus_data, evaluate, fit_presence, oof_probas, parsed_folder, pinned_readings  # noqa: E402


class MeanPresence:
    """The mean of several presence models' probabilities (the first one's cut and ensured parts)."""

    def __init__(self, members: Sequence[Any]) -> None:
        self.members = list(members)
        self.result_cut = getattr(self.members[0], "result_cut", 0.5)
        self.ensured = getattr(self.members[0], "ensured", ())

    def predict_proba(self, proba: np.ndarray, path: Sequence[int], content: np.ndarray) -> np.ndarray:
        return np.mean([m.predict_proba(proba, path, content) for m in self.members], axis=0)


@train.one_thread
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None, help="a folder written by python -m star_nlp.train --out DIR (default: the shipped artifact)")
    ap.add_argument("--cache", type=Path, default=None, help="withheld_transfer.py's cache of the parsed corpus")
    ap.add_argument("--seeds", type=int, nargs="+", default=[14, 15], help="the other fold splits' seeds")
    ap.add_argument("--sealed", action="store_true", help="also score models/corpus/sealed")
    a = ap.parse_args()
    nlp = load_pipeline()
    model = (load_artifact("segmenter.joblib") if a.model is None else load_artifact("segmenter.joblib", a.model, trusted=True))["model"]
    single = model.presence_
    data = corpus_data(a.cache, nlp)
    members: list[Any] = [single]
    for seed in a.seeds:
        oof = oof_probas("plain", data, seed=seed)
        members.append(fit_presence(data, oof).compact())
        print(f"presence trees fitted on the out-of-fold output of split {seed}", flush=True)
    avg = MeanPresence(members)
    withheld = parsed_folder("withheld", nlp)
    scopes = {name: [d for d in withheld if batch_of(d) in members_] for name, members_ in GROUPS.items()}
    scopes["pooled"] = [d for d in withheld if batch_of(d) in set().union(*GROUPS.values())]
    if a.sealed:
        scopes["sealed"] = parsed_folder("sealed", nlp)
    for name, docs in scopes.items():
        for label, presence in (("single", single), ("avg", avg)):
            print(label, name, evaluate(model, presence, docs), flush=True)
    for label, presence in (("single", single), ("avg", avg)):
        print(label, "pinned readings:", flush=True)
        model.presence_ = presence
        pinned_readings(model, nlp)
    model.presence_ = single
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
