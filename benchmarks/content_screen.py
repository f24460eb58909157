"""Does more evidence about a unit help the position-free classifier read published answers? (measuring only)

The position-free classifier (the labeller's content features, logistic C=0.3, as the shipped model's) is fitted on
the corpus's units with its features as they are, with evidence added, and with feature groups dropped, and scored
on the units of our withheld groups (``models/corpus/withheld``, never trained on) and of any file of labelled
answers given (``published_eval.py``'s format); each unit takes the label of most of its words. Printed per variant
and set: unit accuracy, macro-F1 over the four STAR parts and each part's F1, how many gold Result units are read as
Result and as Action, their mean P(Result), and the gold Action units read as Result.

Variants:

- ``plain``: the features as they are;
- ``+main verb``: the unit's main verb (its lemma, its lemma with the subject, and a class for verbs that report
  an outcome: received or earned, attained, changed, learned, became; or ``evaluative`` for a copula with an
  evaluative adjective), and whether it is in the perfect;
- ``+sentiment``: VADER's sentiment scores of the unit (positive, negative, compound, and a positive or negative
  mark); needs ``vaderSentiment`` (not a dependency of star_nlp: ``pip install vaderSentiment``);
- ``no cue``, ``no vectors``, ``no words``, ``only words``: feature groups dropped (the cue phrases; the parser's
  96-wide token vectors; words, word pairs and openers; everything but those).

Usage:
    python benchmarks/content_screen.py [--file FILE ...]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Span

from star_nlp.corpus import LABELS, default_corpus_dir, load_corpus
from star_nlp.features import _subject, unit_features
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import content_only
from star_nlp.train import SEED, _char_labels, unit_gold_label
from star_nlp.units import split_units

#: Verb classes of outcomes told with any subject ("I received", "we exceeded", "churn fell", "it taught me").
VERB_CLASSES: dict[str, frozenset[str]] = {
    "receipt": frozenset({"receive", "earn", "win", "gain", "award", "grant", "promote", "recognize", "recognise", "praise", "thank",
                          "commend", "compliment", "acknowledge", "reward", "applaud", "celebrate", "offer", "nominate", "select", "hire"}),
    "attain": frozenset({"achieve", "accomplish", "attain", "reach", "exceed", "surpass", "meet", "hit", "beat", "succeed", "manage",
                         "pass", "complete", "finish", "deliver", "launch", "ship", "close", "resolve", "save", "avoid", "prevent",
                         "retain", "keep"}),
    "change": frozenset({"increase", "decrease", "reduce", "drop", "fall", "rise", "grow", "improve", "decline", "double", "triple",
                         "halve", "shrink", "climb", "jump", "go", "cut", "boost", "lower", "raise", "speed", "shorten", "disappear",
                         "stop", "stabilize", "stabilise"}),
    "learn": frozenset({"learn", "realize", "realise", "understand", "discover", "teach", "show", "prove", "remind", "reinforce",
                        "appreciate"}),
    "become": frozenset({"become", "remain", "stay", "end", "turn", "continue", "start", "begin"}),
}
EVALUATIVE = frozenset({"successful", "happy", "satisfied", "pleased", "grateful", "proud", "impressed", "able", "better", "faster",
                        "stable", "smooth", "positive", "thrilled", "glad", "delighted", "great", "effective", "fewer", "lower", "higher"})


def main_verb(unit: Span) -> dict[str, float]:
    """The unit's main verb: lemma, lemma with subject, outcome class (with subject and voice), perfect."""
    root = unit.root
    head = root if root.pos_ in {"VERB", "AUX"} else next((t for t in unit if t.pos_ in {"VERB", "AUX"}), None)
    if head is None:
        return {"root=none": 1.0}
    lemma = head.lemma_.lower()
    who, passive = _subject(unit)
    out = {f"root={lemma}": 1.0, f"root_subj={lemma}_{who}": 1.0}
    cls = next((c for c, verbs in VERB_CLASSES.items() if lemma in verbs), None)
    if lemma == "be" or head.pos_ == "AUX":
        if any(c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in EVALUATIVE for c in head.children):
            cls = "evaluative"
    if cls:
        out[f"root_class={cls}"] = 1.0
        out[f"root_class={cls}_{who}{'_pass' if passive else ''}"] = 1.0
    if any(c.dep_ in {"aux", "auxpass"} and c.lemma_.lower() == "have" for c in head.children):
        out["root_perfect"] = 1.0
    return out


