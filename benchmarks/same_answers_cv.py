"""Does a new corpus batch help or hurt the answers we already had? (measuring only)

The training command's cross-validation mean changes with the answers it is computed on: adding a
batch in a register the model has not seen adds harder test answers as well as training answers,
so the mean can fall with a model that is no worse on anything. This compares two arms on the
same folds and the same test answers:

- WITH: the new batch's answers are in every training fold (labeller, Viterbi weight fit,
  presence model), as the training command does;
- WITHOUT: they are never trained on;

and scores both only on the answers of the other batches (and their augmented copies). Folds are
the training command's (``KFold`` over the sorted answer groups of the whole corpus, seed
``train.SEED``; presence folds ``SEED + 1``); the configuration is the shipped one (logistic
labeller C=0.3, Viterbi weights fitted by held-out likelihood from the hand-set 1.0/0.5, tree
presence). Prints the figures the training command ranks by for both arms.

``--splits K`` repeats the comparison over K fold splits (split 0 is the training command's; split
k shuffles the folds with seed ``SEED + 1000 k``, the models keep their seeds), because one split
moves these figures by more than the margins decisions use.

Usage:
    python benchmarks/same_answers_cv.py --batch rv [rv2 ...] [--splits K] [--corpus-dir DIR] [--add-dir DIR]

A withheld batch is compared with ``--add-dir models/corpus/withheld`` (its answers are read after
the corpus's, as they were when it sat in the corpus folder).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

import star_nlp.train as train
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import PresenceModel, UnitSequenceModel

KEYS = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result", "taskless_credited_task")
LOGREG = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}


def fold_groups(groups: Sequence[str], seed: int, folds: int = 5) -> list[set[str]]:
    """The test groups of each fold, as the training command splits them."""
    kf = KFold(n_splits=folds, shuffle=True, random_state=seed)
    return [{groups[i] for i in test} for _, test in kf.split(np.arange(len(groups)))]


def oof_probas(data: Sequence[dict[str, Any]], pool: Sequence[dict[str, Any]], groups: Sequence[str], split: int = 0) -> dict[str, Any]:
    """Out-of-fold labeller output for every document of ``data``; training only on ``pool``."""
    oof: dict[str, Any] = {}
    for test_groups in fold_groups(groups, train.SEED + 1000 * split):
        fit_on = [d for d in pool if d["group"] not in test_groups and not d["id"].endswith("#nores")]
        model = UnitSequenceModel(seed=train.SEED, **LOGREG).fit([d["features"] for d in fit_on], [d["labels"] for d in fit_on])
        for d in data:
            if d["group"] in test_groups:
                proba = model.predict_proba(d["features"])
                oof[d["id"]] = (proba, model.decode(proba), model.predict_content_proba(d["features"]), model)
    return oof


def arm(data: Sequence[dict[str, Any]], pool: Sequence[dict[str, Any]], scored: Sequence[dict[str, Any]], groups: Sequence[str], split: int = 0) -> dict[str, Any]:
    """Cross-validated figures on ``scored``, with every training step restricted to ``pool``."""
    oof = oof_probas(data, pool, groups, split)
    fit = train.fit_decoder_weights([d for d in pool], oof)
    tuned = dict(LOGREG, transition_weight=fit["transition_weight"], prior_weight=fit["prior_weight"])

    def presence_folds(_data: Any, oof_: Any, folds: int = 5, *, presence_family: str = "trees", ensured: Any = train.ENSURED,
                       seed: int = train.SEED + 1, make_presence: Any = None) -> Iterator[tuple[PresenceModel, set[str]]]:
        for test_groups in fold_groups(groups, seed + 1000 * split, folds):
            fit_on = [d for d in pool if d["group"] not in test_groups]
            presence = PresenceModel(family=presence_family, seed=train.SEED, ensured=ensured).fit(
                [oof_[d["id"]][:3] for d in fit_on],
                np.array([train._presence_targets(d) for d in fit_on]),
                np.array([train._presence_judged(d) for d in fit_on]),
            )
            yield presence, test_groups

    original = train.presence_folds
    train.presence_folds = presence_folds  # cross_validate looks it up at call time
    try:
        cv = train.cross_validate(scored, tuned, presence_family="trees", oof=train._reweighted_oof(oof, fit["transition_weight"], fit["prior_weight"], features={d["id"]: d["features"] for d in data}))
    finally:
        train.presence_folds = original
    cv.pop("_oof")
    cv["weights"] = (fit["transition_weight"], fit["prior_weight"])
    return cv


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", required=True, nargs="+", help="id prefix of the new batch, e.g. rv (several: batches added together)")
    ap.add_argument("--corpus-dir", default=None)
    ap.add_argument("--add-dir", default=None, help="a folder of corpus files to add after the corpus (e.g. models/corpus/withheld)")
    ap.add_argument("--splits", type=int, default=1, help="fold splits to repeat the comparison over (default 1)")
    a = ap.parse_args(argv)
    rows = load_corpus(a.corpus_dir) + (load_corpus(a.add_dir) if a.add_dir else [])
    extra = train.augment(rows, train.AUGMENTATIONS)
    data = train.build_unit_dataset(rows + extra, load_pipeline())
    groups = sorted({d["group"] for d in data})
    new = {g for g in groups if str(g).split("-")[0] in a.batch}
    if not new:
        raise SystemExit(f"no answer id starts with any of {a.batch!r} and a hyphen")
    old = [d for d in data if d["group"] not in new]
    print(f"{len(rows)} answers ({len(new)} in batch {a.batch!r}), {len(extra)} augmented copies; scored on the other {len(rows) - len(new)}")
    print(f"{'arm':12s} " + " ".join(f"{k[:12]:>12s}" for k in KEYS) + "      mean  transcript  weights")
    gains = []
    for split in range(a.splits):
        means = {}
        for name, pool in (("WITHOUT", old), ("WITH", data)):
            cv = arm(data, pool, old, groups, split)
            means[name] = train.labeller_score(cv)[0]
            label = name if a.splits == 1 else f"{name} s{split}"
            print(f"{label:12s} " + " ".join(f"{cv[k]:12.4f}" for k in KEYS) + f"  {means[name]:.4f}"
                  + f"  {cv['transcript_copies']['macro_f1']:.4f}  {cv['weights']}", flush=True)
        gains.append(means["WITH"] - means["WITHOUT"])
    if a.splits > 1:
        print(f"WITH - WITHOUT per split: {[round(g, 4) for g in gains]}; mean {np.mean(gains):+.4f}, min {min(gains):+.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
