"""Decoding variants of the segmenter's labeller, cross-validated on our corpus (measuring only).

Parses the corpus (optionally with other batch files added), computes the shipped labeller's
out-of-fold unit probabilities once (5 folds grouped by answer, the training run's folds), and
prints, for the hand-set decoding (transition weight 1.0, prior weight 0.5, shipped until
session 7) and each variant, the cross-validated figures issue 4 sets
targets for (token macro-F1, removed Results reported missing, complete answers reported whole),
their mean (the training command's rank score), and how often complete answers keep their Result.
The presence stage is the shipped one (boosted trees), cross-validated on the same output.

Variants:
- ``tw0.5``, ``tw0.7``: the Viterbi layer's weight on the count-based transitions and start
  scores lowered from 1.0 (the unit probabilities already see the neighbouring units).
- ``end``: the hand-set decoding with HMM end scores (``UnitSequenceModel(end_scores=True)``): the
  log-probability of stopping after the last unit's label, and of going on after every other
  unit's, counted on each fold's training answers with the transitions.
- ``end-fitted``: end scores on or off chosen together with the transition and prior weights by
  the held-out likelihood (``fit_decoder_weights(..., end_options=(False, True))``).
- ``ensure-result``: the presence model also adds a Result where it judges one present and the
  decoding found none, as it does for the Task.
- ``ensemble-tw<weight>``: the labeller's unit probabilities averaged with a linear-chain CRF's
  out-of-fold marginals (same folds), decoded with the fold's transitions at that weight.
- ``crf-labels``: the presence decisions of the hand-set decoding, but the labels taken from
  the CRF's marginals (per unit, with the same forbidden and required parts).
- ``fitted``: the transition and prior weights fitted by maximum conditional likelihood of the gold
  label sequences of our written answers (``star_nlp.train.fit_decoder_weights``: forward
  algorithm over the out-of-fold probabilities; grid 0-1.5 and 0-1 in steps of 0.1), instead of
  the hand-set 1.0 and 0.5. This is what the training command ships since session 7.

Usage:
    python benchmarks/decoding_variants.py [--extra other/batch_19.jsonl ...] [--variants fitted ...] [--fold-seeds 14 15 16]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any


from star_nlp.corpus import LABELS, STAR_LABELS, default_corpus_dir, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import UnitSequenceModel, absent_parts, required_part
import star_nlp.train as train_module
from star_nlp.train import (
    AUGMENTATIONS,
    _oof_probas,
    _predicted_spans,
    _reweighted_oof,
    augment,
    build_unit_dataset,
    cross_validate,
    fit_decoder_weights,
    labeller_score,
    presence_folds,
    token_macro_f1,
)

HAND_SET = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}
NAMES = list(LABELS)
RESULT, TASK = NAMES.index("result"), NAMES.index("task")


def _reweighted(model: UnitSequenceModel, tw: float, wp: float | None = None, cls: type = UnitSequenceModel) -> Any:
    """A copy of a fold's trained model (as ``cls``) decoding with other Viterbi weights."""
    new = cls.__new__(cls)
    new.__dict__.update(model.__dict__)
    new.transition_weight = tw
    if wp is not None:
        new.prior_weight = wp
    return new


def _presence_variant(data: list[dict[str, Any]], oof: dict[str, Any], crf: dict[str, Any] | None = None) -> dict[str, float]:
    """The presence decisions (hand-set decoding); then, without ``crf``, a Result added where judged present and
    none decoded; with ``crf``, the labels decoded from the CRF's marginals under those decisions."""
    items, nores, complete = [], [0, 0], [0, 0, 0]
    for presence, test in presence_folds(data, oof, presence_family="trees"):
        for d in data:
            if d["group"] not in test or d["id"].endswith("#stt"):
                continue
            proba, path, content, model = oof[d["id"]]
            p = presence.predict_proba(proba, path, content)
            absent, required = absent_parts(p, path), required_part(p, path, (TASK,))
            if crf is not None:
                final = _reweighted(model, 0.0, 0.0).decode(crf[d["id"]][0], forbidden=absent, required=required)
            else:
                final = model.decode(proba, forbidden=absent, required=required) if absent or required is not None else path
                if len(final) >= 2 and p[RESULT] >= 0.5 and RESULT not in final:
                    final = model.decode(proba, required=RESULT)
            labels = [NAMES[i] for i in final]
            if d["id"].endswith("#nores"):
                nores[0] += "result" not in labels
                nores[1] += 1
                continue
            items.append((d["text"], d["spans"], _predicted_spans(d, labels)))
            if all(lab in d["labels"] for lab in STAR_LABELS):
                complete[0] += all(lab in labels for lab in STAR_LABELS)
                complete[1] += 1
                complete[2] += "result" in labels
    return {
        "macro_f1": token_macro_f1(items)["macro_f1"],
        "result_removed_flagged": round(nores[0] / nores[1], 4),
        "complete_kept_complete": round(complete[0] / complete[1], 4),
        "complete_kept_result": round(complete[2] / complete[1], 4),
    }


