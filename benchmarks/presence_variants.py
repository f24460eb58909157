"""Presence-model variants on the same out-of-fold labeller output: what was tried and not kept.

The segmenter's presence model decides whether an answer has a Result at all. This script
reproduces the comparison behind the "tried and not kept" notes of RESULTS.md, section 1: it parses
the corpus with the training augmentations (plus two extra kinds of Result-less copies used by some
variants), computes out-of-fold unit probabilities with the labeller settings of sessions 3-6 (logistic
C=0.3, hand-set Viterbi weights 1.0/0.5; since session 7 the shipped weights are fitted) on answer-
grouped folds, then cross-validates each presence variant on those, with the same folds as
``star_nlp.train``. It prints, on held-out folds: token macro-F1 of our answers after the presence
decision, how often a removed Result is reported (written copies), how often a complete answer
keeps its Result, and the same two figures for transcript copies.

With ``--dev`` it also swaps each variant, fitted on all out-of-fold output, into the shipped
analyser and measures it on ../shared/eval/star_dev.jsonl with the shared scorer (measuring only:
the variants are chosen on the cross-validated figures).

Usage: python benchmarks/presence_variants.py [--dev]   (about six minutes on two cores)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import presence_features
from star_nlp.train import AUGMENTATIONS, SEED, _oof_probas, _predicted_spans, _rebuild, augment, build_unit_dataset, token_macro_f1

NAMES = list(LABELS)
R = NAMES.index("result")
PARAMS = {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5}
COUNT_FEATURES = (9, 17, 19)  # log number of units, position-free Result votes, decoded Result units


def truncated_copies(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Result removed and the answer cut after the last-but-one sentence of its final Action."""
    out = []
    for r in rows:
        text, spans = str(r["text"]), r["spans"]
        acts = [s for s in spans if s["label"] == "action"]
        if not acts or not any(s["label"] == "result" for s in spans):
            continue
        last = acts[-1]
        ends = [last["start"] + m.end() for m in re.finditer(r"[.!?](?=\s)", text[last["start"] : last["end"]])]
        ends = [e for e in ends if e < last["end"] - 1]
        if ends:
            t = _rebuild(r, lambda i, lb, cut=ends[-1]: lb != "result" and i < cut, lower=False)
            if t["spans"]:
                out.append({**t, "id": f"{r['id']}#trunc#nores", "group": r["id"]})
    return out


def drop_counts(features: list[float]) -> list[float]:
    """The presence evidence without the features that count units."""
    return [v for k, v in enumerate(features) if k not in COUNT_FEATURES]


