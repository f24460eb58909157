"""Why the presence stage does worse on our text outside training: three diagnostics (measuring only).

Session 18 (``benchmarks/RESULTS.md``, section 1). All three fit on the corpus (or the endings)
and read text that no shipped model trained on: the answer endings (``models/endings``) and the
withheld batches (``models/corpus/withheld``).

1. ``content``: the position-free classifier refitted with another C, or without a feature group
   (bigrams; words, bigrams and openers; tok2vec vectors). Printed: ROC AUC of its Result
   probability, Result units against Action units, on the endings (written, transcripts) and on the
   withheld answers' units (written, transcripts), and the log-loss on the withheld written units.
2. ``effect``: a classifier of any effect (a step's own effect or the outcome) against steps,
   trained on the endings' roles of files 01-12 and tested on files 13-16, against the shipped
   position-free classifier's Result probability, for three distinctions.
3. ``presence``: tree presence models fitted on the corpus's out-of-fold output (the training
   command's way) with subsets of the shipped evidence, a logistic model, the content columns
   merged ("Result or Situation", "not Action", "Result, Situation or other"), the merged evidence
   added to the shipped one, and the effect classifier's view of the ending added. Printed on the
   withheld batches: the presence probability's ROC AUC (complete answers against their
   Result-removed copies), and at the 0.5 cut K (complete answers keeping a Result), N (Result-less
   texts named) and P = (K + N) / 2.

Usage:
    python benchmarks/ood_diagnostics.py [--cache FILE]

``--cache`` is ``presence_screen.py``'s file of the parsed corpus and its out-of-fold output.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from withheld_transfer import PARAMS

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import default_corpus_dir, load_corpus, load_endings
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import SEGMENT_LABELS, STAR_LABELS, content_only, presence_features

LABELS = list(SEGMENT_LABELS)
SIT, ACT, RES, OTHER = (LABELS.index(x) for x in ("situation", "action", "result", "other"))
R_STAR = STAR_LABELS.index("result")
#: The endings' roles as unit labels; a step's own effect is marked ``other`` here to keep it apart.
ROLE_MARK = {"setup": "situation", "step": "action", "step_effect": "other", "outcome": "result"}
LEXICAL = ("w=", "b=", "open0=", "open1=", "open2=")


def without(prefixes: tuple[str, ...]) -> Callable[[dict[str, float]], dict[str, float]]:
    return lambda f: {k: v for k, v in f.items() if not k.startswith(prefixes)}


CONTENT_VARIANTS: dict[str, tuple[float, Callable[[dict[str, float]], dict[str, float]]]] = {
    "C=0.3 (shipped)": (0.3, lambda f: f),
    "C=0.1": (0.1, lambda f: f),
    "C=1.0": (1.0, lambda f: f),
    "no bigrams": (0.3, without(("b=",))),
    "no words, bigrams, openers": (0.3, without(LEXICAL)),
    "no tok2vec vectors": (0.3, without(("vec",))),
}


def endings_with_roles(nlp: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """The endings (and transcript copies) parsed, each unit labelled by :data:`ROLE_MARK`, and each document's file number."""
    rows = load_endings(labels=ROLE_MARK)
    rows += train.augment(rows, ("transcript",))
    return train.build_unit_dataset(rows, nlp), [int(str(r["id"]).split("-")[0][1:]) for r in rows]


def units(docs: Sequence[dict[str, Any]]) -> tuple[list[dict[str, float]], np.ndarray, np.ndarray]:
    """Content features, label indices and a transcript flag per unit."""
    x = [content_only(f) for d in docs for f in d["features"]]
    y = np.array([LABELS.index(lab) for d in docs for lab in d["labels"]])
    stt = np.array([d["id"].endswith("#stt") or d.get("style") == "transcript" for d in docs for _ in d["features"]])
    return x, y, stt


def result_auc(p: np.ndarray, y: np.ndarray, mask: np.ndarray) -> float:
    m = mask & np.isin(y, [RES, ACT])
    return float(roc_auc_score(y[m] == RES, p[m, RES]))