def _table(data: list[dict[str, Any]], variants: list[str]) -> None:
    """Print the hand-set decoding's and each variant's cross-validated figures on one fold split."""
    oof = _oof_probas(data, HAND_SET, 5)
    features = {d["id"]: d["features"] for d in data}
    keys = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result")
    print(f"{'decoding':14s} " + " ".join(f"{k:>22s}" for k in keys) + "    mean")

    def show(name: str, cv: dict[str, Any]) -> None:
        print(f"{name:14s} " + " ".join(f"{cv[k]:22.4f}" for k in keys) + f"  {labeller_score(cv)[0]:.4f}", flush=True)

    show("hand-set", cross_validate(data, HAND_SET, presence_family="trees", oof=oof))
    crf: dict[str, Any] = {}
    for name in variants:
        if name.startswith(("ensemble", "crf")) and not crf:
            crf = _oof_probas(data, {"family": "crf", "C": 1.0, "transition_weight": 0.0, "prior_weight": 0.0}, 5)
        if name in ("ensure-result", "crf-labels"):
            show(name, _presence_variant(data, oof, crf if name == "crf-labels" else None))
            continue
        if name.startswith("ensemble-tw"):
            weight = float(name[len("ensemble-tw") :])
            new = {}
            for k, (proba, _path, content, model) in oof.items():
                m = _reweighted(model, weight)
                mixed = (proba + crf[k][0]) / 2
                new[k] = (mixed, m.decode(mixed), content, m)
            show(name, cross_validate(data, HAND_SET, presence_family="trees", oof=new))
            continue
        if name in ("fitted", "end-fitted"):
            fit = fit_decoder_weights(data, oof, end_options=(False, True) if name == "end-fitted" else (False,))
            tw, wp, end = fit["transition_weight"], fit["prior_weight"], fit.get("end_scores", False)
            print(f"{name} weights: transitions {tw}, prior {wp}, end scores {end} (log-likelihood {fit['log_likelihood']:.1f})")
            if name == "end-fitted":
                print(f"  best without end scores: {fit['best_without_end_scores']}; with: {fit['best_with_end_scores']}")
            new = _reweighted_oof(oof, tw, wp, end, features=features)
        elif name == "end":
            new = _reweighted_oof(oof, HAND_SET["transition_weight"], HAND_SET["prior_weight"], True, features=features)
        elif name.startswith("tw"):
            new = _reweighted_oof(oof, float(name[2:]), HAND_SET["prior_weight"], features=features)
        else:
            raise ValueError(f"unknown variant {name!r}; valid: tw<weight>, end, end-fitted, ensure-result, fitted, ensemble-tw<weight>, crf-labels")
        show(name, cross_validate(data, HAND_SET, presence_family="trees", oof=new))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", nargs="*", default=[], help="batch files to add to models/corpus (e.g. a batch on trial)")
    ap.add_argument("--fold-seeds", nargs="*", type=int, default=None, help="split the folds with these seeds, one table each (default: the training run's)")
    ap.add_argument("--variants", nargs="*", default=["tw0.5", "tw0.7", "end", "ensure-result", "fitted", "end-fitted"])
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for f in list(default_corpus_dir().glob("*.jsonl")) + [Path(x) for x in a.extra]:
            shutil.copy(f, Path(tmp) / f.name)
        rows = load_corpus(tmp)
    extra = augment(rows, AUGMENTATIONS)
    print(f"{len(rows)} answers, {len(extra)} augmented copies", flush=True)
    data = build_unit_dataset(rows + extra, load_pipeline())
    for seed in a.fold_seeds or [train_module.SEED]:
        train_module.SEED = seed  # read by the fold splits (and the classifiers' seeds) at call time
        print(f"fold seed {seed}", flush=True)
        _table(data, a.variants)
    print(json.dumps({"answers": len(rows), "extra": a.extra, "fold_seeds": a.fold_seeds or [train_module.SEED]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
