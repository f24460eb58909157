"""The CRF labeller family: training, marginals, pickling, and its use inside the segmenter."""

from __future__ import annotations

import io

import joblib
import numpy as np
import pytest

from star_nlp.crf import CrfScorer
from star_nlp.segmenter import UnitSequenceModel


def _docs() -> tuple[list[list[dict[str, float]]], list[list[str]]]:
    # "it" is Action after an "asked" unit and Result after a "fell" unit: only the transition
    # from the neighbour's label tells them apart, which a unit classifier cannot see.
    x = [
        [{"w=asked": 1.0}, {"w=it": 1.0}],
        [{"w=fell": 1.0}, {"w=it": 1.0}],
        [{"w=asked": 1.0}, {"w=did": 1.0}, {"w=fell": 1.0}],
    ] * 6
    y = [["task", "action"], ["result", "result"], ["task", "action", "result"]] * 6
    return x, y


def test_a_crf_uses_the_neighbouring_label() -> None:
    x, y = _docs()
    crf = CrfScorer.train(x, y, order=["task", "action", "result"])
    after_task = crf.predict_proba([{"w=asked": 1.0}, {"w=it": 1.0}])
    after_result = crf.predict_proba([{"w=fell": 1.0}, {"w=it": 1.0}])
    assert after_task[1].argmax() == 1  # action
    assert after_result[1].argmax() == 2  # result
    assert np.allclose(after_task.sum(axis=1), 1.0)


def test_crf_training_does_not_depend_on_the_order_of_feature_keys() -> None:
    rng = np.random.default_rng(5)
    x = [[{f"w={w}": 1.0 for w in rng.choice(40, size=6, replace=False)} for _ in range(4)] for _ in range(30)]
    y = [[str(rng.choice(["task", "action", "result"])) for _ in range(4)] for _ in range(30)]
    reordered = [[dict(reversed(list(f.items()))) for f in doc] for doc in x]
    assert CrfScorer.train(x, y).model == CrfScorer.train(reordered, y).model


def test_crf_columns_follow_the_given_order_and_unseen_labels_get_zero() -> None:
    x, y = _docs()
    crf = CrfScorer.train(x, y, order=["other", "result", "action", "task"])
    proba = crf.predict_proba([{"w=asked": 1.0}])
    assert proba.shape == (1, 4)
    assert proba[0, 0] == 0.0 and proba[0].argmax() == 3
    assert crf.predict_proba([]).shape == (0, 4)


def test_crf_survives_pickling_with_the_same_probabilities() -> None:
    x, y = _docs()
    crf = CrfScorer.train(x, y, order=["task", "action", "result"])
    before = crf.predict_proba(x[2])
    buf = io.BytesIO()
    joblib.dump(crf, buf)
    buf.seek(0)
    assert np.allclose(joblib.load(buf).predict_proba(x[2]), before)


def test_crf_training_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="2 feature dicts but 1 labels"):
        CrfScorer.train([[{"a": 1.0}, {"b": 1.0}]], [["task"]])
    with pytest.raises(ValueError, match=r"\['result'\] are not in the label order"):
        CrfScorer.train([[{"a": 1.0}]], [["result"]], order=["task"])


def test_the_crf_family_trains_compacts_and_predicts_inside_the_segmenter() -> None:
    x, y = _docs()
    model = UnitSequenceModel(family="crf", C=1.0, transition_weight=0.0, prior_weight=0.0).fit(x, y).compact()
    labels, conf = model.predict([{"w=fell": 1.0}, {"w=it": 1.0}])
    assert labels == ["result", "result"]
    assert all(0.5 < c <= 1.0 for c in conf)
    with pytest.raises(ValueError, match="'crf'"):
        UnitSequenceModel(family="hmm")
