"""The answer endings of ``models/endings`` as labeller training rows (measuring only).

Each ending, written and as a transcript, joins every fold's labeller training: its step and
step-effect units as Action, its outcome units as Result. Its setup units are left out of the
training rows, because they are Situation or Task and the endings do not tell which. The transition,
start, stop and prior counts stay those of the corpus answers alone, so the endings teach what a
unit says, not how answers run. The position-free classifier trains on the same rows. The
out-of-fold output comes from the training command's answer folds (no ending is ever scored), and
the presence stage (the shipped trees) is cross-validated on it at presence seeds 14-16, as in
``benchmarks/presence_screen.py``. That screen's ``trees`` row is the baseline. The rows and the
fit are the training command's (``star_nlp.train.ending_units``, ``UnitSequenceModel.fit(extra=...)``).

Usage:
    python benchmarks/endings_labeller_screen.py [--cache FILE] [--endings DIR] [--auc]
"""

from __future__ import annotations

import argparse

import joblib

import star_nlp.train as train
from mlp_screen import LABELLER, print_cv  # benchmarks/ is the script's folder
from star_nlp.corpus import load_endings
from star_nlp.pipeline import load_pipeline


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[14, 15, 16])
    ap.add_argument("--cache", default="/tmp/s14/oof.joblib", help="presence_screen's cache of the parsed corpus")
    ap.add_argument("--endings", default=None, help="endings folder (default: models/endings)")
    ap.add_argument("--auc", action="store_true", help="also print the presence stage's AUC at each seed")
    a = ap.parse_args()
    data, _ = joblib.load(a.cache)
    rows = load_endings(a.endings)
    extra = train.ending_units(train.build_unit_dataset(rows + train.augment(rows, ("transcript",)), load_pipeline()))
    print(f"endings: {len(extra[1])} documents, {sum(map(len, extra[1]))} units "
          f"({sum(lab == 'result' for doc in extra[1] for lab in doc)} Result) join each fold's labeller training", flush=True)
    oof = train._oof_probas(data, LABELLER, 5, extra)
    print_cv(data, oof, a.presence_seeds, a.auc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
