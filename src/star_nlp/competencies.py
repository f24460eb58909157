"""Which of the six competencies an answer demonstrates, and which a question asks about.

The answer tagger is a multi-label classifier (TF-IDF word and word-pair features, one logistic
regression per competency) trained on the corpus's ``competencies`` field. Questions map onto
competencies with the cue table of the STAR guide (``../shared/DOMAIN.md``, "Common questions map
onto these").

Example:
    >>> question_competencies("Tell me about a time you disagreed with a teammate.")
    ('teamwork',)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ._version import __version__
from .artifacts import default_artifact_dir, save_artifact
from .corpus import COMPETENCIES, corpus_hash, load_corpus
from .linear import TfidfMultiLabelScorer

__all__ = ["COMPETENCIES", "competency_model", "question_competencies", "train_competencies"]

SEED = 13

#: Question cues → competencies (the STAR guide's mapping of common questions).
_QUESTION_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"challeng|difficult (problem|bug)|hardest|complex problem|debug|bug|troubleshoot|root cause|analy[sz]|data|decision", ("problem_solving",)),
    (r"disagree|conflict|did not get along|didn't get along|difficult (colleague|coworker|teammate|person)|tension|argu", ("teamwork",)),
    (r"explain|non-?technical|communicat|present|persuade|convince|influence|bad news|stakeholder", ("communication",)),
    (r"mistake|fail|wrong|learn|new (tool|technology|skill|role)|change|adapt|pivot|shift|feedback|ambigu|unclear|uncertain", ("adaptability",)),
    (r"ethic|bias|fair|privacy|integrity|unsafe|honest|compliance|whistle|right thing|security concern", ("ethics",)),
    (r"initiative|lead|mentor|ownership|own(ed)? |above and beyond|without being asked|improv(e|ed) a process|motivat|train(ed)? new", ("leadership",)),
    (r"team|collaborat|work(ed)? with (others|a group)|cross-functional|consensus", ("teamwork",)),
    (r"priorit|deadline|pressure|several (things|tasks)|competing|juggl|time management", ("problem_solving", "leadership")),
    (r"difficult (stakeholder|customer|client|patient|parent)|angry|upset|complain", ("communication", "teamwork")),
    (r"ambigu|incomplete information|unclear", ("problem_solving", "adaptability")),
)


def question_competencies(question: str) -> tuple[str, ...]:
    """The competencies a question asks about, in the fixed competency order.

    Args:
        question: The interview question.

    Returns:
        A tuple of competency names; empty when no cue matches.

    Example:
        >>> question_competencies("Describe a time you had to explain a model to a non-technical stakeholder.")
        ('communication',)
    """
    q = question.lower()
    found: set[str] = set()
    for pattern, comps in _QUESTION_CUES:
        if re.search(pattern, q):
            found.update(comps)
    return tuple(c for c in COMPETENCIES if c in found)


def _make_model() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer  # training only
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, lowercase=True),
        OneVsRestClassifier(LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=SEED)),
    )


def _targets(rows: Sequence[dict[str, Any]]) -> np.ndarray:
    return np.array([[int(c in r["competencies"]) for c in COMPETENCIES] for r in rows])


def _decide(proba: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    pred = (proba >= threshold).astype(int)
    pred[np.arange(len(pred)), proba.argmax(axis=1)] = 1  # every answer shows at least one competency
    return pred


def train_competencies(
    corpus_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    folds: int = 5,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Cross-validate and fit the competency tagger on the corpus; save ``competencies.joblib``.

    Every fit runs on one native thread, as the segmenter's do (:func:`star_nlp.train.one_thread`),
    so the artifact does not depend on the machine's core count.
    """
    from threadpoolctl import threadpool_limits  # training only: keeps `import star_nlp` light

    with threadpool_limits(limits=1):
        return _train_competencies(corpus_dir, out_dir, folds=folds, progress=progress)


def _train_competencies(corpus_dir: str | Path | None, out_dir: str | Path | None, *, folds: int, progress: Callable[[str], None] | None) -> dict[str, Any]:
    from sklearn.metrics import f1_score  # training only: keeps `import star_nlp` light
    from sklearn.model_selection import KFold

    rows = load_corpus(corpus_dir)
    texts = [str(r["text"]) for r in rows]
    y = _targets(rows)
    pred = np.zeros_like(y)
    for train_idx, test_idx in KFold(n_splits=folds, shuffle=True, random_state=SEED).split(texts):
        model = _make_model().fit([texts[i] for i in train_idx], y[train_idx])
        pred[test_idx] = _decide(model.predict_proba([texts[i] for i in test_idx]))
    cv = {
        "micro_f1": round(float(f1_score(y, pred, average="micro")), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
        "per_competency_f1": {c: round(float(f1_score(y[:, k], pred[:, k], zero_division=0)), 3) for k, c in enumerate(COMPETENCIES)},
    }
    if progress:
        progress(f"competencies cv: {cv}")
    import sklearn

    model = TfidfMultiLabelScorer.from_sklearn(_make_model().fit(texts, y))
    meta = {
        "labels": list(COMPETENCIES),
        "star_nlp_version": __version__,
        "sklearn_version": sklearn.__version__,
        "corpus_hash": corpus_hash(rows),
        "corpus_answers": len(rows),
        "seed": SEED,
        "cv_folds": folds,
        "cv": cv,
    }
    save_artifact({"model": model, "meta": meta}, out_dir or default_artifact_dir(), "competencies.joblib")
    return meta


def competency_model(model: Any, texts: Sequence[str]) -> list[dict[str, float]]:
    """Probabilities per competency for each text, from a fitted tagger (a scorer or a scikit-learn pipeline)."""
    if not texts:
        return []
    proba = model.predict_proba(list(texts))
    return [{c: round(float(p[k]), 4) for k, c in enumerate(COMPETENCIES)} for p in proba]
