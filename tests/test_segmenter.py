"""The trained segmenter: the shipped artifact, decoding, and the spaCy component."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import corpus_hash
from star_nlp.features import unit_features
from star_nlp.segmenter import UnitSequenceModel, segment_doc
from star_nlp.units import split_units


def test_shipped_model_was_trained_on_this_corpus(corpus) -> None:
    meta = load_artifact("segmenter.joblib")["meta"]
    assert meta["corpus_hash"] == corpus_hash(corpus), "retrain: python -m star_nlp.train"
    assert meta["labels"] == ["situation", "task", "action", "result", "other"]
    assert meta["cv_folds"] == 5
    assert {c["params"]["family"] for c in meta["candidates"]} >= {"logreg", "svm", "crf"}
    assert 0.0 < meta["cv"]["macro_f1"] <= 1.0
    # the shipped Task decision is recorded next to the same folds without it
    assert set(meta["presence_without_task"]) >= {"macro_f1", "complete_kept_complete", "taskless_credited_task"}
    assert 0.0 <= meta["cv"]["taskless_credited_task"] <= 1.0


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


def test_missing_result_when_the_answer_stops_at_the_action(analyzer) -> None:
    fb = analyzer.analyze(
        "Last spring our support queue doubled after a pricing change. My lead asked me to find out why. "
        "I read two hundred tickets, grouped them by cause, and interviewed five customers."
    )
    assert "result" in fb.missing


# Two texts of the single-text tests that the behaviour sets replaced (tests/test_behaviours.py, rule 13);
# benchmarks/pinned_stability.py still reads them.
RESUME_REGISTER_STEPS = (
    "Ran the returns desk for a 12-store garden retailer. Refund disputes took nine days on average and regional "
    "managers were escalating weekly. Needed the average under four days before the spring rush. Mapped every step "
    "a dispute went through and found three sign-offs nobody read. Removed two of them with finance's agreement and "
    "gave store leads a refund limit of 150 pounds. Trained the desk on the new flow over two lunchtimes."
)
RESUME_REGISTER_RESULT = "Brought the average down to three days by April. Escalations stopped entirely."


NOTES_REGISTER_STEPS = (
    "Context: a bakery chain with 14 shops; I ran the ordering desk. Goal: bread waste under 10% before the spring "
    "budget review. First, two weeks of tallies from every shop. Then a new order sheet by weekday and weather. "
    "Daily calls with the three worst shops."
)


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


def test_absent_parts_judges_the_result_against_the_cut() -> None:
    from star_nlp.segmenter import absent_parts

    result = 3
    p = np.array([1.0, 1.0, 1.0, 0.4])
    assert absent_parts(p, [0, 2, 3]) == [result]  # under the default 0.5
    assert absent_parts(p, [0, 2, 3], cut=0.3) == []
    assert absent_parts(p, [0, 2], cut=0.9) == []  # nothing decoded to take away
    assert absent_parts(p, [3, 3], cut=0.9) == []  # it would leave nothing


@pytest.mark.parametrize("cut", [0.0, 1.0, -0.2, 1.5])
def test_a_result_cut_outside_zero_and_one_is_refused(cut: float) -> None:
    from star_nlp.segmenter import PresenceModel

    with pytest.raises(ValueError, match=rf"result_cut {cut!r} is not between 0 and 1"):
        PresenceModel(result_cut=cut)


def test_the_presence_models_result_cut_decides_what_is_withdrawn(analyzer) -> None:
    import copy

    # a whole answer whose decoding puts its Result last: with the cut above the presence model's probability
    # the Result is taken back, with the cut below it the Result is kept
    from .behaviours import result_presence

    model = copy.deepcopy(analyzer.segmenter)
    doc = analyzer.nlp(RESUME_REGISTER_STEPS + " " + RESUME_REGISTER_RESULT)
    features = unit_features(doc, split_units(doc))
    p_result, decoded = result_presence(model, doc)
    assert decoded and decoded[-1] == len(features) - 1
    assert getattr(analyzer.segmenter.presence_, "result_cut", 0.5) == 0.5  # the shipped cut
    model.presence_.result_cut = (p_result + 1.0) / 2
    labels, _, withdrawn = model.predict_withdrawn(features)
    assert withdrawn == decoded and "result" not in labels
    model.presence_.result_cut = p_result / 2
    assert model.predict_withdrawn(features)[2] == [] and model.predict(features)[0][-1] == "result"


def _path_score(model: UnitSequenceModel, proba: np.ndarray, path: list[int]) -> float:
    emit = np.log(np.clip(proba, 1e-9, 1.0)) - model.prior_weight * model.log_prior_
    tw = model.transition_weight
    return float(emit[0, path[0]] + tw * model.log_start_[path[0]]
                 + sum(emit[t, path[t]] + tw * model.log_trans_[path[t - 1], path[t]] for t in range(1, len(path))))


def test_decoding_with_a_required_label_finds_the_best_path_that_uses_it(analyzer) -> None:
    import itertools

    model = analyzer.segmenter
    rng = np.random.default_rng(11)
    for trial in range(40):
        n = int(rng.integers(2, 6))
        proba = rng.dirichlet(np.ones(5) * 0.5, size=n)
        forbidden = [3] if trial % 2 else []
        path = model.decode(proba, forbidden=forbidden, required=1)
        allowed = [k for k in range(5) if k not in forbidden]
        best = max((list(p) for p in itertools.product(allowed, repeat=n) if 1 in p), key=lambda p: _path_score(model, proba, p))
        assert 1 in path and 3 not in (path if forbidden else [])
        assert _path_score(model, proba, path) == pytest.approx(_path_score(model, proba, best))
        free = model.decode(proba)
        unconstrained = max((list(p) for p in itertools.product(range(5), repeat=n)), key=lambda p: _path_score(model, proba, p))
        assert _path_score(model, proba, free) == pytest.approx(_path_score(model, proba, unconstrained))


def test_required_part_only_adds_a_part_judged_present_and_not_decoded() -> None:
    from star_nlp.segmenter import required_part

    task = 1
    assert required_part(np.array([1.0, 0.8, 1.0, 1.0]), [0, 2, 3]) == task
    assert required_part(np.array([1.0, 0.3, 1.0, 1.0]), [0, 2, 3]) is None  # judged absent
    assert required_part(np.array([1.0, 0.8, 1.0, 1.0]), [0, 1, 2]) is None  # already decoded
    assert required_part(np.array([1.0, 0.8, 1.0, 1.0]), [2]) is None  # a one-unit answer
    assert required_part(np.array([1.0, 0.8, 1.0, 1.0]), [0, 2], ensured=()) is None


def test_presence_model_trains_each_part_on_the_documents_judged_for_it() -> None:
    from star_nlp.segmenter import PresenceModel

    rng = np.random.default_rng(3)
    docs, present = [], []
    for i in range(80):
        proba = rng.dirichlet(np.ones(5), size=4)
        docs.append((proba, [int(k) for k in proba.argmax(axis=1)], proba))
        present.append([1, i % 2, 1, (i // 2) % 2])
    present_arr = np.array(present)
    judged = np.ones_like(present_arr, dtype=bool)
    judged[:, 1] = np.arange(80) % 2 == 0  # every judged document has a Task: nothing to learn
    model = PresenceModel(family="logreg").fit(docs, present_arr, judged)
    assert [m is not None for m in model.models_] == [False, False, False, True]
    model = PresenceModel(family="logreg").fit(docs, present_arr)
    assert [m is not None for m in model.models_] == [False, True, False, True]
    assert [m is not None for m in PresenceModel(family="logreg", ensured=()).fit(docs, present_arr).models_] == [False, False, False, True]


def test_sequence_likelihood_is_a_distribution_over_label_paths(analyzer) -> None:
    import itertools

    model = analyzer.segmenter
    rng = np.random.default_rng(5)
    for n in (1, 2, 4):
        proba = rng.dirichlet(np.ones(5), size=n)
        lik = [np.exp(model.sequence_log_likelihood(proba, list(p))) for p in itertools.product(range(5), repeat=n)]
        assert sum(lik) == pytest.approx(1.0)
        # the decoded path is the most likely one
        assert model.sequence_log_likelihood(proba, model.decode(proba)) == pytest.approx(np.log(max(lik)))
    with pytest.raises(ValueError, match="gold has 2 labels for 3 units"):
        model.sequence_log_likelihood(np.full((3, 5), 0.2), [0, 1])


def test_end_scores_make_the_chain_know_where_answers_stop() -> None:
    import itertools

    # toy answers: a Situation, a run of Actions, then a Result; the unit features say little
    docs = [["situation", "action", "action", "action", "result"]] * 3
    feats = [[{"w": float(i % 2)} for i, _ in enumerate(d)] for d in docs]
    model = UnitSequenceModel(transition_weight=1.0, prior_weight=0.0).fit(feats, docs)
    ends = np.exp(model.log_end_)
    assert np.allclose(ends + np.exp(model.log_continue_), 1.0)
    res, act, sit = (model.labels_.index(x) for x in ("result", "action", "situation"))
    assert ends[res] == pytest.approx(4 / 9)  # (3 stops + 1) / (3 + 1 + 5 add-one transitions out)
    assert ends[res] > ends[act] and ends[res] > ends[sit]
    # the last unit reads a little more as an Action than as a Result, and Actions mostly follow Actions:
    # only end scores say that this unit ends the answer
    proba = np.array([[0.9, 0.025, 0.025, 0.025, 0.025], [0.05, 0.05, 0.8, 0.05, 0.05], [0.02, 0.02, 0.5, 0.44, 0.02]])
    assert model.decode(proba)[-1] == act
    model.end_scores = True
    assert model.decode(proba)[-1] == res
    lik = [np.exp(model.sequence_log_likelihood(proba, list(p))) for p in itertools.product(range(5), repeat=3)]
    assert sum(lik) == pytest.approx(1.0)
    assert model.sequence_log_likelihood(proba, model.decode(proba)) == pytest.approx(np.log(max(lik)))
    # a model pickled before end scores existed decodes as it always did
    del model.end_scores
    assert model.decode(proba)[-1] == act


def test_the_position_free_classifier_has_its_own_regularisation() -> None:
    docs = [["situation", "action", "result"]] * 4
    feats = [[{"w:met": 1.0, "rel_pos": 0.0}, {"w:fixed": 1.0, "rel_pos": 0.5}, {"w:fell": 1.0, "rel_pos": 1.0}]] * 4
    strong = UnitSequenceModel(C=1.0, content_C=100.0).fit(feats, docs)
    weak = UnitSequenceModel(C=1.0, content_C=0.01).fit(feats, docs)
    same = UnitSequenceModel(C=1.0).fit(feats, docs)  # None: the labeller's C
    res = strong.labels_.index("result")
    unit = [{"w:fell": 1.0, "rel_pos": 0.0}]
    assert strong.predict_content_proba(unit)[0, res] > 0.9 > 0.5 > weak.predict_content_proba(unit)[0, res]
    assert strong.content_classifier_.C == 100.0 and weak.content_classifier_.C == 0.01 and same.content_classifier_.C == 1.0
    # the labeller itself is the same whatever content_C is
    assert np.allclose(strong.predict_proba(unit), weak.predict_proba(unit))


def test_decoder_fit_chooses_end_scores_by_likelihood() -> None:
    from star_nlp.train import fit_decoder_weights

    docs = [["situation", "action", "result"]] * 3
    model = UnitSequenceModel().fit([[{"w": 1.0}] * 3] * 3, docs)
    unsure = np.array([[0.9, 0.025, 0.025, 0.025, 0.025], [0.05, 0.05, 0.8, 0.05, 0.05], [0.02, 0.02, 0.5, 0.44, 0.02]])
    oof = {"x": (unsure, [], np.zeros(0), model)}
    grid = [(1.0, 0.0)]
    ending = [{"id": "x", "labels": ["situation", "action", "result"]}]
    fit = fit_decoder_weights(ending, oof, grid, end_options=(False, True))
    assert fit["end_scores"] is True
    assert fit["best_with_end_scores"]["log_likelihood"] > fit["best_without_end_scores"]["log_likelihood"]
    # an answer that stops at its Action is more likely without them
    assert fit_decoder_weights([{"id": "x", "labels": ["situation", "action", "action"]}], oof, grid, end_options=(False, True))["end_scores"] is False
    assert "end_scores" not in fit_decoder_weights(ending, oof, grid)  # off unless asked for


def test_decoder_weights_are_fitted_on_held_out_likelihood() -> None:
    from star_nlp.train import fit_decoder_weights

    model = UnitSequenceModel()
    model.labels_ = ["a", "b"]
    model.log_start_ = model.log_prior_ = np.log(np.array([0.5, 0.5]))
    model.log_trans_ = np.log(np.array([[0.9, 0.1], [0.1, 0.9]]))
    # the unit classifier is right but unsure, and the gold labels follow the transitions: weight them
    sticky = {"s": (np.array([[0.6, 0.4]] * 4), [], np.zeros(0), model)}
    grid = [(tw / 2, 0.0) for tw in range(5)]
    assert fit_decoder_weights([{"id": "s", "labels": ["a"] * 4}], sticky, grid)["transition_weight"] == 2.0
    # the gold labels alternate against the transitions, as the confident classifier says: ignore them
    flips = {"f": (np.array([[0.9, 0.1], [0.1, 0.9]] * 2), [], np.zeros(0), model)}
    assert fit_decoder_weights([{"id": "f", "labels": ["a", "b"] * 2}], flips, grid)["transition_weight"] == 0.0
    # augmented copies are not fitted on
    with pytest.raises(ValueError, match="no written answers"):
        fit_decoder_weights([{"id": "f#stt", "labels": ["a", "b"] * 2}], {"f#stt": flips["f"]}, grid)


def test_shipped_artifact_records_each_viterbi_decoders_fitted_weights() -> None:
    meta = load_artifact("segmenter.joblib")["meta"]
    assert any(c["params"] == meta["params"] for c in meta["candidates"])
    assert meta["family_rule"] == {"incumbent": "logreg", "margin": 0.003}
    fitted = [c for c in meta["candidates"] if "decoder_fit" in c]
    assert {c["params"]["family"] for c in fitted} >= {"logreg", "svm"}
    for c in fitted:
        fit = c["decoder_fit"]
        assert (c["params"]["transition_weight"], c["params"]["prior_weight"]) == (fit["transition_weight"], fit["prior_weight"])
        assert fit["log_likelihood"] >= fit["hand_set"]["log_likelihood"]  # the hand-set weights are in the grid
        assert fit["answers"] == meta["corpus_answers"]
        assert fit["hand_set"]["params"]["family"] == c["params"]["family"]


def test_another_labeller_family_ships_only_past_the_margin() -> None:
    from star_nlp.train import choose_labeller

    def run(family: str, score: float) -> dict:
        return {"params": {"family": family}, "cv": {"macro_f1": score, "result_removed_flagged": score, "complete_kept_complete": score}}

    runs = [run("logreg", 0.920), run("logreg", 0.925), run("crf", 0.927), run("svm", 0.990)]
    assert choose_labeller(runs)["cv"]["macro_f1"] == 0.925  # the CRF's 0.002 is inside the margin; the SVM cannot ship
    assert choose_labeller(runs + [run("crf", 0.929)])["params"]["family"] == "crf"  # 0.004 is past it
    assert choose_labeller(runs, incumbent="crf")["params"]["family"] == "crf"
    with pytest.raises(ValueError, match="no candidate of a shippable family"):
        choose_labeller([run("svm", 0.9)])


def test_presence_folds_judge_every_answer_once() -> None:
    from star_nlp.train import presence_folds

    rng = np.random.default_rng(2)
    data, oof = [], {}
    for i in range(20):
        labels = ["situation", "task", "action"] + (["result"] if i % 2 else [])
        for suffix in ("", "#stt"):
            d = {"id": f"a{i}{suffix}", "group": f"a{i}", "labels": labels}
            proba = rng.dirichlet(np.ones(5), size=len(labels))
            data.append(d)
            oof[d["id"]] = (proba, [int(k) for k in proba.argmax(axis=1)], proba, None)
    seen: list[str] = []
    for presence, test_groups in presence_folds(data, oof, 5, presence_family="logreg"):
        seen += sorted(test_groups)
        assert presence.models_[3] is not None  # the Result model was fitted on the other folds
        assert len(test_groups) == 4
    assert sorted(seen) == sorted(f"a{i}" for i in range(20))  # each answer (and its copy) judged once

    # another split and a screened model of the caller's making
    from star_nlp.segmenter import PresenceModel

    made: list[PresenceModel] = []

    def make() -> PresenceModel:
        made.append(PresenceModel(family="trees", seed=0, ensured=()))
        return made[-1]

    other = [(p, sorted(g)) for p, g in presence_folds(data, oof, 5, seed=99, make_presence=make)]
    assert [p for p, _ in other] == made and len(made) == 5
    assert all(p.family == "trees" and p.models_[1] is None for p in made)  # Task not judged: ensured=()
    assert sorted(a for _, g in other for a in g) == sorted(seen)
    assert [g for _, g in other] != [sorted(g) for _, g in presence_folds(data, oof, 5, presence_family="logreg")]


def test_a_pipeline_without_the_trained_vectors_is_named_once(analyzer) -> None:
    import warnings

    import spacy

    from star_nlp.segmenter import pipeline_mismatch, vector_width

    assert vector_width(analyzer.segmenter) == 96
    assert vector_width(UnitSequenceModel().fit([[{"w": 1.0}, {"w": 0.0}]], [["situation", "action"]])) == 0
    assert pipeline_mismatch(analyzer.nlp, analyzer.segmenter) is None
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    with pytest.warns(UserWarning, match=r"not of en_pipeline; segments will be less accurate"):
        blank.add_pipe("star_segmenter")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # warned once, at construction: no warning per document
        doc = blank("Our deploys failed weekly. I added canary releases. Failures fell to zero.")
        assert [s.label_ for s in doc.spans["star"]]  # still segments, only less accurately
    # the shipped pipeline gets no warning, at construction or per document
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = spacy.load(analyzer.nlp.meta["lang"] + "_" + analyzer.nlp.meta["name"], exclude=["ner"])
        nlp.add_pipe("star_segmenter")
        assert nlp("I was asked to fix the loader, so I rewrote it.").spans["star"]


def test_extra_rows_teach_the_classifiers_but_not_the_chain() -> None:
    docs = [["situation", "action", "result"]] * 4
    feats = [[{"w:met": 1.0}, {"w:fixed": 1.0}, {"w:fell": 1.0}]] * 4
    # endings: a step then an outcome, with a word the answers never use
    extra = ([[{"w:rang": 1.0}, {"w:renewed": 1.0}]] * 6, [["action", "result"]] * 6)
    plain = UnitSequenceModel(C=1.0).fit(feats, docs)
    both = UnitSequenceModel(C=1.0).fit(feats, docs, extra=extra)
    res = both.labels_.index("result")
    unit = [{"w:renewed": 1.0}]
    assert both.predict_proba(unit)[0, res] > 0.5 and both.predict_content_proba(unit)[0, res] > 0.5
    assert np.allclose(plain.predict_proba(unit), plain.predict_proba([{}]))  # unseen word: no evidence
    # the decoder's counts are the answers' alone: every answer opens with the Situation
    for name in ("log_trans_", "log_start_", "log_prior_", "log_end_", "log_continue_"):
        assert np.allclose(getattr(both, name), getattr(plain, name)), name


def test_a_document_weight_counts_like_repeating_the_document() -> None:
    docs = [["situation", "action", "result"], ["task", "action", "action"], ["situation", "result"]]
    feats = [[{"w:met": 1.0}, {"w:fixed": 1.0}, {"w:fell": 1.0}], [{"w:asked": 1.0}, {"w:fixed": 1.0}, {"w:fell": 1.0}],
             [{"w:met": 1.0}, {"w:fell": 1.0}]]
    weighted = UnitSequenceModel(C=1.0).fit(feats, docs, weights=[1.0, 2.0, 1.0])
    repeated = UnitSequenceModel(C=1.0).fit(feats + [feats[1]], docs + [docs[1]])
    plain = UnitSequenceModel(C=1.0).fit(feats, docs)
    unit = [{"w:fell": 1.0}]
    assert np.allclose(weighted.predict_proba(unit), repeated.predict_proba(unit), atol=1e-4)
    assert np.allclose(weighted.predict_content_proba(unit), repeated.predict_content_proba(unit), atol=1e-4)
    # the second answer's "fell" is an Action: weighting it up moves the reading towards Action
    act = plain.labels_.index("action")
    assert weighted.predict_proba(unit)[0, act] > plain.predict_proba(unit)[0, act]
    for name in ("log_trans_", "log_start_", "log_prior_", "log_end_", "log_continue_"):
        assert np.allclose(getattr(weighted, name), getattr(repeated, name)), name


@pytest.mark.parametrize(("family", "weights", "message"), [
    ("logreg", [1.0, 1.0], r"weights must be 3 positive numbers, one per document; got 2"),
    ("logreg", [1.0, 0.0, 1.0], r"weights must be 3 positive numbers, one per document; got 3 with minimum 0.0"),
    ("crf", [1.0, 1.0, 1.0], r"family 'crf' takes no document weights; use one of \['logreg', 'svm'\]"),
])
def test_bad_document_weights_are_refused(family, weights, message) -> None:
    docs = [["situation", "action", "result"]] * 3
    feats = [[{"w:met": 1.0}, {"w:fixed": 1.0}, {"w:fell": 1.0}]] * 3
    with pytest.raises(ValueError, match=message):
        UnitSequenceModel(family=family, C=1.0).fit(feats, docs, weights=weights)


def test_chain_weights_of_another_length_are_refused() -> None:
    with pytest.raises(ValueError, match=r"weights must be 2 numbers, one per document; got 1"):
        UnitSequenceModel().fit_chain([["situation", "result"], ["action"]], weights=[2.0])


def _sentence_chained() -> UnitSequenceModel:
    """Toy answers: the Action's sentence goes on into its effect ("..., which cut it by half, so
    ..."), and the next sentence goes back to an Action after the Result."""
    docs = [["situation", "action", "result", "result", "action"]] * 4
    breaks = [np.array([True, True, False, False, True])] * 4
    return UnitSequenceModel(transition_weight=1.0, prior_weight=0.0, sentence_chain=True).fit_chain(docs, breaks=breaks)


