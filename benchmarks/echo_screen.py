"""Screen a 'goal echo' unit feature by the training procedure's cross-validation (measuring only).

A unit after the answer's first goal statement (a unit with the task cue or a Task header) gets
``goal_echo``: the share of its content lemmas (nouns, proper nouns, verbs, adjectives; no stop
words) that the goal statements also use, and ``goal_echo_hi`` when that share is 0.25 or more.
A Result often says the goal was met in the goal's own words ("get the figures to the trustees
before their meeting" ... "the trustees took the figures at their meeting").

Runs, for the shipped labeller candidate only (logistic C=0.3), what the training command does
(``star_nlp.train.evaluate_candidate``, on one native thread as the command pins it) and prints the
rank figures; the shipped artifact records the same candidate's figures without the feature.

Usage:
    python benchmarks/echo_screen.py [--echo]   (about twenty minutes on one core)
"""
from __future__ import annotations
import sys
from typing import Any

import star_nlp.train as T
from star_nlp.features import _CUES, header_label, unit_features as base_uf
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import AUGMENTATIONS, augment, build_unit_dataset, evaluate_candidate, labeller_score

KEEP = {"NOUN", "PROPN", "VERB", "ADJ"}


def content(u: Any) -> set[str]:
    """The unit's content lemmas."""
    return {t.lemma_.lower() for t in u if t.pos_ in KEEP and not t.is_stop and t.is_alpha}


def with_echo(doc: Any, units: Any, **kw: Any) -> list[dict[str, float]]:
    """The unit features plus ``goal_echo`` and ``goal_echo_hi``."""
    feats = base_uf(doc, units, **kw)
    goals = [i for i, u in enumerate(units) if _CUES["task"].search(u.text.lower()) or header_label(u.text) == "task"]
    if not goals:
        return feats
    g0, gl = goals[0], set().union(*(content(units[i]) for i in goals))
    for i, (u, f) in enumerate(zip(units, feats)):
        if i <= g0 or i in goals:
            continue
        c = content(u)
        if c:
            ov = len(c & gl) / len(c)
            f["goal_echo"] = ov
            if ov >= 0.25:
                f["goal_echo_hi"] = 1.0
    return feats


def main() -> int:
    echo = "--echo" in sys.argv
    if echo:
        T.unit_features = with_echo
    params = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    data = build_unit_dataset(rows + extra, load_pipeline())
    written = [d for d in data if "#" not in str(d["id"])]
    if echo:
        for lab in ("situation", "task", "action", "result"):
            vals = [f.get("goal_echo") for d in written for f, y in zip(d["features"], d["labels"]) if y == lab]
            have = [v for v in vals if v is not None]
            print(f"{lab}: {len(vals)} units, echo computed {len(have)}, mean {sum(have)/max(1,len(have)):.3f}, hi {sum(v >= 0.25 for v in have)}", flush=True)
    entry = T.one_thread(evaluate_candidate)(data, params)
    cv, tuned = entry["cv"], entry["params"]
    keys = ("macro_f1", "result_removed_flagged", "complete_kept_complete", "complete_kept_result")
    print(f"{len(rows)} answers; echo {echo}; weights fitted {tuned['transition_weight']}/{tuned['prior_weight']}; presence {entry['presence_family']}")
    print("  " + "  ".join(f"{k} {cv[k]:.4f}" for k in keys) + f"  mean {labeller_score(cv)[0]:.4f}  transcript {cv['transcript_copies']['macro_f1']:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