def content_section(corpus: Sequence[dict[str, Any]], ending_docs: Sequence[dict[str, Any]], withheld: Sequence[dict[str, Any]]) -> None:
    tx, ty, _ = units([d for d in corpus if not train._presence_only(d)])
    # the endings' effects are Action in the guide
    ex, ey, est = units(ending_docs)
    ey = np.where(ey == OTHER, ACT, ey)
    wx, wy, wst = units([d for d in withheld if "#nores" not in d["id"]])
    print("1. content: the position-free classifier, Result against Action units (ROC AUC)")
    print(f"   {'variant':28s} endings written  transcripts | withheld written  transcripts  log-loss")
    for name, (c, keep) in CONTENT_VARIANTS.items():
        vec = DictVectorizer(sparse=True)
        clf = LogisticRegression(C=c, max_iter=3000, random_state=train.SEED).fit(vec.fit_transform([keep(f) for f in tx]), ty)

        def proba(xs: Sequence[dict[str, float]]) -> np.ndarray:
            out = np.zeros((len(xs), len(LABELS)))
            out[:, clf.classes_] = clf.predict_proba(vec.transform([keep(f) for f in xs]))
            return out

        pe, pw = proba(ex), proba(wx)
        loss = log_loss(wy[~wst], pw[~wst], labels=list(range(len(LABELS))))
        print(f"   {name:28s} {result_auc(pe, ey, ~est):15.4f} {result_auc(pe, ey, est):12.4f} | {result_auc(pw, wy, ~wst):16.4f} "
              f"{result_auc(pw, wy, wst):12.4f} {loss:9.4f}", flush=True)


def effect_classifier(x: Sequence[dict[str, float]], effect: np.ndarray) -> Callable[[Sequence[dict[str, float]]], np.ndarray]:
    vec = DictVectorizer(sparse=True)
    clf = LogisticRegression(C=0.3, max_iter=3000, random_state=train.SEED).fit(vec.fit_transform(x), effect)
    return lambda xs: clf.predict_proba(vec.transform([content_only(f) for f in xs]))[:, 1] if len(xs) else np.zeros(0)


def effect_section(ending_docs: Sequence[dict[str, Any]], files: Sequence[int], shipped: Any) -> Callable[[Sequence[dict[str, float]]], np.ndarray]:
    x, y, _ = units(ending_docs)
    f = np.array([n for d, n in zip(ending_docs, files) for _ in d["features"]])
    use = y != SIT  # setup units are Situation or Task: left out
    effect = np.isin(y, [OTHER, RES]).astype(int)
    train_idx, test_idx = np.where(use & (f <= 12))[0], np.where(use & (f > 12))[0]
    clf = effect_classifier([x[i] for i in train_idx], effect[train_idx])
    pe = clf([x[i] for i in test_idx])
    ps = shipped.predict_content_proba([x[i] for i in test_idx])[:, RES]
    yt = y[test_idx]
    print(f"2. effect: an effect-against-step classifier from endings files 01-12, on files 13-16 ({len(test_idx)} units; ROC AUC)")
    for name, mask, positive in (("effect (step's own or outcome) against step", np.ones(len(yt), bool), np.isin(yt, [OTHER, RES])),
                                 ("outcome against step", yt != OTHER, yt == RES),
                                 ("outcome against a step's own effect", yt != ACT, yt == RES)):
        print(f"   {name:46s} effect classifier {roc_auc_score(positive[mask], pe[mask]):.4f}   shipped content P(Result) {roc_auc_score(positive[mask], ps[mask]):.4f}")
    return effect_classifier([x[i] for i in np.where(use)[0]], effect[np.where(use)[0]])


