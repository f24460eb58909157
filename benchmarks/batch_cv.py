"""Cross-validation with whole corpus batches held out: how the segmenter does on writing it has
not seen the like of (measuring only).

The training command's folds hold out answers: the other answers of the same batch, written from
the same brief by the same author, stay in training. Here each fold holds out whole batches (5
folds over the batch prefixes, the training run's seed), so a fold's test answers come from
briefs, authors and shapes the fold model never saw. That is closer to the published answers of
the development set. Prints, for the shipped labeller (logistic C=0.3) with hand-set and with
fitted Viterbi weights, and for the CRF labeller, all with the shipped tree presence model, the
figures the training command ranks by, and the same configurations' figures on answer folds from
the shipped artifact's metadata for comparison.

Usage:
    python benchmarks/batch_cv.py
"""

from __future__ import annotations

import json
from typing import Any

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import (
    AUGMENTATIONS,
    _reweighted_oof,
    augment,
    build_unit_dataset,
    cross_validate,
    fit_decoder_weights,
    labeller_score,
)

KEYS = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result")
LOGREG = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}
CRF = {"family": "crf", "C": 1.0, "transition_weight": 0.0, "prior_weight": 0.0}


def batch_of(answer_id: str) -> str:
    """The batch prefix of an answer id ("tg-012" -> "tg")."""
    return answer_id.split("-")[0]


def _show(name: str, cv: dict[str, Any]) -> None:
    print(f"{name:44s} " + " ".join(f"{cv[k]:10.4f}" for k in KEYS) + f"  {labeller_score(cv)[0]:.4f}"
          + f"  transcript {cv['transcript_copies']['macro_f1']:.4f}", flush=True)


def main() -> int:
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    data = build_unit_dataset(rows + extra, load_pipeline())
    for d in data:
        d["group"] = batch_of(str(d["group"]))
    print(f"{len(rows)} answers in {len({d['group'] for d in data})} batches, {len(extra)} augmented copies")
    print(f"{'configuration (tree presence)':44s} " + " ".join(f"{k[:10]:>10s}" for k in KEYS) + "    mean")
    meta = load_artifact("segmenter.joblib")["meta"]
    print(f"answer folds (artifact): {json.dumps({k: meta['cv'][k] for k in KEYS})}  mean {labeller_score(meta['cv'])[0]}")
    hand = cross_validate(data, LOGREG, presence_family="trees")
    oof = hand.pop("_oof")
    _show("batch folds: logreg C=0.3, hand-set 1.0/0.5", hand)
    fit = fit_decoder_weights(data, oof)
    tuned = dict(LOGREG, transition_weight=fit["transition_weight"], prior_weight=fit["prior_weight"])
    fitted = cross_validate(data, tuned, presence_family="trees", oof=_reweighted_oof(oof, fit["transition_weight"], fit["prior_weight"], features={d["id"]: d["features"] for d in data}))
    fitted.pop("_oof")
    _show(f"batch folds: logreg C=0.3, fitted {fit['transition_weight']}/{fit['prior_weight']}", fitted)
    crf = cross_validate(data, CRF, presence_family="trees")
    crf.pop("_oof")
    _show("batch folds: CRF", crf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
