"""Numpy-only inference for a trained gradient-boosted tree ensemble.

The presence model may be a scikit-learn ``HistGradientBoostingClassifier`` (binary). Shipped
artifacts hold its trees as plain numpy arrays, evaluated here, so that predicting needs neither
scikit-learn nor its import time, and loading cannot construct scikit-learn objects. The scorer
reproduces the fitted estimator's ``predict_proba`` (tested against it).

Example:
    >>> node = np.zeros(3, dtype=BoostedTreesScorer.NODE_DTYPE)
    >>> node[0] = (0.0, 0, 0.5, 1, 1, 2, 0); node[1] = (-1.0, 0, 0.0, 0, 0, 0, 1); node[2] = (2.0, 0, 0.0, 0, 0, 0, 1)
    >>> scorer = BoostedTreesScorer(0.0, [node])
    >>> scorer.predict_proba(np.array([[0.2], [0.9]])).round(3).tolist()
    [0.269, 0.881]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["BoostedTreesScorer"]


class BoostedTreesScorer:
    """A binary boosted-tree ensemble: ``sigmoid(baseline + sum of the reached leaves' values)``.

    Args:
        baseline: The raw score before any tree.
        trees: One structured array per tree (``NODE_DTYPE``); node 0 is the root. A sample goes
            left when its feature is ``<= threshold`` (or missing and ``missing_left``).
    """

    NODE_DTYPE = np.dtype(
        [("value", "f8"), ("feature", "i4"), ("threshold", "f8"), ("missing_left", "u1"), ("left", "i4"), ("right", "i4"), ("is_leaf", "u1")]
    )

    def __init__(self, baseline: float, trees: Sequence[np.ndarray]) -> None:
        self.baseline = float(baseline)
        self.trees = [np.asarray(t, dtype=self.NODE_DTYPE) for t in trees]
        self._flatten()

    def _flatten(self) -> None:
        # All trees in one node table with global child indices, so that every tree advances one
        # level per numpy step instead of one node per Python step.
        sizes = [len(t) for t in self.trees]
        offsets = np.cumsum([0, *sizes[:-1]]).astype(np.int64)
        flat = np.concatenate(self.trees) if self.trees else np.zeros(0, dtype=self.NODE_DTYPE)
        shift = np.repeat(offsets, sizes)
        self._roots = offsets
        self._feature = flat["feature"].astype(np.int64)
        self._threshold = flat["threshold"]
        self._missing_left = flat["missing_left"].astype(bool)
        self._is_leaf = flat["is_leaf"].astype(bool)
        self._value = flat["value"]
        self._left = flat["left"].astype(np.int64) + shift
        self._right = flat["right"].astype(np.int64) + shift

    def __getstate__(self) -> dict[str, Any]:
        return {"baseline": self.baseline, "trees": self.trees}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.baseline = float(state["baseline"])
        self.trees = list(state["trees"])
        self._flatten()

    @classmethod
    def from_sklearn(cls, model: Any) -> BoostedTreesScorer:
        """Copy the trees of a fitted binary ``HistGradientBoostingClassifier`` with numeric features."""
        if len(model.classes_) != 2:
            raise ValueError(f"only binary classifiers are supported, not {len(model.classes_)} classes")
        trees = []
        for (predictor,) in model._predictors:
            nodes = predictor.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            out = np.zeros(len(nodes), dtype=cls.NODE_DTYPE)
            for ours, theirs in (("value", "value"), ("feature", "feature_idx"), ("threshold", "num_threshold"),
                                 ("missing_left", "missing_go_to_left"), ("left", "left"), ("right", "right"), ("is_leaf", "is_leaf")):
                out[ours] = nodes[theirs]
            trees.append(out)
        return cls(float(np.ravel(model._baseline_prediction)[0]), trees)

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) for the rows of ``x``."""
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        out = np.full(len(x), self.baseline)
        for r, row in enumerate(x):
            k = self._roots.copy()
            inner = ~self._is_leaf[k]
            while inner.any():
                v = row[self._feature[k]]
                go_left = np.where(np.isnan(v), self._missing_left[k], v <= self._threshold[k])
                k = np.where(inner, np.where(go_left, self._left[k], self._right[k]), k)
                inner = ~self._is_leaf[k]
            out[r] += float(self._value[k].sum())
        return out

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Probability of the positive class for the rows of ``x``."""
        return 1.0 / (1.0 + np.exp(-self.decision(x)))
