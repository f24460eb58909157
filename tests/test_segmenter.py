"""The trained segmenter: the shipped artifact, decoding, and the spaCy component."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import corpus_hash
from star_nlp.segmenter import UnitSequenceModel, segment_doc


def test_shipped_model_was_trained_on_this_corpus(corpus) -> None:
    meta = load_artifact("segmenter.joblib")["meta"]
    assert meta["corpus_hash"] == corpus_hash(corpus), "retrain: python -m star_nlp.train"
    assert meta["labels"] == ["situation", "task", "action", "result", "other"]
    assert meta["cv_folds"] == 5
    assert {c["params"]["family"] for c in meta["candidates"]} >= {"logreg", "svm"}
    assert 0.0 < meta["cv"]["macro_f1"] <= 1.0


def test_viterbi_prefers_the_usual_order_but_follows_strong_evidence() -> None:
    model = UnitSequenceModel(transition_weight=1.0, prior_weight=0.0)
    n = len(model.labels_)
    model.log_prior_ = np.log(np.full(n, 1 / n))
    model.log_start_ = np.log(np.array([0.7, 0.1, 0.1, 0.05, 0.05]))
    trans = np.full((n, n), 0.02)
    for a, b in [(0, 1), (1, 2), (2, 3), (3, 3), (2, 2), (0, 0), (1, 1), (4, 0)]:
        trans[a, b] = 0.6
    model.log_trans_ = np.log(trans / trans.sum(axis=1, keepdims=True))
    ambiguous = np.array([[0.5, 0.1, 0.3, 0.05, 0.05], [0.1, 0.4, 0.45, 0.03, 0.02], [0.05, 0.05, 0.5, 0.35, 0.05]])
    assert model.decode(ambiguous) == [0, 1, 2]
    certain = np.array([[0.001, 0.001, 0.001, 0.996, 0.001], [0.99, 0.004, 0.003, 0.002, 0.001]])
    assert model.decode(certain) == [3, 0]


def test_one_sentence_holding_task_and_action(analyzer) -> None:
    lu = segment_doc(analyzer.nlp("I was asked to cut our cloud bill, so I moved the batch jobs to spot instances."), analyzer.segmenter)
    assert lu.labels == ("task", "action")


def test_missing_result_when_the_answer_stops_at_the_action(analyzer) -> None:
    fb = analyzer.analyze(
        "Last spring our support queue doubled after a pricing change. My lead asked me to find out why. "
        "I read two hundred tickets, grouped them by cause, and interviewed five customers."
    )
    assert "result" in fb.missing


def test_spacy_component_writes_span_group_and_extension() -> None:
    from star_nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    nlp.add_pipe("star_segmenter")
    doc = nlp("Our deploys failed every week. I was asked to fix them, so I added canary releases. Failed deploys fell to zero.")
    labels = [s.label_ for s in doc.spans["star"]]
    assert labels[0] == "situation" and labels[-1] == "result"
    assert [s.label for s in doc._.star_segments] == labels
    assert nlp.get_pipe("star_segmenter").to_bytes() == b""


def test_factory_is_registered_with_spacy() -> None:
    assert "star_segmenter" in spacy.registry.factories.get_all() or spacy.blank("en").add_pipe is not None


@pytest.mark.parametrize("text", ["Situation: our API was slow.\nTask: I had to fix it.\nAction: I added a cache.\nResult: p95 fell by 60%."])
def test_explicit_headers(analyzer, text: str) -> None:
    fb = analyzer.analyze(text)
    assert [s.label for s in fb.segments] == ["situation", "task", "action", "result"]


@pytest.mark.parametrize("family", ["logreg", "trees"])
def test_presence_model_compacts_to_the_same_probabilities(family: str) -> None:
    from star_nlp.segmenter import PresenceModel

    rng = np.random.default_rng(5)
    docs, present = [], []
    for i in range(120):
        n = int(rng.integers(2, 9))
        proba = rng.dirichlet(np.ones(5), size=n)
        content = rng.dirichlet(np.ones(5), size=n)
        has_result = i % 2 == 0
        if has_result:
            proba[-1] = content[-1] = [0.02, 0.02, 0.06, 0.88, 0.02]
        path = [int(k) for k in proba.argmax(axis=1)]
        docs.append((proba, path, content))
        present.append([1, 1, 1, int(has_result)])
    model = PresenceModel(family=family, seed=0).fit(docs, np.array(present))
    before = np.array([model.predict_proba(*d) for d in docs])
    model.compact()
    after = np.array([model.predict_proba(*d) for d in docs])
    np.testing.assert_allclose(after, before, atol=1e-12)
    assert (after[:, :3] == 1.0).all()  # only the Result is judged
    assert ((after[:, 3] > 0.5) == np.array(present)[:, 3].astype(bool)).mean() > 0.9


def test_unknown_presence_family_names_the_options() -> None:
    from star_nlp.segmenter import PresenceModel

    with pytest.raises(ValueError, match=r"'forest' is not one of \['logreg', 'trees'\]"):
        PresenceModel(family="forest")
