"""Presence-model variants on the shipped labeller's cross-validated output (measuring only).

The training command's presence stage decides whether an answer's Result is really there (and
whether a Task the decoding missed is). This screen parses the corpus, computes the shipped
labeller candidate's out-of-fold unit probabilities once (logistic C=0.3 decoded with the fitted
weights 0.5/0.5, the training run's answer folds), and cross-validates presence variants on that
output, at one or more presence fold seeds. It prints, per seed and variant, the figures the
training command ranks by: macro-F1, removed Results reported, complete answers kept whole and
keeping their Result, Task-less answers credited with a Task, the presence score (mean of removed
Results reported and complete answers keeping their Result) and the rank score (mean of macro-F1,
removed Results reported and complete answers kept whole). The shipped tree presence at the
training run's seed (14) reproduces the artifact's figures.

Variants (session 9; none shipped, the rules and outcomes are in benchmarks/RESULTS.md):
- ``trees``: the shipped presence model (gradient-boosted trees of depth 3).
- ``logreg``: the other family the training command compares.
- ``monotone``: the same trees with monotonic constraints (evidence for a part cannot lower the
  probability that it is present; the Action's hold on the ending cannot raise the Result's).
- ``blend``: the mean of the logistic and the tree probabilities.
- ``relative``: the position-free evidence made relative to the answer (where the ending ranks
  among the answer's units, the last third against the rest, the label against the Action)
  instead of the probabilities themselves.
- ``labeller-only``: no position-free evidence at all.
- ``task-opening``: the Task model also reads the first half of the answer (where a Task stands,
  against the Situation); the Result's evidence is unchanged.

Usage:
    python benchmarks/presence_screen.py [--variants trees relative ...] [--presence-seeds 14 15 16]
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

import star_nlp.train as train
from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import ENSURED, GUARDED, PresenceModel, presence_features

ACTION, TASK, SITUATION, RESULT = (LABELS.index(x) for x in ("action", "task", "situation", "result"))
LABELLER = {"family": "logreg", "C": 0.3, "transition_weight": 0.5, "prior_weight": 0.5}
Features = Callable[[np.ndarray, Sequence[int], int, np.ndarray], list[float]]

# Signs for the monotone variant, in presence_features order (1: more evidence, more likely present;
# -1: the opposite; 0: free). The Task model leaves the ending's features free.
RESULT_SIGNS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 0, -1]
TASK_SIGNS = [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]


def _labeller_tail(proba: np.ndarray, path: Sequence[int], label: int) -> list[float]:
    """The three features of presence_features that read the labeller, not the position-free classifier."""
    decoded = np.array([p == label for p in path])
    n = len(proba)
    return [float(decoded.sum()), float(np.argmax(decoded) / n) if decoded.any() else 1.0, float(proba[-1, ACTION])]


def relative_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features with the position-free evidence relative to the same answer."""
    base = presence_features(proba, path, label, None)
    n, k = len(proba), max(1, len(proba) // 3)
    r, a = content[:, label], content[:, ACTION]
    against_action = r / (r + a + 1e-9)

    def tail_minus_rest(v: np.ndarray) -> float:
        return float(v[-k:].mean() - v[: n - k].mean()) if n > k else 0.0

    return base + [
        float((r < r[-1]).mean()),
        tail_minus_rest(r),
        float((r[-k:].max() - r.mean()) / (r.std() + 0.05)),
        float(r[-k:].sum() / (r.sum() + 1e-9)),
        float((against_action < against_action[-1]).mean()),
        tail_minus_rest(against_action),
        float(np.argmax(r) >= n - k),
        tail_minus_rest(r - a),
    ] + _labeller_tail(proba, path, label)


def labeller_only_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features without the position-free classifier."""
    return presence_features(proba, path, label, None) + _labeller_tail(proba, path, label)


def task_opening_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features, and for the Task the first half of the answer against the Situation."""
    base = presence_features(proba, path, label, content)
    if label != TASK:
        return base
    n = len(proba)
    h = max(1, n // 2)
    c = content[:, TASK]
    return base + [
        float(proba[:h, TASK].max()),
        float(c[:h].max()),
        float(c[:h].mean()),
        float((c - content[:, SITUATION])[:h].max()),
        float((proba[:, TASK] - proba[:, SITUATION])[:h].max()),
        float((content[:h].argmax(axis=1) == TASK).sum()),
        float(np.argmax(c) / n),
    ]


class ScreenedPresence(PresenceModel):
    """A presence model whose estimators and evidence are the variant's (uncompacted, for screening)."""

    def __init__(self, variant: str, *, seed: int, ensured: Sequence[int]) -> None:
        super().__init__(family="trees", seed=seed, ensured=ensured)
        self.variant = variant
        self.features: Features = {
            "relative": relative_features,
            "labeller-only": labeller_only_features,
            "task-opening": task_opening_features,
        }.get(variant, presence_features)

    def _estimators(self, label: int) -> list[Any]:
        def trees(**kw: Any) -> Any:
            return HistGradientBoostingClassifier(max_depth=3, max_iter=200, learning_rate=0.05, early_stopping=False, random_state=self.seed, **kw)

        logreg = LogisticRegression(C=1.0, max_iter=3000, random_state=self.seed)
        if self.variant == "logreg":
            return [logreg]
        if self.variant == "blend":
            return [trees(), logreg]
        if self.variant == "monotone":
            return [trees(monotonic_cst=RESULT_SIGNS if label == RESULT else TASK_SIGNS)]
        return [trees()]

    def fit(self, docs: Sequence[tuple[np.ndarray, Sequence[int], np.ndarray]], present: np.ndarray, judged: np.ndarray | None = None) -> ScreenedPresence:
        self.models_: list[Any] = []
        for k in range(len(STAR_LABELS)):
            rows = np.ones(len(docs), dtype=bool) if judged is None else np.asarray(judged[:, k], dtype=bool)
            y = present[rows, k]
            if k not in GUARDED + self.ensured or len(set(y.tolist())) < 2:
                self.models_.append(None)
                continue
            x = np.array([self.features(p, path, k, c) for (p, path, c), use in zip(docs, rows) if use])
            self.models_.append([m.fit(x, y) for m in self._estimators(k)])
        return self

    def predict_proba(self, proba: np.ndarray, path: Sequence[int], content: np.ndarray) -> np.ndarray:
        out = np.ones(len(STAR_LABELS))
        if not len(path):
            return out
        for k, models in enumerate(self.models_):
            if models is not None:
                x = np.array([self.features(proba, path, k, content)])
                out[k] = float(np.mean([m.predict_proba(x)[0, 1] for m in models]))
        return out


VARIANTS = ("trees", "logreg", "monotone", "blend", "relative", "labeller-only", "task-opening")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[train.SEED + 1, train.SEED + 2, train.SEED + 3])
    a = ap.parse_args()
    rows = load_corpus()
    extra = train.augment(rows, train.AUGMENTATIONS)
    data = train.build_unit_dataset(rows + extra, load_pipeline())
    oof = train._oof_probas(data, LABELLER, 5)
    print(f"{len(rows)} answers, {len(extra)} augmented copies; labeller {LABELLER}; answer folds (seed {train.SEED})")
    print(f"{'seed':>4} {'variant':14s} macro_f1 flagged kept_whole kept_result taskless_credited presence_score  mean   transcript")
    for seed in a.presence_seeds:
        for variant in a.variants:
            make = functools.partial(ScreenedPresence, variant, seed=train.SEED, ensured=ENSURED)
            cv = train.cross_validate(data, LABELLER, oof=oof, presence_seed=seed, make_presence=make)
            print(
                f"{seed:>4} {variant:14s} {cv['macro_f1']:.4f}   {cv['result_removed_flagged']:.4f}  {cv['complete_kept_complete']:.4f}    "
                f"{cv['complete_kept_result']:.4f}      {cv['taskless_credited_task']:.4f}           {train.presence_score(cv)[0]:.4f}  "
                f"{train.labeller_score(cv)[0]:.4f}  {cv['transcript_copies']['macro_f1']:.4f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
