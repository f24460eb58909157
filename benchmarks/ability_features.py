"""Does a feature for the modal on a unit's own verb help the position-free classifier read ability Results? (measuring only)

Session 15 (``benchmarks/RESULTS.md``): Results told as a new ability ("Customers could track
their orders online.") are read as steps. This fits the position-free classifier (logistic, C=0.3,
the shipped labeller's) on the corpus's units, with and without an ``own_modal=<modal>_<subject>``
feature (a modal attached to the unit's own main verb, with who its subject is and whether it is
negated), and with and without the withheld batch 23, and prints how many of the 16 endings of
``benchmarks/data/ability_outcomes.jsonl`` it then reads as Result rather than Action. The
classifier alone, not the whole segmenter.

Usage:
    python benchmarks/ability_features.py
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Span

from star_nlp.corpus import LABELS, default_corpus_dir, load_corpus
from star_nlp.features import _subject, unit_features
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import content_only
from star_nlp.train import SEED, _char_labels, unit_gold_label
from star_nlp.units import split_units

DATA = Path(__file__).resolve().parent / "data" / "ability_outcomes.jsonl"


def own_modal(unit: Span) -> dict[str, float]:
    """``own_modal=<modal>_<subject>[_neg]`` for a modal on the unit's own main verb."""
    modals = [c.lower_ for c in unit.root.children if c.tag_ == "MD"]
    if not modals:
        return {}
    who, _ = _subject(unit)
    negated = any(c.dep_ == "neg" for c in unit.root.children)
    return {f"own_modal={modals[0]}_{who}{'_neg' if negated else ''}": 1.0}


def labelled_units(rows: Sequence[dict[str, Any]], nlp: Any) -> tuple[list[dict[str, float]], list[dict[str, float]], list[int]]:
    """Content features without and with :func:`own_modal`, and gold labels, of every unit."""
    plain, with_modal, gold = [], [], []
    for row, doc in zip(rows, nlp.pipe([str(r["text"]) for r in rows])):
        labels = _char_labels(doc.text, row["spans"])
        units = split_units(doc)
        for unit, features in zip(units, unit_features(doc, units)):
            content = content_only(features)
            plain.append(content)
            with_modal.append({**content, **own_modal(unit)})
            gold.append(LABELS.index(unit_gold_label(unit.start_char, unit.end_char, labels, doc.text)))
    return plain, with_modal, gold


def main() -> int:
    nlp = load_pipeline()
    corpus = labelled_units(load_corpus(), nlp)
    batch_23 = labelled_units([r for r in load_corpus(default_corpus_dir() / "withheld") if str(r["id"]).startswith("ca-")], nlp)
    endings = []
    for row in (json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()):
        doc = nlp(f"{row['answer']} {row['result']}")
        units = split_units(doc)
        last = content_only(unit_features(doc, units)[-1])
        endings.append((last, {**last, **own_modal(units[-1])}))
    result, action = LABELS.index("result"), LABELS.index("action")
    for name, extra, feature in (("corpus", False, 0), ("corpus + feature", False, 1), ("corpus + batch 23", True, 0), ("corpus + batch 23 + feature", True, 1)):
        x = corpus[feature] + (batch_23[feature] if extra else [])
        y = corpus[2] + (batch_23[2] if extra else [])
        vectorizer = DictVectorizer()
        model = LogisticRegression(C=0.3, max_iter=3000, random_state=SEED).fit(vectorizer.fit_transform(x), y)
        proba = model.predict_proba(vectorizer.transform([e[feature] for e in endings]))
        read = int((proba[:, result] > proba[:, action]).sum())
        print(f"{name:28s} endings read as Result rather than Action: {read}/{len(endings)}   "
              f"mean Result {proba[:, result].mean():.2f}   mean Action {proba[:, action].mean():.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