def sentiment() -> Callable[[Span], dict[str, float]]:
    """VADER's scores of a unit (raises ImportError naming the package when it is not installed)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as err:  # pragma: no cover - a measuring script's optional extra
        raise ImportError("the +sentiment variant needs vaderSentiment: pip install vaderSentiment") from err
    analyzer = SentimentIntensityAnalyzer()

    def scores(unit: Span) -> dict[str, float]:
        s = analyzer.polarity_scores(unit.text)
        out = {"vader_pos": s["pos"], "vader_neg": s["neg"], "vader_compound": s["compound"]}
        if s["compound"] >= 0.3:
            out["vader=pos"] = 1.0
        elif s["compound"] <= -0.3:
            out["vader=neg"] = 1.0
        return out

    return scores


def units_of(rows: list[dict[str, Any]], nlp: Any, adders: dict[str, Callable[[Span], dict[str, float]]]) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Per unit: its content features and each adder's extra features (by name), and the gold label indices."""
    feats, gold = [], []
    for row, doc in zip(rows, nlp.pipe([str(r["text"]) for r in rows], batch_size=64)):
        chars = _char_labels(doc.text, row["spans"])
        units = split_units(doc)
        for unit, f in zip(units, unit_features(doc, units)):
            feats.append({"content": content_only(f), **{name: add(unit) for name, add in adders.items()}})
            gold.append(LABELS.index(unit_gold_label(unit.start_char, unit.end_char, chars, doc.text)))
    return feats, np.array(gold)


def _drop(prefixes: tuple[str, ...]) -> Callable[[dict[str, Any]], dict[str, float]]:
    return lambda u: {k: v for k, v in u["content"].items() if not k.startswith(prefixes)}


VARIANTS: dict[str, Callable[[dict[str, Any]], dict[str, float]]] = {
    "plain": lambda u: u["content"],
    "+main verb": lambda u: {**u["content"], **u["main verb"]},
    "+sentiment": lambda u: {**u["content"], **u["sentiment"]},
    "no cue": _drop(("cue=",)),
    "no vectors": _drop(("vec",)),
    "no words": _drop(("w=", "b=", "open")),
    "only words": lambda u: {k: v for k, v in u["content"].items() if k.startswith(("w=", "b=", "open"))},
}


def line(name: str, variant: str, proba: np.ndarray, classes: np.ndarray, y: np.ndarray) -> str:
    result, action = LABELS.index("result"), LABELS.index("action")
    pred = classes[proba.argmax(axis=1)]
    f1s = []
    for lab in range(4):
        tp, fp, fn = int(((pred == lab) & (y == lab)).sum()), int(((pred == lab) & (y != lab)).sum()), int(((pred != lab) & (y == lab)).sum())
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    gold_r = y == result
    p_r = proba[gold_r, list(classes).index(result)].mean()
    return (f"  {name:<14} {variant:<11} units {len(y):>5}  accuracy {(pred == y).mean():.4f}  macro-F1 {np.mean(f1s):.4f} "
            f"{[round(f, 3) for f in f1s]}  Result units {int(gold_r.sum())}: read Result {int((pred[gold_r] == result).sum())}, "
            f"Action {int((pred[gold_r] == action).sum())}, mean P(Result) {p_r:.3f}; Action units read Result {int(((y == action) & (pred == result)).sum())}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", nargs="*", default=[], help="files of labelled answers in the development set's format")
    a = ap.parse_args()
    nlp = load_pipeline()
    adders = {"main verb": main_verb, "sentiment": sentiment()}
    train = units_of(load_corpus(), nlp, adders)
    sets = {"withheld": units_of(load_corpus(default_corpus_dir() / "withheld"), nlp, adders)}
    for f in a.file:
        rows = [json.loads(x) for x in Path(f).read_text(encoding="utf-8").splitlines() if x.strip()]
        sets[Path(f).name] = units_of(rows, nlp, adders)
    print(f"position-free classifier (logistic C=0.3) fitted on {len(train[1])} corpus units")
    for variant, view in VARIANTS.items():
        vectorizer = DictVectorizer()
        model = LogisticRegression(C=0.3, max_iter=3000, random_state=SEED).fit(vectorizer.fit_transform([view(u) for u in train[0]]), train[1])
        for name, (feats, y) in sets.items():
            print(line(name, variant, model.predict_proba(vectorizer.transform([view(u) for u in feats])), model.classes_, y), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
