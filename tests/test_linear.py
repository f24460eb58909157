"""The numpy scorers reproduce the scikit-learn estimators they are exported from."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline

from star_nlp.linear import SparseLinearScorer, TfidfMultiLabelScorer


def test_sparse_scorer_matches_logistic_regression(corpus) -> None:
    rng = np.random.default_rng(0)
    feats = [{f"w={w.lower()}": 1.0 for w in str(r["text"]).split()[:30]} | {"len": len(str(r["text"])) / 1000} for r in corpus[:80]]
    y = rng.integers(0, 3, size=len(feats))
    vec = DictVectorizer()
    model = LogisticRegression(max_iter=2000).fit(vec.fit_transform(feats), y)
    scorer = SparseLinearScorer.from_sklearn(vec, model)
    unseen = feats[:10] + [{"w=never-seen-feature": 1.0}, {}]
    np.testing.assert_allclose(scorer.predict_proba(unseen), model.predict_proba(vec.transform(unseen)), atol=1e-12)
    binary = LogisticRegression(max_iter=2000).fit(vec.transform(feats), y == 1)
    np.testing.assert_allclose(SparseLinearScorer.from_sklearn(vec, binary).predict_proba(unseen),
                               binary.predict_proba(vec.transform(unseen)), atol=1e-12)


def test_tfidf_scorer_matches_the_pipeline(corpus) -> None:
    texts = [str(r["text"]) for r in corpus[:120]]
    y = np.array([[int(c in r["competencies"]) for c in ("problem_solving", "communication", "teamwork")] for r in corpus[:120]])
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                         OneVsRestClassifier(LogisticRegression(max_iter=2000))).fit(texts, y)
    scorer = TfidfMultiLabelScorer.from_sklearn(pipe)
    probe = texts[:15] + ["Completely unrelated words: zebra quasar!", ""]
    np.testing.assert_allclose(scorer.predict_proba(probe), pipe.predict_proba(probe), atol=1e-12)


def test_scorers_round_trip_through_joblib_with_a_packed_vocabulary(tmp_path) -> None:
    import joblib

    scorer = SparseLinearScorer({"w=ütf": 2, "b=a_b": 0, "len": 1}, np.arange(6.0).reshape(2, 3), np.zeros(2), np.array([0, 1]))
    path = tmp_path / "s.joblib"
    joblib.dump(scorer, path)
    back = joblib.load(path)
    assert back.vocabulary == {"w=ütf": 2, "b=a_b": 0, "len": 1}
    probe = [{"w=ütf": 1.0, "len": 0.5}, {}]
    np.testing.assert_array_equal(back.predict_proba(probe), scorer.predict_proba(probe))
    tfidf = TfidfMultiLabelScorer({"cut costs": 1, "costs": 0}, np.ones(2), np.ones((3, 2)), np.zeros(3))
    joblib.dump(tfidf, path)
    assert joblib.load(path).vocabulary == {"cut costs": 1, "costs": 0}


def test_a_feature_name_holding_the_separator_is_refused(tmp_path) -> None:
    import joblib

    scorer = SparseLinearScorer({"w=a\x00b": 0}, np.ones((1, 1)), np.zeros(1), np.array([0, 1]))
    with pytest.raises(ValueError, match="NUL"):
        joblib.dump(scorer, tmp_path / "s.joblib")


def test_equal_vocabularies_pack_to_equal_bytes_whatever_their_insertion_order() -> None:
    import pickle

    coef, intercept, classes = np.array([[1.0, -2.0, 0.5]]), np.array([0.1]), np.array([0, 1])
    one = SparseLinearScorer({"a": 0, "b": 1, "c": 2}, coef, intercept, classes)
    other = SparseLinearScorer({"c": 2, "a": 0, "b": 1}, coef, intercept, classes)
    assert pickle.dumps(one) == pickle.dumps(other)
    assert pickle.loads(pickle.dumps(other)).vocabulary == {"a": 0, "b": 1, "c": 2}
