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

Variants (session 14, answers that go on after their Result; rule and outcome in RESULTS.md):
- ``ensure-result``: the shipped trees, and the Result is also ensured: added in decoding where the
  presence model judges it present but the decoding found none (as the Task is).
- ``anywhere``: evidence that never reads the last unit or the last third: how strongly and how often
  the label is seen anywhere, against the Action unit by unit, and after the first Action.
- ``anywhere+ensure-result``: both.

``--withheld`` also scores each variant, fitted on the whole corpus's out-of-fold output as the
training command fits it, behind the shipped labeller on the withheld batches
(``models/corpus/withheld``: held-out answers of our own), with the figures of
``benchmarks/withheld_eval.py``. ``--cache FILE`` keeps the parsed corpus and out-of-fold output
between runs (a joblib file; delete it after a corpus or feature change).

Usage:
    python benchmarks/presence_screen.py [--variants trees relative ...] [--presence-seeds 14 15 16]
        [--withheld] [--cache FILE]
"""

from __future__ import annotations

import argparse
import copy
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import ENSURED, GUARDED, PresenceModel, presence_features, segment_doc
from withheld_eval import batch_figures, withheld_batches  # benchmarks/ is the script's folder

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


def anywhere_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """Evidence that ``label`` is present which never reads the last unit or the last third.

    How strongly and how often each classifier sees the label anywhere, how far it beats the Action
    in the unit where it beats it most, and the strongest evidence after the first unit read as an
    Action (a Result follows some step, wherever the answer stops).
    """
    col, c = proba[:, label], content[:, label]
    n = len(col)
    decoded = np.array([p == label for p in path])
    act_l, act_c = proba[:, ACTION], content[:, ACTION]
    second = (lambda v: float(np.sort(v)[-2]) if n > 1 else 0.0)
    acted = np.flatnonzero(content.argmax(axis=1) == ACTION)
    after = c[acted[0] + 1 :] if len(acted) and acted[0] + 1 < n else np.zeros(1)
    after_l = col[acted[0] + 1 :] if len(acted) and acted[0] + 1 < n else np.zeros(1)
    return [
        float(col.max()),
        float(col.mean()),
        second(col),
        float(decoded.any()),
        float(decoded.mean()),
        float(decoded.sum()),
        float(col[decoded].mean()) if decoded.any() else 0.0,
        float(np.log1p(n)),
        float(c.max()),
        second(c),
        float((content.argmax(axis=1) == label).sum()),
        float((c > 0.5).sum()),
        float((col > 0.5).sum()),
        float((c - act_c).max()),
        float((col - act_l).max()),
        float(after.max()),
        float(after_l.max()),
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
            "anywhere": anywhere_features,
            "anywhere+ensure-result": anywhere_features,
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


VARIANTS = ("trees", "logreg", "monotone", "blend", "relative", "labeller-only", "task-opening", "ensure-result", "anywhere", "anywhere+ensure-result")


def variant_ensured(variant: str) -> tuple[int, ...]:
    """The labels a variant's presence model may add (the Task; and the Result for ``*ensure-result``)."""
    return ENSURED + (RESULT,) if variant.endswith("ensure-result") else ENSURED


def withheld_figures(variant: str, data: Sequence[dict[str, Any]], oof: dict[str, Any], docs: dict[str, Any]) -> dict[str, str]:
    """Per withheld batch: macro-F1, complete answers missing nothing / keeping the Result, no-Result answers named.

    The shipped labeller with this variant's presence model, fitted on the whole corpus's
    out-of-fold output (the training command's way).
    """
    presence = ScreenedPresence(variant, seed=train.SEED, ensured=variant_ensured(variant)).fit(
        [oof[d["id"]][:3] for d in data],
        np.array([train._presence_targets(d) for d in data]),
        np.array([train._presence_judged(d) for d in data]),
    )
    model = copy.copy(load_artifact("segmenter.joblib")["model"])
    model.presence_ = presence
    out = {}
    for batch, rows in withheld_batches().items():
        labelled = [segment_doc(docs[row["id"]], model) for row in rows]
        fig = batch_figures(rows, [([(sg.label, sg.start, sg.end) for sg in lu.segments(str(row["text"]))], lu.missing()) for row, lu in zip(rows, labelled)])
        score, complete = fig["score"], fig["complete"]
        out[batch] = (f"{batch} macro {score['macro_f1']:.4f} result {score['f1']['result']:.3f} whole {fig['whole']}/{complete} "
                      f"keep {fig['kept']}/{complete} named {fig['named']}/{fig['no_result']}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[train.SEED + 1, train.SEED + 2, train.SEED + 3])
    ap.add_argument("--withheld", action="store_true", help="also score each variant on the withheld batches")
    ap.add_argument("--cache", type=Path, default=None, help="joblib file keeping the parsed corpus and out-of-fold output")
    a = ap.parse_args()
    rows = load_corpus()
    extra = train.augment(rows, train.AUGMENTATIONS)
    nlp = load_pipeline()
    if a.cache is not None and a.cache.exists():
        data, oof = joblib.load(a.cache)
    else:
        data = train.build_unit_dataset(rows + extra, nlp)
        oof = train._oof_probas(data, LABELLER, 5)
        if a.cache is not None:
            joblib.dump((data, oof), a.cache)
    if a.withheld:
        held = [r for rows_ in withheld_batches().values() for r in rows_]
        docs = {r["id"]: doc for r, doc in zip(held, nlp.pipe([str(r["text"]) for r in held]))}
        for variant in a.variants:
            print(f"withheld {variant:24s} " + " | ".join(withheld_figures(variant, data, oof, docs).values()), flush=True)
    print(f"{len(rows)} answers, {len(extra)} augmented copies; labeller {LABELLER}; answer folds (seed {train.SEED})")
    print(f"{'seed':>4} {'variant':22s} macro_f1 flagged kept_whole kept_result taskless_credited presence_score  mean   transcript")
    for seed in a.presence_seeds:
        for variant in a.variants:
            make = functools.partial(ScreenedPresence, variant, seed=train.SEED, ensured=variant_ensured(variant))
            cv = train.cross_validate(data, LABELLER, oof=oof, presence_seed=seed, make_presence=make, ensured=variant_ensured(variant))
            print(
                f"{seed:>4} {variant:22s} {cv['macro_f1']:.4f}   {cv['result_removed_flagged']:.4f}  {cv['complete_kept_complete']:.4f}    "
                f"{cv['complete_kept_result']:.4f}      {cv['taskless_credited_task']:.4f}           {train.presence_score(cv)[0]:.4f}  "
                f"{train.labeller_score(cv)[0]:.4f}  {cv['transcript_copies']['macro_f1']:.4f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
