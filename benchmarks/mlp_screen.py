"""A non-linear unit labeller (one hidden layer) on the shipped labeller's folds (measuring only).

Every labeller family the training command compares is linear in the unit features (logistic
regression, a linear SVM, a linear-chain CRF), so it cannot weigh a feature differently by context:
a figure after "which" in a step against a figure opening a closing sentence. This screen swaps the
shipped labeller's classifier for scikit-learn's ``MLPClassifier`` (ReLU hidden layer, Adam, L2
``alpha``) over the same features and decodes it with the same weights (0.5/0.5). The position-free
classifier that feeds the presence stage stays logistic. The out-of-fold output is made on the
training command's answer folds, and the presence stage (the shipped trees) is cross-validated on
it at presence seeds 14-16, as in ``benchmarks/presence_screen.py``. That screen's ``trees`` row is
the baseline.

Usage:
    python benchmarks/mlp_screen.py [--hidden 64] [--alpha 1e-2] [--epochs 6] [--cache FILE]
"""

from __future__ import annotations

import argparse
import functools
import time
import warnings
from typing import Any

import joblib
import numpy as np

import star_nlp.train as train
from star_nlp.segmenter import UnitSequenceModel

LABELLER = {"family": "logreg", "C": 0.3, "transition_weight": 0.5, "prior_weight": 0.5}


class MlpSequenceModel(UnitSequenceModel):
    """The shipped labeller with a one-hidden-layer network in place of the logistic classifier."""

    def __init__(self, *, hidden: int, alpha: float, epochs: int, **kw: Any) -> None:
        super().__init__(**kw)
        self.hidden, self.alpha, self.epochs = hidden, alpha, epochs

    def _classifier(self) -> Any:
        from sklearn.feature_selection import VarianceThreshold
        from sklearn.neural_network import MLPClassifier
        from sklearn.pipeline import make_pipeline

        # features seen in fewer than about 1 unit in 10,000 are dropped (the first layer's cost is per feature)
        return make_pipeline(VarianceThreshold(1e-4), MLPClassifier(hidden_layer_sizes=(self.hidden,), alpha=self.alpha, batch_size=200,
                                                                    learning_rate_init=1e-3, max_iter=self.epochs, random_state=self.seed, shuffle=True))


def oof_probas(data: list[dict[str, Any]], make: Any, folds: int = 5) -> dict[str, Any]:
    """``train._oof_probas`` with ``make()`` building each fold's labeller (the same answer folds)."""
    from sklearn.model_selection import KFold

    kf = KFold(n_splits=folds, shuffle=True, random_state=train.SEED)
    groups = sorted({d["group"] for d in data})
    out: dict[str, Any] = {}
    for k, (_, test_g) in enumerate(kf.split(np.arange(len(groups)))):
        t = time.time()
        test_groups = {groups[i] for i in test_g}
        fit_on = [d for d in data if d["group"] not in test_groups and not train._presence_only(d)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = make().fit([d["features"] for d in fit_on], [d["labels"] for d in fit_on])
        for d in data:
            if d["group"] in test_groups:
                proba = model.predict_proba(d["features"])
                out[d["id"]] = (proba, model.decode(proba), model.predict_content_proba(d["features"]), model)
        print(f"  fold {k + 1}/{folds} fitted in {time.time() - t:.0f} s", flush=True)
    return out


def print_cv(data: list[dict[str, Any]], oof: dict[str, Any], seeds: list[int], auc: bool = False) -> None:
    """Cross-validate the shipped trees presence on ``oof`` at each presence seed and print the figures
    (with ``auc``, then :func:`presence_auc` at each seed)."""
    from presence_screen import ScreenedPresence  # benchmarks/ is the script's folder

    print(f"{'seed':>4} macro_f1 flagged kept_whole kept_result taskless_credited presence_score  mean   transcript  ece")
    for seed in seeds:
        make_presence = functools.partial(ScreenedPresence, "trees", seed=train.SEED, ensured=train.ENSURED)
        cv = train.cross_validate(data, LABELLER, oof=oof, presence_seed=seed, make_presence=make_presence)
        print(f"{seed:>4} {cv['macro_f1']:.4f}   {cv['result_removed_flagged']:.4f}  {cv['complete_kept_complete']:.4f}    "
              f"{cv['complete_kept_result']:.4f}      {cv['taskless_credited_task']:.4f}           {train.presence_score(cv)[0]:.4f}  "
              f"{train.labeller_score(cv)[0]:.4f}  {cv['transcript_copies']['macro_f1']:.4f}      {cv['ece']:.4f}", flush=True)
    for seed in seeds if auc else []:
        print(f"{seed:>4} Result presence AUC, complete answers against their Result-removed copies: {presence_auc(data, oof, seed):.4f}", flush=True)


def presence_auc(data: list[dict[str, Any]], oof: dict[str, Any], seed: int) -> float:
    """How well the shipped trees' held-out P(Result present) ranks our complete answers above their
    Result-removed copies (ROC AUC): the presence stage's skill apart from where its 0.5 cut falls."""
    from sklearn.metrics import roc_auc_score

    from presence_screen import ScreenedPresence  # benchmarks/ is the script's folder

    result = train.STAR_LABELS.index("result")
    make = functools.partial(ScreenedPresence, "trees", seed=train.SEED, ensured=train.ENSURED)
    y, p = [], []
    for presence, groups in train.presence_folds(data, oof, seed=seed, make_presence=make):
        for d in data:
            cut = str(d["id"]).endswith("#nores")
            complete = "#" not in str(d["id"]) and "result" in d["labels"]
            if d["group"] in groups and (cut or complete):
                y.append(int(complete))
                p.append(float(presence.predict_proba(*oof[d["id"]][:3])[result]))
    return float(roc_auc_score(y, p))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--alpha", type=float, default=1e-2)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[14, 15, 16])
    ap.add_argument("--cache", default="/tmp/s14/oof.joblib", help="presence_screen's cache of the parsed corpus")
    a = ap.parse_args()
    data, _ = joblib.load(a.cache)
    make = functools.partial(MlpSequenceModel, hidden=a.hidden, alpha=a.alpha, epochs=a.epochs, seed=train.SEED, **LABELLER)
    oof = oof_probas(data, make)
    print(f"mlp hidden {a.hidden} alpha {a.alpha} epochs {a.epochs}; decoding weights 0.5/0.5; {len(data)} documents")
    print_cv(data, oof, a.presence_seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
