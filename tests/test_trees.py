"""Numpy inference of the boosted trees equals scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from star_nlp.trees import BoostedTreesScorer


def test_scorer_matches_hist_gradient_boosting() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 6))
    y = ((x[:, 0] + 0.5 * x[:, 1] * x[:, 2] - 0.3 * x[:, 3]) > 0).astype(int)
    model = HistGradientBoostingClassifier(max_depth=3, max_iter=60, learning_rate=0.1, early_stopping=False, random_state=0).fit(x, y)
    scorer = BoostedTreesScorer.from_sklearn(model)
    probe = np.vstack([rng.normal(size=(50, 6)), x[:10], np.zeros((1, 6))])
    np.testing.assert_allclose(scorer.predict_proba(probe), model.predict_proba(probe)[:, 1], atol=1e-12)
    assert len(scorer.trees) == 60


def test_missing_values_follow_the_learned_side() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(300, 2))
    x[::7, 0] = np.nan
    y = (np.nan_to_num(x[:, 0], nan=5.0) > 0).astype(int)
    model = HistGradientBoostingClassifier(max_depth=2, max_iter=20, early_stopping=False, random_state=0).fit(x, y)
    probe = np.array([[np.nan, 0.0], [-1.0, 0.0], [1.0, 0.0]])
    np.testing.assert_allclose(BoostedTreesScorer.from_sklearn(model).predict_proba(probe), model.predict_proba(probe)[:, 1], atol=1e-12)


def test_multiclass_is_refused() -> None:
    x = np.arange(30, dtype=float).reshape(-1, 1)
    model = HistGradientBoostingClassifier(max_iter=3).fit(x, np.arange(30) % 3)
    with pytest.raises(ValueError, match="3 classes"):
        BoostedTreesScorer.from_sklearn(model)