def sentence_features(feats: list[dict[str, float]], path: list[int]) -> list[float]:
    """Where sentences start inside the final decoded Result block."""
    starts = [float(f.get("sent_start", 0.0)) for f in feats]
    k = len(path)
    while k > 0 and path[k - 1] == R:
        k -= 1
    block = list(range(k, len(path)))
    first = next((i for i, q in enumerate(path) if q == R), None)
    return [starts[block[0]] if block else 0.0, float(sum(starts[i] for i in block)), starts[-1],
            starts[first] if first is not None else 0.0, float(len(block))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", action="store_true", help="also measure each variant on the development set")
    a = ap.parse_args()
    rows = load_corpus()
    extra = augment(rows, AUGMENTATIONS)
    stt_nores = augment([r for r in extra if r["id"].endswith("#stt")], ["no_result"])
    for r in stt_nores:
        r["group"] = str(r["id"]).split("#")[0]
    trunc = truncated_copies(rows)
    print(f"{len(rows)} answers, {len(extra)} training copies, {len(stt_nores)} Result-removed transcript copies, {len(trunc)} truncated copies", flush=True)
    data = build_unit_dataset(rows + extra + stt_nores + trunc, load_pipeline())
    oof = _oof_probas(data, PARAMS, 5)
    feats_of = {d["id"]: d["features"] for d in data}

    def base(d_id: str) -> list[float]:
        p, path, c, _ = oof[d_id]
        return presence_features(p, path, R, c)

    def without_counts(d_id: str) -> list[float]:
        return drop_counts(base(d_id))

    trees = lambda: HistGradientBoostingClassifier(max_depth=3, max_iter=200, learning_rate=0.05, early_stopping=False, random_state=SEED)  # noqa: E731
    logreg = lambda: LogisticRegression(C=1.0, max_iter=3000, random_state=SEED)  # noqa: E731
    standard = lambda d: "#trunc" not in d["id"] and not ("#stt" in d["id"] and d["id"].endswith("#nores"))  # noqa: E731
    variants: list[tuple[str, Callable[[], Any], Callable[[str], list[float]], Callable[[dict[str, Any]], bool]]] = [
        ("logistic regression", logreg, base, standard),
        ("boosted trees (shipped)", trees, base, standard),
        ("trees + sentence-start features", trees, lambda i: base(i) + sentence_features(feats_of[i], oof[i][1]), standard),
        ("trees without unit counts", trees, without_counts, standard),
        ("trees + Result-removed transcripts", trees, base, lambda d: "#trunc" not in d["id"]),
        ("trees + truncated copies", trees, base, lambda d: not ("#stt" in d["id"] and d["id"].endswith("#nores"))),
    ]
    kf = KFold(5, shuffle=True, random_state=SEED + 1)
    groups = sorted({d["group"] for d in data})
    folds = [{groups[i] for i in te} for _, te in kf.split(np.arange(len(groups)))]
    print(f"{'variant':36s} {'macro-F1':>8s} {'flagged':>8s} {'kept':>6s} {'stt flagged':>11s} {'stt kept':>8s}")
    fitted = []
    for name, make, fx, use in variants:
        c = {k: [0, 0] for k in ("flag", "keep", "sflag", "skeep")}
        items = []
        for test in folds:
            train = [d for d in data if d["group"] not in test and use(d)]
            model = make().fit(np.array([fx(d["id"]) for d in train]), np.array([int("result" in d["labels"]) for d in train]))
            for d in data:
                if d["group"] not in test or "#trunc" in d["id"]:
                    continue
                p, path, _, fold_model = oof[d["id"]]
                absent = model.predict_proba(np.array([fx(d["id"])]))[0, 1] < 0.5 and R in path and set(path) - {R}
                labels = [NAMES[i] for i in (fold_model.decode(p, forbidden=[R]) if absent else path)]
                spoken = "#stt" in d["id"]
                if d["id"].endswith("#nores"):
                    key = "sflag" if spoken else "flag"
                    c[key][0] += "result" not in labels
                    c[key][1] += 1
                else:
                    if not spoken:
                        items.append((d["text"], d["spans"], _predicted_spans(d, labels)))
                    if all(lab in d["labels"] for lab in STAR_LABELS):
                        key = "skeep" if spoken else "keep"
                        c[key][0] += "result" in labels
                        c[key][1] += 1
        r = {k: v[0] / max(1, v[1]) for k, v in c.items()}
        print(f"{name:36s} {token_macro_f1(items)['macro_f1']:8.4f} {r['flag']:8.3f} {r['keep']:6.3f} {r['sflag']:11.3f} {r['skeep']:8.3f}", flush=True)
        train = [d for d in data if use(d)]
        fitted.append((name, make().fit(np.array([fx(d["id"]) for d in train]), np.array([int("result" in d["labels"]) for d in train])), fx))
    task_presence(data, oof, folds, trees)
    if a.dev:
        measure_dev(fitted)
    return 0


def task_presence(data: list[dict[str, Any]], oof: dict[str, Any], folds: list[set[str]], make: Callable[[], Any]) -> None:
    """The Task presence model (shipped) against Result presence only: it adds a Task where it
    judges one present and none is decoded. As in ``star_nlp.train``, the Result-removed copies do
    not train it."""
    T = NAMES.index("task")
    standard = [d for d in data if "#trunc" not in d["id"] and not ("#stt" in d["id"] and d["id"].endswith("#nores"))]
    print("\nTask presence (adds a Task where judged present and none decoded), our written answers on held-out folds")
    print(f"{'variant':36s} {'macro-F1':>8s} {'all four parts kept':>20s} {'Task-less answers given a Task':>31s}")
    for use_task in (False, True):
        items, complete, taskless = [], [0, 0], [0, 0]
        for test in folds:
            train = [d for d in standard if d["group"] not in test]
            y_r = np.array([int("result" in d["labels"]) for d in train])
            m_r = make().fit(np.array([presence_features(*oof[d["id"]][:2], R, oof[d["id"]][2]) for d in train]), y_r)
            t_train = [d for d in train if not d["id"].endswith("#nores")]
            y_t = np.array([int("task" in d["labels"]) for d in t_train])
            m_t = make().fit(np.array([presence_features(*oof[d["id"]][:2], T, oof[d["id"]][2]) for d in t_train]), y_t) if use_task else None
            for d in standard:
                if d["group"] not in test or "#" in d["id"]:
                    continue
                p, path, c, fold_model = oof[d["id"]]
                p_r = m_r.predict_proba(np.array([presence_features(p, path, R, c)]))[0, 1]
                forbidden = [R] if p_r < 0.5 and R in path and set(path) - {R} else []
                final = fold_model.decode(p, forbidden=forbidden) if forbidden else path
                if m_t is not None and T not in final and len(final) > 1 and m_t.predict_proba(np.array([presence_features(p, path, T, c)]))[0, 1] >= 0.5:
                    final = fold_model.decode(p, forbidden=forbidden, required=T)
                labels = [NAMES[i] for i in final]
                items.append((d["text"], d["spans"], _predicted_spans(d, labels)))
                if all(lab in d["labels"] for lab in STAR_LABELS):
                    complete[0] += all(lab in labels for lab in STAR_LABELS)
                    complete[1] += 1
                if "task" not in d["labels"]:
                    taskless[0] += "task" in labels
                    taskless[1] += 1
        name = "+ Task presence (shipped)" if use_task else "Result presence only"
        print(f"{name:36s} {token_macro_f1(items)['macro_f1']:8.4f} {complete[0] / complete[1]:20.3f} {f'{taskless[0]}/{taskless[1]}':>31s}", flush=True)


def measure_dev(fitted: list[tuple[str, Any, Callable[[str], list[float]]]]) -> None:
    """Swap each variant into the shipped analyser and score the development set (measuring only)."""
    eval_dir = Path(__file__).resolve().parents[2] / "shared" / "eval"
    sys.path.insert(0, str(eval_dir))
    import score_star  # type: ignore[import-not-found]

    from star_nlp import Analyzer

    analyzer = Analyzer()
    shipped = analyzer.segmenter.presence_
    assert shipped is not None
    rows = score_star.load([str(eval_dir / "star_dev.jsonl")])
    print("\ndevelopment set (shared scorer): clean macro-F1, Result kept (clean), transcript macro-F1, Result kept (transcript), removed Result named")
    for name, model, fx in fitted:
        if fx.__name__ not in {"base", "without_counts"}:
            print(f"{name:36s} (needs the parse's unit features; not measured here)")
            continue
        transform = drop_counts if fx.__name__ == "without_counts" else list

        class Swap:
            """The variant's Result decision; the shipped model's Task decision."""

            ensured = shipped.ensured

            def predict_proba(self, p: np.ndarray, path: list[int], c: np.ndarray, model: Any = model, transform: Any = transform) -> np.ndarray:
                out = shipped.predict_proba(p, path, c)
                out[R] = model.predict_proba(np.array([transform(presence_features(p, path, R, c))]))[0, 1]
                return out

        analyzer.segmenter.presence_ = Swap()  # type: ignore[assignment]

        def run(text: str) -> tuple[list[tuple[str, int, int]], set[str]]:
            fb = analyzer.analyze(text)
            return [(s.label, s.start, s.end) for s in fb.segments], set(fb.missing)

        r = {v: score_star.score(rows, run, v) for v in ("clean", "transcript", "no_result")}
        flagged = r["no_result"]["missing_result_flagged"]
        print(f"{name:36s} {r['clean']['macro_f1']:.4f} {r['clean']['presence']['result'][0]}/67 "
              f"{r['transcript']['macro_f1']:.4f} {r['transcript']['presence']['result'][0]}/67 {flagged[0]}/{flagged[1]}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
