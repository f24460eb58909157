"""Screen a new cue group of the unit features by the training procedure's cross-validation (measuring only).

Runs, for the shipped labeller candidate only (logistic C=0.3), what the training command does
(``star_nlp.train.evaluate_candidate``): out-of-fold unit probabilities on the training run's
answer-grouped folds, decoder weights fitted by held-out likelihood, both presence families
cross-validated on that output and the one with the better presence score kept; and prints the
rank figures (mean of macro-F1, removed Results flagged and complete answers kept whole). Until
session 9 the script repeated those steps itself with the tree presence family fixed. Without options it
reproduces the shipped figures; ``--later`` first adds the cue group tried in session 8 (time
passing after the steps, a reader's sign of an outcome: "within three weeks", "a month later",
"the following month", "from then on"); ``--vectors`` adds the mean of spaCy's tok2vec token
vectors over each unit (``doc.tensor``, 96 dimensions in en_core_web_sm) as dense features.

The session-8 runs in benchmarks/RESULTS.md were made before the vectors became part of
:mod:`star_nlp.features`. Since then the plain run includes them (the shipped model, whose training
run printed 0.9397 for this candidate), and ``--vectors`` only writes the same values again.

Usage:
    python benchmarks/cue_screen.py [--later] [--vectors]   (about ten minutes on two cores)
"""

from __future__ import annotations

import argparse
import re
from typing import Any

import star_nlp.features as features
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import AUGMENTATIONS, augment, build_unit_dataset, evaluate_candidate, labeller_score

_N = r"(a|an|one|two|three|four|five|six|eight|ten|twelve|a few|several|\d+)"
_T = r"(hours?|days?|weeks?|months?|years?|shifts?|sprints?|terms?|quarters?)"
LATER = re.compile(
    rf"\b(within {_N} {_T}|{_N} {_T} (later|after that|on)|by the (next|following)"
    r"|(the|that) (next|following) (day|morning|week|month|quarter|year|term|season|sprint|shift|rota|review|audit|inspection|visit)"
    r"|from then on|by then|by that point)\b"
)


def _with_vectors(unit_dict: Any) -> Any:
    """The unit features plus the unit's mean tok2vec vector (``vec<i>``)."""

    def wrapped(unit: Any, doc_is_transcript: bool) -> dict[str, float]:
        f = unit_dict(unit, doc_is_transcript)
        tensor = unit.doc.tensor
        if getattr(tensor, "shape", (0,))[0] == len(unit.doc) and len(unit):
            for i, v in enumerate(tensor[unit.start : unit.end].mean(axis=0)):
                f[f"vec{i}"] = float(v)
        return f

    return wrapped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--later", action="store_true", help="add the 'later' cue group before parsing")
    ap.add_argument("--vectors", action="store_true", help="add each unit's mean tok2vec vector as dense features")
    a = ap.parse_args()
    if a.later:
        features._CUES["later"] = LATER  # read by the unit features at call time
    if a.vectors:
        features._unit_dict = _with_vectors(features._unit_dict)  # looked up by unit_features at call time
    params = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    data = build_unit_dataset(rows + extra, load_pipeline())
    written = [d for d in data if "#" not in str(d["id"])]
    for name in sorted({k[4:] for d in written for f in d["features"] for k in f if k.startswith("cue=")}):
        units = [(f, y) for d in written for f, y in zip(d["features"], d["labels"]) if f"cue={name}" in f]
        share = {lab: round(sum(y == lab for _, y in units) / len(units), 3) for lab in ("situation", "task", "action", "result")}
        print(f"cue={name}: {len(units)} units of written answers, labels {share}", flush=True)
    entry = evaluate_candidate(data, params)  # the training command's own steps for one candidate
    cv, tuned = entry["cv"], entry["params"]
    keys = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result")
    print(f"{len(rows)} answers; {'with' if a.later else 'without'} the 'later' cue; {'with' if a.vectors else 'without'} vectors; weights fitted {tuned['transition_weight']}/{tuned['prior_weight']}; presence {entry['presence_family']}")
    print("  " + "  ".join(f"{k} {cv[k]:.4f}" for k in keys) + f"  mean {labeller_score(cv)[0]:.4f}  transcript {cv['transcript_copies']['macro_f1']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