def presence_section(corpus: Sequence[dict[str, Any]], oof: dict[str, Any], withheld: Sequence[dict[str, Any]], shipped: Any,
                     effect: Callable[[Sequence[dict[str, float]]], np.ndarray]) -> None:
    judged = [d for d in corpus if train._presence_judged(d)[R_STAR]]
    y_train = np.array([train._presence_targets(d)[R_STAR] for d in judged])
    complete = {d["id"] for d in withheld if "#" not in d["id"] and set(STAR_LABELS) <= set(d["labels"])}
    test = [d for d in withheld if not d["id"].endswith("#stt") and (d["id"] in complete or "result" not in d["labels"])]
    inputs = []
    for d in test:
        proba = shipped.predict_proba(d["features"])
        inputs.append((proba, shipped.decode(proba), shipped.predict_content_proba(d["features"]), effect(d["features"])))
    pair = np.array([d["id"] in complete or (d["id"].endswith("#nores") and d["group"] in complete) for d in test])
    y = np.array([d["id"] in complete for d in test])
    decoded = np.array([RES in path for _, path, _, _ in inputs])
    train_effect = {d["id"]: effect(d["features"]) for d in judged}

    def merged(c: np.ndarray, how: str) -> np.ndarray:
        c = c.copy()
        c[:, RES] = {"R+S": c[:, RES] + c[:, SIT], "1-A": 1 - c[:, ACT], "R+S+O": c[:, RES] + c[:, SIT] + c[:, OTHER]}[how]
        return c

    shipped_evidence = list(range(22))
    variants: dict[str, tuple[str, Callable[[np.ndarray, list[int], np.ndarray, np.ndarray], list[float]]]] = {
        "trees, shipped evidence": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, c)),
        "logistic, shipped evidence": ("logreg", lambda p, path, c, e: presence_features(p, path, R_STAR, c)),
        "trees, labeller columns only": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, c)[:10]),
        "trees, content columns only": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, c)[10:20]),
        "trees, without answer length": ("trees", lambda p, path, c, e: [v for i, v in enumerate(presence_features(p, path, R_STAR, c)) if i not in (9, 20)]),
        "trees, content Result+Situation": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, merged(c, "R+S"))),
        "trees, content not-Action": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, merged(c, "1-A"))),
        "trees, content R+S+other": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, merged(c, "R+S+O"))),
        "trees, shipped + R+S columns": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, c) + presence_features(p, path, R_STAR, merged(c, "R+S"))[10:]),
        "trees, shipped + effect at the end": ("trees", lambda p, path, c, e: presence_features(p, path, R_STAR, c) + [float(e[-1]), float(e[-max(1, len(e) // 3):].max())]),
    }
    print(f"3. presence: fitted on the corpus's out-of-fold output, read on the withheld batches ({int(y.sum())} complete answers, "
          f"{int((pair & ~y).sum())} Result-removed copies, {int((~y).sum())} Result-less texts)")
    for name, (family, evidence) in variants.items():
        x_train = np.array([evidence(*oof[d["id"]][:3], train_effect[d["id"]]) for d in judged])
        model = (HistGradientBoostingClassifier(max_depth=3, max_iter=200, learning_rate=0.05, early_stopping=False, random_state=train.SEED)
                 if family == "trees" else LogisticRegression(C=1.0, max_iter=5000, random_state=train.SEED)).fit(x_train, y_train)
        score = model.predict_proba(np.array([evidence(*i) for i in inputs]))[:, 1]
        has_result = decoded & (score >= 0.5)
        k, n = float(has_result[y].mean()), float((~has_result[~y]).mean())
        print(f"   {name:36s} pair AUC {roc_auc_score(y[pair], score[pair]):.4f}   K {k:.4f}  N {n:.4f}  P {(k + n) / 2:.4f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=None, help="presence_screen.py's cache of the parsed corpus and its out-of-fold output")
    a = ap.parse_args()
    nlp = load_pipeline()
    if a.cache is not None and a.cache.exists():
        corpus, oof = joblib.load(a.cache)
    else:
        rows = load_corpus()
        corpus = train.build_unit_dataset(rows + train.augment(rows, train.AUGMENTATIONS), nlp)
        oof = train._oof_probas(corpus, PARAMS, 5)
    held = load_corpus(default_corpus_dir() / "withheld")
    withheld = train.build_unit_dataset(held + train.augment(held, train.AUGMENTATIONS), nlp)
    ending_docs, files = endings_with_roles(nlp)
    shipped = load_artifact("segmenter.joblib")["model"]
    content_section(corpus, ending_docs, withheld)
    effect = effect_section(ending_docs, files, shipped)
    presence_section(corpus, oof, withheld, shipped, effect)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