def test_a_sentence_chain_counts_steps_inside_a_sentence_apart_from_steps_across_one() -> None:
    model = _sentence_chained()
    act, res = model.labels_.index("action"), model.labels_.index("result")
    within, across = np.exp(model.log_trans_within_), np.exp(model.log_trans_across_)
    # Action -> Result happened 4 times inside a sentence, never across; Result -> Action 4 times across, never
    # inside (where a Result went on as a Result 4 times); add-one counts
    assert within[act, res] == pytest.approx(5 / 9) and across[act, res] == pytest.approx(1 / 5)
    assert across[res, act] == pytest.approx(5 / 9) and within[res, act] == pytest.approx(1 / 9)
    # the one chain still counts every step: from a Result, 4 to an Action and 4 to a Result
    assert np.exp(model.log_trans_[res, act]) == pytest.approx(5 / 13)
    with pytest.raises(ValueError, match="breaks must be 4 entries, one per document; got 1"):
        model.fit_chain([["action"]] * 4, breaks=[None])


def test_a_sentence_chain_decodes_a_step_by_whether_it_crosses_a_sentence_boundary() -> None:
    model = _sentence_chained()
    act, res = model.labels_.index("action"), model.labels_.index("result")
    # a Result, then a unit that reads a little more as an Action than as a Result
    proba = np.array([[0.02, 0.02, 0.02, 0.92, 0.02], [0.02, 0.02, 0.5, 0.44, 0.02]])
    assert model.decode(proba, breaks=np.array([True, False]))[-1] == res  # inside the Result's sentence
    assert model.decode(proba, breaks=np.array([True, True]))[-1] == act  # a new sentence
    assert model.decode(proba)[-1] == act  # without breaks: the one chain
    with pytest.raises(ValueError, match="breaks has 3 flags for 2 units"):
        model.decode(proba, breaks=np.array([True, False, True]))


