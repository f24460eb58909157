"""How steadily does the shipped recipe hold the suite's pinned readings? (measuring only)

Two tests of ``tests/test_segmenter.py`` pin how the shipped model labels five short texts (the
resume register, and the notes register with two fragment endings). Several changes to the corpus
or the training rows have been refused because one of those readings moved. This refits the
shipped labeller (its artifact's parameters, the training command's rows without the
presence-only copies) ``--refits`` times, each on the corpus less a random ``--leave-out`` share
of its answers (whole answers with their copies; seeds 1, 2, ...), gives each refit the shipped
presence model, and counts, per pinned reading, how many refits read it as the suite expects. A
reading that the recipe itself holds only some of the time pins the luck of one fit, not a behaviour.
(An approximation: the shipped presence model was fitted on the shipped labeller's out-of-fold
output, not on each refit's.)

Usage:
    python benchmarks/pinned_stability.py [--refits 10] [--leave-out 0.1] [--cache FILE] [--jobs 2]
        [--model DIR] [--extra-folders FOLDER ...]

``--model`` and ``--extra-folders`` (session 22) ask the same of another training command's recipe, for example
the corpus with the withheld and diagnosis batches (``--extra-folders withheld diagnosis`` with that run's folder).

``--cache`` is ``presence_screen.py``'s file of the parsed corpus (rebuilt when missing, about ten minutes).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import joblib
import numpy as np

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import UnitSequenceModel
from withheld_transfer import parsed_folder, pinned_readings  # benchmarks/ is the script's folder


def refit(seed: int, docs: list[dict[str, Any]], params: dict[str, Any], leave_out: float) -> UnitSequenceModel:
    """The shipped labeller refitted on ``docs`` less a random ``leave_out`` share of their answers."""
    groups = sorted({d["group"] for d in docs})
    rng = np.random.default_rng(seed)
    dropped = set(rng.choice(groups, size=round(leave_out * len(groups)), replace=False).tolist())
    kept = [d for d in docs if d["group"] not in dropped]
    return UnitSequenceModel(seed=train.SEED, **params).fit([d["features"] for d in kept], [d["labels"] for d in kept])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refits", type=int, default=10)
    ap.add_argument("--leave-out", type=float, default=0.1)
    ap.add_argument("--cache", type=Path, default=None, help="presence_screen.py's cache of the parsed corpus")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--model", type=Path, default=None,
                    help="a training command's output folder: refit its labeller's parameters and give the refits its presence model")
    ap.add_argument("--extra-folders", nargs="*", default=[], metavar="FOLDER",
                    help="folders of models/corpus whose answers (with their copies) join the refits' rows, e.g. withheld diagnosis")
    a = ap.parse_args()
    nlp = load_pipeline()
    artifact = load_artifact("segmenter.joblib") if a.model is None else load_artifact("segmenter.joblib", a.model, trusted=True)
    shipped, params = artifact["model"], artifact["meta"]["params"]
    if a.cache is not None and a.cache.exists():
        data, _ = joblib.load(a.cache)
    else:
        rows = load_corpus()
        data = train.build_unit_dataset(rows + train.augment(rows, train.AUGMENTATIONS), nlp)
    data = list(data) + [d for folder in a.extra_folders for d in parsed_folder(folder, nlp)]
    docs = [d for d in data if not train._presence_only(d)]
    print(f"shipped params {params}; {len(docs)} labeller rows from {len({d['group'] for d in docs})} answers; "
          f"each refit leaves out {a.leave_out:.0%} of the answers", flush=True)
    print("shipped model:" if a.model is None else f"{a.model}:", flush=True)
    counts = {name: 0 for name in pinned_readings(shipped, nlp)}
    models = joblib.Parallel(n_jobs=a.jobs)(joblib.delayed(refit)(seed, docs, params, a.leave_out) for seed in range(1, a.refits + 1))
    for seed, model in enumerate(models, start=1):
        model.presence_ = shipped.presence_
        print(f"refit seed {seed}:", flush=True)
        for name, held in pinned_readings(model, nlp).items():
            counts[name] += held
    print(f"held by the {a.refits} refits:", flush=True)
    for name, n in counts.items():
        print(f"  {n:2d}/{a.refits}  {name}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
