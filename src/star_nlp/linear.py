"""Numpy-only inference for the trained linear models.

Training uses scikit-learn; the shipped artifacts hold the learned weights as plain numpy arrays
and vocabularies, so analysing an answer needs neither scikit-learn nor its import time (about a
second), and loading an artifact cannot construct arbitrary scikit-learn objects. The scorers
reproduce the fitted estimators' ``predict_proba`` (tested against them).

Example:
    >>> scorer = SparseLinearScorer({"a": 0, "b": 1}, np.array([[1.0, -1.0]]), np.array([0.0]), np.array([0, 1]))
    >>> scorer.predict_proba([{"a": 1.0}]).round(3).tolist()
    [[0.269, 0.731]]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["SparseLinearScorer", "TfidfMultiLabelScorer"]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


_SEP = "\x00"


def _pack_vocabulary(vocabulary: dict[str, int]) -> tuple[str, np.ndarray]:
    # One string and one array instead of a dict of ~100k entries: joblib's pure-Python unpickler
    # spends about ten times longer on the dict than on these two objects plus the rebuild.
    # Packed in column order, so that equal vocabularies give equal bytes whatever order their dict
    # was filled in (that order follows Python's per-process string hashing).
    if any(_SEP in k for k in vocabulary):
        raise ValueError("a feature name contains NUL, which the artifact format uses as separator")
    items = sorted(vocabulary.items(), key=lambda kv: kv[1])
    return _SEP.join(k for k, _ in items), np.fromiter((c for _, c in items), dtype=np.int32, count=len(items))


def _unpack_vocabulary(names: str, columns: np.ndarray) -> dict[str, int]:
    keys = names.split(_SEP) if names else []
    if len(keys) != len(columns):
        raise ValueError(f"damaged vocabulary: {len(keys)} names for {len(columns)} columns")
    return dict(zip(keys, columns.tolist()))


class _PackedVocabulary:
    """Pickle support: the ``vocabulary`` dict travels packed (see ``_pack_vocabulary``)."""

    vocabulary: dict[str, int]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["vocabulary"] = _pack_vocabulary(state["vocabulary"])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vocab = state["vocabulary"]
        if isinstance(vocab, tuple):
            state = {**state, "vocabulary": _unpack_vocabulary(*vocab)}
        self.__dict__.update(state)


class SparseLinearScorer(_PackedVocabulary):
    """Logistic regression over a dict-of-features vocabulary (a ``DictVectorizer`` + ``LogisticRegression``).

    Args:
        vocabulary: Feature name to column.
        coef: ``n_classes × n_features`` (one row for a binary model).
        intercept: ``n_classes`` (one value for a binary model).
        classes: The class labels, in column order of the probabilities.
    """

    def __init__(self, vocabulary: dict[str, int], coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray) -> None:
        self.vocabulary = vocabulary
        self.coef_t = np.ascontiguousarray(coef.T)  # n_features × n_classes: one row per feature
        self.intercept = intercept
        self.classes_ = classes

    @classmethod
    def from_sklearn(cls, vectorizer: Any, model: Any) -> SparseLinearScorer:
        """Copy the weights of a fitted ``DictVectorizer`` and ``LogisticRegression``."""
        return cls(dict(vectorizer.vocabulary_), np.asarray(model.coef_, dtype=np.float64),
                   np.asarray(model.intercept_, dtype=np.float64), np.asarray(model.classes_))

    def decision(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """Linear scores, ``len(features) × n_columns``."""
        out = np.tile(self.intercept, (len(features), 1))
        vocab = self.vocabulary
        for i, feats in enumerate(features):
            idx = [vocab[k] for k in feats if k in vocab]
            if idx:
                vals = np.fromiter((feats[k] for k in feats if k in vocab), dtype=np.float64, count=len(idx))
                out[i] += vals @ self.coef_t[idx]
        return out

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order."""
        z = self.decision(features)
        if z.shape[1] == 1:
            p = _sigmoid(z[:, 0])
            return np.column_stack([1 - p, p])
        return _softmax(z)


_TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")


class TfidfMultiLabelScorer(_PackedVocabulary):
    """TF-IDF word and word-pair features with one logistic regression per label (one-vs-rest).

    Mirrors ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)`` followed by
    ``OneVsRestClassifier(LogisticRegression())``.
    """

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray, ngram_max: int = 2) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.coef_t = np.ascontiguousarray(coef.T)  # n_features × n_labels
        self.intercept = intercept
        self.ngram_max = ngram_max

    @classmethod
    def from_sklearn(cls, pipeline: Any) -> TfidfMultiLabelScorer:
        """Copy the weights of a fitted ``make_pipeline(TfidfVectorizer, OneVsRestClassifier(LogisticRegression))``."""
        tfidf, ovr = pipeline.steps[0][1], pipeline.steps[1][1]
        if tfidf.analyzer != "word" or not tfidf.lowercase or not tfidf.sublinear_tf or tfidf.norm != "l2" or tfidf.stop_words:
            raise ValueError("only lower-cased word n-gram TF-IDF with sublinear tf and l2 norm is supported")
        coef = np.vstack([est.coef_[0] for est in ovr.estimators_])
        intercept = np.array([est.intercept_[0] for est in ovr.estimators_])
        return cls(dict(tfidf.vocabulary_), np.asarray(tfidf.idf_), coef, intercept, tfidf.ngram_range[1])

    def _vector(self, text: str) -> tuple[list[int], np.ndarray]:
        words = _TOKEN_RE.findall(text.lower())
        grams = list(words)
        for n in range(2, self.ngram_max + 1):
            grams += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        counts = Counter(g for g in grams if g in self.vocabulary)
        idx = [self.vocabulary[g] for g in counts]
        vals = np.array([(1.0 + math.log(c)) for c in counts.values()], dtype=np.float64) * self.idf[idx] if idx else np.zeros(0)
        norm = float(np.sqrt((vals**2).sum())) if idx else 0.0
        return idx, (vals / norm if norm else vals)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-label probabilities, ``len(texts) × n_labels``."""
        out = np.tile(self.intercept, (len(texts), 1))
        for i, text in enumerate(texts):
            idx, vals = self._vector(text)
            if idx:
                out[i] += vals @ self.coef_t[idx]
        return _sigmoid(out)
