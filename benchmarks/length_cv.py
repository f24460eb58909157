"""The shipped segmenter's cross-validated presence figures by answer length (measuring only).

Parses the corpus with the training augmentations, computes the shipped labeller's out-of-fold
output (logistic C=0.3, answer-grouped folds of the training run, decoded with the Viterbi weights
stored in the shipped artifact) and cross-validates the tree presence model on it with the
training run's folds, as the training command does. Then prints, per length bucket of the original
answer (words): how often a removed Result is reported missing, how often a complete answer keeps
its Result, and how often it keeps its Task.

Usage:
    python benchmarks/length_cv.py   (about eight minutes on two cores)
"""

from __future__ import annotations

import json

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import AUGMENTATIONS, _oof_probas, augment, build_unit_dataset, presence_folds

BUCKETS = ((80, "<= 80"), (150, "81-150"), (300, "151-300"), (10**9, "> 300"))


def bucket(words: int) -> str:
    """The length bucket of an answer of ``words`` words."""
    return next(name for top, name in BUCKETS if words <= top)


def main() -> int:
    params = dict(load_artifact("segmenter.joblib")["meta"]["params"])
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    data = build_unit_dataset(rows + extra, load_pipeline())
    oof = _oof_probas(data, params, 5)
    words = {r["id"]: len(str(r["text"]).split()) for r in rows}
    names = list(LABELS)
    counts: dict[str, dict[str, list[int]]] = {name: {"removed_flagged": [0, 0], "complete_kept_result": [0, 0], "complete_kept_task": [0, 0]} for _, name in BUCKETS}
    for presence, test in presence_folds(data, oof, presence_family="trees"):
        for d in data:
            if d["group"] not in test or str(d["id"]).endswith("#stt"):
                continue
            proba, path, content, model = oof[d["id"]]
            p = presence.predict_proba(proba, path, content)
            final = model.decode_with_presence(proba, path, p)
            labels = {names[i] for i in final}
            c = counts[bucket(words[d["group"]])]
            if str(d["id"]).endswith("#nores"):
                c["removed_flagged"][0] += "result" not in labels
                c["removed_flagged"][1] += 1
            elif set(STAR_LABELS) <= set(d["labels"]):
                for part in ("result", "task"):
                    c[f"complete_kept_{part}"][0] += part in labels
                    c[f"complete_kept_{part}"][1] += 1
    print(f"{len(rows)} answers; shipped labeller {json.dumps(params)}; tree presence; answer folds")
    for _, name in BUCKETS:
        cells = "  ".join(f"{k} {v[0]}/{v[1]} = {v[0] / max(1, v[1]):.3f}" for k, v in counts[name].items())
        print(f"  {name:>8s} words: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
