"""A linear-chain conditional random field over unit features, through CRFsuite.

The segmenter's ``"crf"`` labeller family: unlike a unit classifier followed by a transition
matrix, a CRF learns the unit weights and the label transitions together, so each unit's
probability already accounts for its neighbours' labels. The per-unit marginal probabilities are
what the segmenter decodes and what its presence model reads. The trained model ships as CRFsuite's
own binary model (bytes inside the artifact) and needs neither scikit-learn nor a file at run time.

Example:
    >>> crf = CrfScorer.train([[{"w=asked": 1.0}, {"w=fixed": 1.0}]] * 3, [["task", "action"]] * 3, order=["task", "action"])
    >>> crf.predict_proba([{"w=asked": 1.0}, {"w=fixed": 1.0}]).argmax(axis=1).tolist()
    [0, 1]
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["CrfScorer"]


def _items(features: Sequence[dict[str, float]]) -> list[dict[str, float]]:
    """Feature dicts in sorted key order: CRFsuite numbers attributes in the order it meets them, so
    the same features built in another order (set iteration varies with the hash seed) would
    otherwise train a slightly different model."""
    return [{k: float(f[k]) for k in sorted(f)} for f in features]


class CrfScorer:
    """Per-unit marginal label probabilities from a trained CRFsuite model.

    Args:
        model: The CRFsuite model file's bytes.
        labels: The label order of :meth:`predict_proba`'s columns.
    """

    def __init__(self, model: bytes, labels: Sequence[str]) -> None:
        self.model = bytes(model)
        self.labels = list(labels)
        self._tagger: Any = None

    @classmethod
    def train(
        cls,
        features: Sequence[Sequence[dict[str, float]]],
        labels: Sequence[Sequence[str]],
        *,
        order: Sequence[str] | None = None,
        l2: float = 1.0,
        max_iterations: int = 150,
    ) -> CrfScorer:
        """Train with L-BFGS and L2 regularisation ``l2`` (CRFsuite's ``c2``); deterministic.

        Args:
            features: ``features[d][u]``: the feature dict of unit ``u`` of document ``d``.
            labels: ``labels[d][u]``: its gold label.
            order: Column order of the probabilities; default the labels in order of first
                appearance.
            l2: L2 regularisation strength.
            max_iterations: L-BFGS iterations.
        """
        import pycrfsuite  # the C extension, imported only where a CRF is used

        columns = list(order or dict.fromkeys(y for doc in labels for y in doc))
        unknown = {y for doc in labels for y in doc} - set(columns)
        if unknown:
            raise ValueError(f"labels {sorted(unknown)} are not in the label order {columns}")
        trainer = pycrfsuite.Trainer(verbose=False)
        for f, y in zip(features, labels):
            if len(f) != len(y):
                raise ValueError(f"a document has {len(f)} feature dicts but {len(y)} labels")
            if f:
                trainer.append(_items(f), list(y))
        trainer.set_params({"c1": 0.0, "c2": float(l2), "max_iterations": int(max_iterations), "feature.possible_transitions": True})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.crfsuite"
            trainer.train(str(path))
            return cls(path.read_bytes(), columns)

    def _tagger_for_use(self) -> Any:
        if self._tagger is None:
            import pycrfsuite

            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(self.model)
            self._tagger = tagger
        return self._tagger

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """Marginal probability of each label at each unit (units × labels, rows sum to 1)."""
        out = np.zeros((len(features), len(self.labels)))
        if not features:
            return out
        tagger = self._tagger_for_use()
        tagger.set(_items(features))
        known = set(tagger.labels())
        for j, label in enumerate(self.labels):
            if label in known:
                out[:, j] = [tagger.marginal(label, t) for t in range(len(features))]
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model, "labels": self.labels}  # the open tagger is not picklable

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.model, self.labels, self._tagger = state["model"], state["labels"], None
