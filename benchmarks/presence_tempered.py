"""Presence trees taught to read softer evidence (measuring only; RESULTS session 21, rule 5).

On the corpus's out-of-fold output a real Result is nearly always read with confidence, so the presence trees
learn that a moderately confident Result is a Result-removed copy's last step; new wording makes every reading
softer (``result_losses.py --files`` on the open diagnosis batches). This fits the trees (same family,
parameters and seed) on the corpus's out-of-fold evidence plus one *tempered* copy of each document's evidence:
the unit probabilities and the position-free probabilities each softened as ``softmax(log p / T)`` per unit,
the decoded path unchanged. The labeller is the one of a training command's folder (``--model DIR``).

It prints ``withheld_transfer.evaluate``'s figures (K, N, P, AUC, ...) for the folder's own presence model
(``base``) and for each temperature of ``--temperatures`` on the open diagnosis batches
(``models/corpus/diagnosis``), chooses the temperature with the best P there (ties within 0.005 to the smaller),
then scores base and the chosen one on group C and prints the pinned readings. ``--sealed`` also scores
``models/corpus/sealed`` (open it only under a rule written first). Every fit runs on one native thread.

Usage:
    python benchmarks/presence_tempered.py --model DIR [--cache FILE] [--temperatures 2 3 4] [--sealed]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import star_nlp.train as train
from star_nlp.corpus import default_corpus_dir
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import PresenceModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from withheld_transfer import GROUPS, batch_of, corpus_data, evaluate, folder_model, oof_probas, parsed_folder, pinned_readings  # noqa: E402

TIE = 0.005


def temper(p: np.ndarray, t: float) -> np.ndarray:
    """Each row of probabilities softened to ``softmax(log p / t)``.

    Example:
        >>> temper(np.array([[0.9, 0.1]]), 2.0).round(3).tolist()
        [[0.75, 0.25]]
    """
    z = np.log(np.clip(p, 1e-12, 1.0)) / t
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit_tempered(docs: Sequence[dict[str, Any]], evidence: dict[str, tuple[np.ndarray, list[int], np.ndarray]], t: float | None) -> PresenceModel:
    """The presence trees on ``docs`` with their ``evidence``, plus a copy of each softened at ``t`` (none if ``t`` is None)."""
    ev = [evidence[d["id"]][:3] for d in docs]
    present = np.array([train._presence_targets(d) for d in docs])
    judged = np.array([train._presence_judged(d) for d in docs])
    if t is not None:
        ev = ev + [(temper(p, t), path, temper(c, t)) for p, path, c in ev]
        present, judged = np.vstack([present, present]), np.vstack([judged, judged])
    return PresenceModel(family="trees", seed=train.SEED).fit(ev, present, judged).compact()


@train.one_thread
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True, help="a folder written by python -m star_nlp.train --out DIR")
    ap.add_argument("--cache", type=Path, default=None, help="withheld_transfer.py's cache of the parsed corpus")
    ap.add_argument("--temperatures", type=float, nargs="+", default=[2.0, 3.0, 4.0])
    ap.add_argument("--sealed", action="store_true", help="also score models/corpus/sealed")
    a = ap.parse_args()
    if "C" not in GROUPS or not any((default_corpus_dir() / "diagnosis").glob("*.jsonl")):
        raise SystemExit("written for the corpus before rule 14 (session 25): group C and the diagnosis batches are "
                         "trained on since; check out a commit before it to rerun (benchmarks/RESULTS.md)")
    nlp = load_pipeline()
    model = folder_model(a.model)
    base = model.presence_
    data = corpus_data(a.cache, nlp)
    oof = oof_probas("plain", data)
    diagnosis = parsed_folder("diagnosis", nlp)
    print("base D", evaluate(model, base, diagnosis), flush=True)
    fitted, scores = {}, {}
    for t in a.temperatures:
        fitted[t] = fit_tempered(data, oof, t)
        fig = evaluate(model, fitted[t], diagnosis)
        scores[t] = fig["P"]
        print(f"T={t:g} D", fig, flush=True)
    best = max(scores.values())
    chosen = min(t for t, s in scores.items() if s >= best - TIE)
    print(f"chosen T={chosen:g}", flush=True)
    withheld = parsed_folder("withheld", nlp)
    c_docs = [d for d in withheld if batch_of(d) in GROUPS["C"]]
    candidates = {"base": base, f"T={chosen:g}": fitted[chosen]}
    for name, presence in candidates.items():
        print(name, "C", evaluate(model, presence, c_docs), flush=True)
    for name, presence in candidates.items():
        print(name, "pinned readings:", flush=True)
        model.presence_ = presence
        pinned_readings(model, nlp)
    model.presence_ = base
    if a.sealed:
        sealed = parsed_folder("sealed", nlp)
        for name, presence in candidates.items():
            print(name, "sealed", evaluate(model, presence, sealed), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