def test_a_sentence_chain_keeps_the_likelihood_a_distribution_and_the_required_part_exact() -> None:
    import itertools

    model = _sentence_chained()
    rng = np.random.default_rng(17)
    for n in (2, 3, 4):
        proba = rng.dirichlet(np.ones(5), size=n)
        breaks = np.array([True] + [bool(b) for b in rng.integers(0, 2, size=n - 1)])
        lik = {p: np.exp(model.sequence_log_likelihood(proba, list(p), breaks=breaks)) for p in itertools.product(range(5), repeat=n)}
        assert sum(lik.values()) == pytest.approx(1.0)
        assert lik[tuple(model.decode(proba, breaks=breaks))] == pytest.approx(max(lik.values()))
        # with a part required, the best path among those using it
        path = model.decode(proba, required=1, breaks=breaks)
        assert 1 in path
        assert lik[tuple(path)] == pytest.approx(max(v for p, v in lik.items() if 1 in p))


def test_breaks_come_from_the_units_features_and_only_for_written_answers_of_a_sentence_chain() -> None:
    features = [{"sent_start": 1.0}, {}, {"sent_start": 1.0}]
    assert UnitSequenceModel(sentence_chain=True).breaks(features).tolist() == [True, False, True]
    assert UnitSequenceModel().breaks(features) is None
    assert UnitSequenceModel(sentence_chain=True).breaks([{**f, "transcript": 1.0} for f in features]) is None
    assert UnitSequenceModel(sentence_chain=True).breaks([]) is None


def test_a_sentence_chain_is_learned_from_parsed_answers(nlp) -> None:
    text = "Our tests were slow. I cached the builds, which halved the run time. Then I split the suite."
    doc = nlp(text)
    units = split_units(doc)
    features = unit_features(doc, units)
    model = UnitSequenceModel(sentence_chain=True)
    assert model.breaks(features).tolist() == [u.start == u.sent.start for u in units]
    assert model.breaks(features).tolist().count(False) >= 1  # "which halved the run time" goes on inside its sentence


def test_the_shipped_decoder_knows_a_sentence_seldom_goes_back_from_a_result_to_an_action(analyzer) -> None:
    # rule 25 (session 34): the shipped Viterbi decoder counts steps inside a sentence apart from steps across one
    model = analyzer.segmenter
    assert model.sentence_chain
    act, res, sit, task = (model.labels_.index(x) for x in ("action", "result", "situation", "task"))
    within, across = np.exp(model.log_trans_within_), np.exp(model.log_trans_across_)
    assert within[res, act] < 0.02 < across[res, act]
    assert within[res, res] > across[res, res] and within[sit, task] < across[sit, task]
